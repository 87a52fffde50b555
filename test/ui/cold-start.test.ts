// The first open: the demo's figures come from its snapshot (static/demo/snapshot.json, the
// engine's output written at build time) before DuckDB has started, and the engine's own figures
// that replace them are the same, in the same places. DuckDB is held back here by holding its
// wasm (fetched by its worker) until the snapshot's figures have been looked at.
//
// Each page gets a context of its own with service workers blocked: requests then reach the
// network, where the test holds them (a service worker would answer them itself).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';
import { readDemoSnapshot, type DemoSnapshot } from '../../src/ui/state/demo.ts';
import { go, idle, pick, SCREENSHOTS, startApp, text, type App } from './app.ts';

const WASM = /\/duckdb-eh-[^/]*\.wasm$/;

let app: App;
let snapshot: DemoSnapshot;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  app = await startApp();
  await mkdir(SCREENSHOTS, { recursive: true });
  snapshot = readDemoSnapshot(JSON.parse(await readFile(join(inject('appDist'), 'demo/snapshot.json'), 'utf8')))!;
  expect(snapshot).not.toBeNull();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await app?.close();
});

/** A page whose DuckDB wasm is held until `release()`. */
async function heldPage(context?: BrowserContext): Promise<{ page: Page; context: BrowserContext; release: () => void }> {
  const ctx = context ?? (await app.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block', acceptDownloads: true }));
  if (!context) contexts.push(ctx);
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await ctx.unroute(WASM).catch(() => undefined);
  await ctx.route(WASM, async (route) => {
    await held;
    await route.continue();
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => {
    // Blocking service workers is this test's own doing.
    if (/Service Worker registration blocked/.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return { page, context: ctx, release };
}

/** What the overview shows, in words, and where. */
async function overview(page: Page) {
  const ids = ['organisation', 'overall-score', 'level', 'verdict', 'phase', 'scale-test', 'pillar-table', 'pilot-domains'];
  const shown: Record<string, { text: string; box: { x: number; y: number; width: number; height: number } | null }> = {};
  for (const id of ids) {
    const element = page.getByTestId(id).first();
    shown[id] = { text: (await element.innerText()).trim(), box: await element.boundingBox() };
  }
  shown.header = { text: (await page.locator('header.header .facts').innerText()).trim(), box: await page.locator('header.header').boundingBox() };
  return shown;
}

async function chartsDrawn(page: Page): Promise<void> {
  for (const chart of await page.locator('.chart').all()) {
    await expect.poll(() => chart.locator('svg path').count(), { timeout: 60_000 }).toBeGreaterThan(3);
  }
}

describe('the first open', () => {
  it("shows the demo's figures from its snapshot before DuckDB starts, then the engine's: the same, in the same places", async () => {
    const { page, release } = await heldPage();
    await page.goto(app.url, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor();
    // DuckDB has not started (its wasm is held): these are the snapshot's figures.
    expect(await page.locator('main').getAttribute('aria-busy')).toBe('true');
    expect(await text(page, 'busy')).toBe('Starting DuckDB…');
    await chartsDrawn(page);
    await page.waitForTimeout(500); // chart animations settle
    const before = await overview(page);
    expect(before['overall-score']!.text).toBe(snapshot.metrics.maturity.overall!.toFixed(1));
    expect(before.organisation!.text).toBe('Northwind Commerce');
    expect(before.header!.text).toMatch(/^Demo data/);
    await page.screenshot({ path: join(SCREENSHOTS, 'cold-start-snapshot-1280.png') });

    release();
    await idle(page);
    await page.getByTestId('save-status').filter({ hasText: /Saved/ }).waitFor();
    expect(await page.getByTestId('busy').count()).toBe(0);
    const after = await overview(page);
    expect(after).toEqual(before);
    await page.screenshot({ path: join(SCREENSHOTS, 'cold-start-live-1280.png') });

    // The engine's metrics document is the snapshot's.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export metrics (JSON)' }).click(),
    ]);
    const exported = metricsSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(exported).toEqual(snapshot.metrics);
    // The input summary too, as the Inputs view lists it.
    await go(page, 'Inputs');
    for (const file of snapshot.summary.files) await page.getByText(file.fileName, { exact: true }).first().waitFor();
  });

  it('keeps what is changed before DuckDB is ready: the Engineers field, then the figures follow', async () => {
    const { page, release } = await heldPage();
    await page.goto(app.url, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor();
    await go(page, 'Inputs');
    const engineers = page.getByLabel('Engineers', { exact: true });
    expect(await engineers.inputValue()).toBe(String(snapshot.engineers));
    await engineers.fill('50');
    await engineers.press('Enter');
    // Nothing is computed before the engine is there: the change waits in the queue.
    expect(await page.locator('main').getAttribute('aria-busy')).toBe('true');
    release();
    await idle(page);
    expect(await engineers.inputValue()).toBe('50');
    await go(page, 'Overview');
    expect(await text(page, 'verdict')).toMatch(/^Stay centralized:/);
    expect(await text(page, 'scale-test')).toBe('Scale does not warrant a mesh');
  });

  it('never shows the demo for a saved assessment that opens at start', async () => {
    // An assessment of one's own: the demo with another deployment log, saved.
    const { page, context, release } = await heldPage();
    release();
    await page.goto(app.url, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor();
    await idle(page);
    await go(page, 'Inputs');
    const demoHeader = (await page.locator('header.header .facts').innerText()).trim();
    await pick(page, 'Deployment log', 'deployments.csv');
    await page.getByTestId('save-status').filter({ hasText: /Saved/ }).waitFor();
    await go(page, 'Overview');
    const own = await text(page, 'overall-score');
    const ownHeader = (await page.locator('header.header .facts').innerText()).trim();
    expect(ownHeader).toMatch(/^Demo data with your files/);
    expect(ownHeader).not.toBe(demoHeader);
    await page.close();

    // Opened again, DuckDB held: no figures until the engine has read the saved inputs again.
    const again = await heldPage(context);
    await again.page.goto(app.url, { waitUntil: 'domcontentloaded' });
    await again.page.getByRole('heading', { name: 'Preparing the assessment' }).waitFor();
    await again.page.waitForTimeout(1_000);
    expect(await again.page.getByTestId('overall-score').count()).toBe(0);
    expect((await again.page.locator('header.header .facts').innerText()).trim()).toBe('');
    again.release();
    await again.page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor();
    await idle(again.page);
    expect(await text(again.page, 'overall-score')).toBe(own);
    expect((await again.page.locator('header.header .facts').innerText()).trim()).toBe(ownHeader);
  });

  it('logged no error or warning (the snapshot is what the engine computes)', () => {
    expect(errors).toEqual([]);
  });
});
