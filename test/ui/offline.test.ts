// Offline for good: after one visit the service worker serves every file of the app (DuckDB's
// wasm and worker, the demo) with no network at all, and an assessment runs. A new version of the
// app announces itself and, on **Update**, takes over without losing the saved assessment.
//
// Its own harness (test/ui/app.ts builds once): the app is built a second time into the same
// directory, with another version, while the page stays open.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FIXTURES, go, idle, ROOT, SCREENSHOTS, text } from './app.ts';

const configFile = join(ROOT, 'vite.config.ts');
let outDir: string;
let server: PreviewServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let url: string;
const errors: string[] = [];
const failed: string[] = [];

async function buildApp(version: string): Promise<void> {
  await build({
    root: ROOT,
    configFile,
    logLevel: 'warn',
    define: { __APP_VERSION__: JSON.stringify(version) },
    build: { outDir, emptyOutDir: true },
  });
}

async function settled(p: Page): Promise<void> {
  await idle(p);
  await p.getByTestId('save-status').filter({ hasText: /^✓ Saved$/ }).waitFor({ timeout: 90_000 });
}

async function figures(p: Page): Promise<void> {
  await p.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor({ timeout: 120_000 });
  await settled(p);
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'mesh-readiness-offline-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  await buildApp('1.0.0-first');
  server = await preview({
    root: ROOT,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  url = server.resolvedUrls!.local[0]!;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  context.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  if (server) await new Promise<void>((done) => server.httpServer.close(() => done()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('offline for good', () => {
  it('is controlled by its service worker after the first visit', { timeout: 240_000 }, async () => {
    await page.goto(url);
    await figures(page);
    // Everything is precached when the worker is active; the next load is served by it.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await figures(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    await go(page, 'Saved assessments');
    await expect.poll(() => page.getByTestId('offline-status').innerText()).toMatch(/^Ready/);
  });

  it('reloads with no network at all and runs an assessment', { timeout: 240_000 }, async () => {
    await context.setOffline(true);
    failed.length = 0;
    await page.reload();
    await go(page, 'Overview');
    await figures(page);
    expect(await text(page, 'organisation')).toBe('Northwind Commerce');

    // A file of one's own, read by DuckDB from the cache, offline.
    await go(page, 'Inputs');
    await page.getByLabel('Deployment log', { exact: true }).setInputFiles(join(FIXTURES, 'deployments.csv'));
    await settled(page);
    await go(page, 'Autonomy');
    expect(await text(page, 'autonomy-ratio')).toBe('0.75');
    await page.screenshot({ path: join(SCREENSHOTS, 'offline-autonomy-1280.png'), fullPage: true });
    expect(failed).toEqual([]);
    await context.setOffline(false);
  });

  it('announces a new version and updates without losing the saved assessment', { timeout: 300_000 }, async () => {
    const before = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src);
    await buildApp('1.0.1-next');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 120_000 });
    expect(await prompt.innerText()).toMatch(/A new version is available\.\s*Update/);
    await page.screenshot({ path: join(SCREENSHOTS, 'update-prompt-1280.png') });
    await Promise.all([page.waitForEvent('load', { timeout: 120_000 }), prompt.getByRole('button', { name: 'Update' }).click()]);
    await go(page, 'Overview');
    await figures(page);
    const after = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src);
    expect(after).not.toBe(before);
    // The assessment saved before the update is the one open after it.
    await go(page, 'Autonomy');
    expect(await text(page, 'autonomy-ratio')).toBe('0.75');
  });

  it('logged no error', () => {
    expect(errors).toEqual([]);
  });
});
