// Shared plumbing for the browser tests: the real production build served by `vite preview`,
// headless Chromium from the system, and a record of every request and console error.
import { join, resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'test/fixtures/ui');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export interface App {
  url: string;
  origin: string;
  browser: Browser;
  /** Every URL any page of any context asked for, for the whole run. */
  requests: string[];
  /** Console errors and uncaught page errors, for the whole run. */
  errors: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Serves the run's production build (test/ui/global-setup.ts) and opens Chromium. */
export async function startApp(outDir: string = inject('appDist')): Promise<App> {
  const configFile = join(ROOT, 'vite.config.ts');
  const server: PreviewServer = await preview({
    root: ROOT,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const requests: string[] = [];
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];

  return {
    url,
    origin: new URL(url).origin,
    browser,
    requests,
    errors,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      contexts.push(context);
      // On the context: it also sees requests made by workers (DuckDB's wasm).
      context.on('request', (request) => requests.push(request.url()));
      const page = await context.newPage();
      // A slow or busy machine (CI on 2 cores) must not turn a wait into a failure.
      page.setDefaultTimeout(60_000);
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await new Promise<void>((done) => server.httpServer.close(() => done()));
    },
  };
}

/** Opens the app and waits until the demo's figures are on screen. */
export async function openApp(app: App, page: Page): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor({ timeout: 90_000 });
  await idle(page);
}

/** Waits until no operation on the assessment is queued or running. */
export async function idle(page: Page): Promise<void> {
  await page.locator('main[aria-busy="false"]').waitFor({ timeout: 60_000 });
}

/** Clicks a view in the navigation, as a user would, and waits for its heading. */
export async function go(page: Page, view: string, heading = view): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: new RegExp(`^${view}`) }).click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().innerText()).trim();
}

/** Picks a fixture file in the input labelled `label` and waits for the import to settle. */
export async function pick(page: Page, label: string, file: string, wait = true): Promise<void> {
  await page.getByLabel(label, { exact: true }).setInputFiles(join(FIXTURES, file));
  if (wait) await idle(page);
}
