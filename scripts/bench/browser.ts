// Browser plumbing for the bench: the built app (and the bench page) served by `vite preview`,
// headless Chromium from the system, the renderer process of each page (for its memory), and
// the in-page recorder of long tasks, busy changes and the first figures on screen.
import { readFile, readdir, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export interface BuiltApp {
  outDir: string;
  url: string;
  benchUrl: string;
  /** Every JS file of the build: raw and gzipped bytes, by path under outDir. */
  js: Record<string, { bytes: number; gzip: number }>;
  buildMs: number;
  close(): Promise<void>;
}

/** Builds the app at `root` (its own vite.config.ts) and the bench page beside it, and serves both. */
export async function buildAndServe(root: string): Promise<BuiltApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'mesh-readiness-bench-build-'));
  const started = performance.now();
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const buildMs = performance.now() - started;
  // The bench page: the same DuckDB-WASM package and engine sources, built on their own so that
  // the app's chunks stay exactly what `npm run build` makes.
  await build({
    root,
    configFile: false,
    base: './',
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: join(outDir, 'bench-page'),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 5000,
      rollupOptions: { input: join(root, 'scripts/bench/page/index.html') },
    },
  });
  const server: PreviewServer = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  const js: BuiltApp['js'] = {};
  for (const file of await walk(outDir)) {
    if (!file.endsWith('.js') || file.includes('bench-page')) continue;
    const bytes = await readFile(file);
    js[relative(outDir, file)] = { bytes: bytes.byteLength, gzip: gzipSync(bytes).byteLength };
  }
  return {
    outDir,
    url,
    benchUrl: `${url}bench-page/scripts/bench/page/index.html`,
    js,
    buildMs,
    async close() {
      await new Promise<void>((done) => server.httpServer.close(() => done()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

export async function launch(): Promise<{ browser: Browser; cdp: CDPSession }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A bench measures one page at a time: no pre-spawned spare renderer to confuse the count.
      '--disable-features=SpareRendererForSitePerProcess',
    ],
  });
  const cdp = await browser.newBrowserCDPSession();
  return { browser, cdp };
}

async function rendererPids(cdp: CDPSession): Promise<Set<number>> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  return new Set(processInfo.filter((p) => p.type === 'renderer').map((p) => p.id));
}

async function status(pid: number): Promise<{ rss: number; hwm: number } | null> {
  try {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** What a page's renderer process held: sampled resident memory and the kernel's high-water mark. */
export interface MemoryReport {
  /** Peak resident set size of the tab's renderer process (VmHWM), bytes. */
  peakRss: number;
  /** Highest JSHeapUsedSize of the page's main thread seen (CDP Performance.getMetrics), bytes. */
  peakJsHeap: number;
}

export interface BenchPage {
  page: Page;
  context: BrowserContext;
  /** Samples memory until `stop`. */
  memory(): Promise<MemoryReport>;
  close(): Promise<MemoryReport>;
}

/** A page in a context of its own (its own renderer process, empty cache), with memory sampling. */
export async function openPage(browser: Browser, cdp: CDPSession, init?: string): Promise<BenchPage> {
  const before = await rendererPids(cdp);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (init) await context.addInitScript({ content: init });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  await page.goto('about:blank');
  const pids = [...(await rendererPids(cdp))].filter((pid) => !before.has(pid));
  const session = await context.newCDPSession(page);
  await session.send('Performance.enable');
  let peakRss = 0;
  let peakJsHeap = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const pid of pids) {
        const s = await status(pid);
        if (s) peakRss = Math.max(peakRss, s.hwm, s.rss);
      }
      try {
        const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
        peakJsHeap = Math.max(peakJsHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      } catch {
        // the page is closing
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  const report = async (): Promise<MemoryReport> => {
    for (const pid of pids) {
      const s = await status(pid);
      if (s) peakRss = Math.max(peakRss, s.hwm);
    }
    return { peakRss, peakJsHeap };
  };
  return {
    page,
    context,
    memory: report,
    async close() {
      const out = await report();
      sampling = false;
      await sampler;
      await context.close().catch(() => undefined);
      return out;
    },
  };
}

/**
 * Installed before the app's own scripts: records long tasks, every `change` event (the moment
 * files are chosen or a field is committed), each change of `main[aria-busy]`, and the first
 * moment the overall score shows a figure. Times are `performance.now()` of the page.
 */
export const RECORDER = `
(() => {
  const b = (window.__bench = { longtasks: [], changes: [], busy: [], firstFigures: null, waiters: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  document.addEventListener('change', (e) => {
    const t = e.target;
    b.changes.push([performance.now(), (t && t.id) || '', (t && t.type) || '']);
  }, true);
  let busy = null;
  const check = () => {
    const main = document.querySelector('main[aria-busy]');
    if (main) {
      const value = main.getAttribute('aria-busy');
      if (value !== busy) {
        busy = value;
        b.busy.push([performance.now(), value]);
        for (const w of b.waiters.splice(0)) w();
      }
    }
    if (b.firstFigures === null) {
      const score = document.querySelector('[data-testid="overall-score"]');
      if (score && /\\d/.test(score.textContent || '')) b.firstFigures = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true, attributeFilter: ['aria-busy'] });
})();
`;
