// The app as a workshop sees it: opened from static hosting on the demo organisation, every view
// filled, the export matching the screen, and nothing requested from anywhere but the page's origin.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metricsSchema } from '../../src/engine/metrics-schema.ts';
import { go, idle, openApp, SCREENSHOTS, startApp, text, type App } from './app.ts';

const VIEWS = [
  { nav: 'Overview', heading: 'Overview', shot: 'overview' },
  { nav: 'Autonomy', heading: 'Autonomy', shot: 'autonomy' },
  { nav: 'Dependencies', heading: 'Dependencies', shot: 'dependencies' },
  { nav: 'Domains', heading: 'Domains', shot: 'domains' },
  { nav: 'Roadmap', heading: 'Roadmap', shot: 'roadmap' },
  { nav: 'Inputs', heading: 'Inputs', shot: 'inputs' },
];

/** Every chart of the view has drawn shapes into its SVG. */
async function chartsDrawn(page: Page): Promise<void> {
  for (const chart of await page.locator('.chart').all()) {
    await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(3);
  }
}

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  await mkdir(SCREENSHOTS, { recursive: true });
  page = await app.newPage();
  await openApp(app, page);
});

afterAll(async () => {
  await app?.close();
});

describe('the demo organisation', () => {
  it('shows its figures on first open', async () => {
    expect(await text(page, 'organisation')).toBe('Northwind Commerce');
    expect(await text(page, 'overall-score')).toMatch(/^\d{1,3}\.\d$/);
    expect(await text(page, 'level')).toMatch(/^(Initial|Developing|Intermediate|Advanced)$/);
    expect(await text(page, 'verdict')).toMatch(/^(Stay centralized|Not ready yet|Pilot|Expand|Operate):/);
    expect(await text(page, 'phase')).toMatch(/^Phase [1-4] of 4/);
    expect(await page.getByTestId('pillar-table').locator('tbody tr').count()).toBe(4);
    expect(await page.getByTestId('pilot-domains').locator('li').count()).toBeGreaterThanOrEqual(1);
  });

  for (const size of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`renders every view at ${size.width}×${size.height}`, async () => {
      await page.setViewportSize(size);
      for (const view of VIEWS) {
        await go(page, view.nav, view.heading);
        // Every chart of the view has drawn into its SVG.
        await chartsDrawn(page);
        await page.waitForTimeout(400); // chart animations settle
        await page.screenshot({ path: join(SCREENSHOTS, `${view.shot}-${size.width}.png`), fullPage: true });
      }
    });
  }

  it('has a page per domain, reached from the list', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await go(page, 'Domains');
    const rows = page.getByTestId('domains-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    const first = rows.first().getByRole('link');
    const name = (await first.innerText()).trim();
    await first.click();
    await page.getByTestId('domain-title').filter({ hasText: name }).waitFor();
    expect(page.url()).toMatch(/#\/domains\/[a-z0-9-]+$/);
    expect(await text(page, 'domain-autonomy')).toMatch(/^\d\.\d\d$/);
    await chartsDrawn(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, 'domain-1280.png'), fullPage: true });
  });

  it('explains each figure: formula and the inputs behind it', async () => {
    await go(page, 'Autonomy');
    const explain = page.locator('details').first();
    await explain.locator('summary').click();
    await expect(explain.innerText()).resolves.toMatch(/independent deployments ÷ counted deployments/);
    await expect(explain.innerText()).resolves.toMatch(/Deployment log: deployments\.csv — [\d,]+ rows/);
    await go(page, 'Overview');
    for (const summary of await page.locator('details > summary').all()) await summary.click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-explained-1280.png'), fullPage: true });
  });

  it('changes the verdict with the Engineers field', async () => {
    await go(page, 'Inputs');
    const engineers = page.getByLabel('Engineers', { exact: true });
    const before = await engineers.inputValue();
    expect(Number(before)).toBeGreaterThan(100);
    await go(page, 'Overview');
    const verdict = await text(page, 'verdict');

    await go(page, 'Inputs');
    await engineers.fill('50');
    await engineers.press('Enter');
    await idle(page);
    await go(page, 'Overview');
    expect(await text(page, 'verdict')).toMatch(/^Stay centralized:/);
    expect(await text(page, 'scale-test')).toBe('Scale does not warrant a mesh');

    await go(page, 'Inputs');
    await engineers.fill('');
    await engineers.press('Enter');
    await idle(page);
    await go(page, 'Overview');
    await page.getByText('Engineers unknown: decided on domains alone', { exact: false }).waitFor();

    await go(page, 'Inputs');
    await engineers.fill(before);
    await engineers.press('Enter');
    await idle(page);
    await go(page, 'Overview');
    expect(await text(page, 'verdict')).toBe(verdict);
  });

  it('exports the metrics document shown on screen', async () => {
    await go(page, 'Overview');
    const screen = {
      overall: await text(page, 'overall-score'),
      level: await text(page, 'level'),
      phase: await text(page, 'phase'),
    };
    await go(page, 'Autonomy');
    const autonomy = await text(page, 'autonomy-ratio');
    await go(page, 'Dependencies');
    const overhead = await text(page, 'overhead');
    const share = await text(page, 'coupling-share');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export metrics (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mesh-readiness-metrics-\d{4}-\d{2}-\d{2}\.json$/);
    const metrics = metricsSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(metrics.maturity.overall?.toFixed(1)).toBe(screen.overall);
    expect(metrics.maturity.level).toBe(screen.level);
    expect(screen.phase).toMatch(new RegExp(`^Phase ${metrics.readiness.phase} of 4`));
    expect(metrics.autonomy.ratio?.toFixed(2)).toBe(autonomy);
    expect(String(metrics.coupling.overhead)).toBe(overhead.replace(/,/g, ''));
    expect(metrics.coupling.coupling_share.toFixed(2)).toBe(share);
    expect(metrics.readiness.engineers).toBeGreaterThan(100);
    expect(metrics.domains.length).toBeGreaterThanOrEqual(12);
  });

  it('reloads the demo from its button', async () => {
    await go(page, 'Inputs');
    await page.getByRole('button', { name: 'Load demo organisation' }).click();
    await idle(page);
    await go(page, 'Overview');
    expect(await text(page, 'overall-score')).toMatch(/^\d{1,3}\.\d$/);
  });

  it('shows that it is busy while DuckDB starts', async () => {
    const fresh = await app.newPage();
    await fresh.goto(app.url);
    await fresh.getByTestId('busy').waitFor();
    await fresh.screenshot({ path: join(SCREENSHOTS, 'starting-1280.png') });
    await fresh.getByTestId('overall-score').waitFor({ timeout: 90_000 });
    await fresh.close();
  });

  it('asked nothing of any other origin and logged no error', () => {
    expect(app.requests.length).toBeGreaterThan(0);
    const foreign = app.requests.filter((url) => new URL(url).origin !== app.origin);
    expect(foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
