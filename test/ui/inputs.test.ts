// Loading one's own files through the labelled inputs, as a user would: the hand-worked
// organisation of test/fixtures/ui/README.md, a file with bad rows (cancel, then load the
// valid rows), a broken file, an export that waits for a change under way, and hostile names.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metricsSchema, type Metrics } from '../../src/engine/metrics-schema.ts';
import { Assessment } from '../../src/engine/assessment.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import { FIXTURES, go, idle, openApp, pick, SCREENSHOTS, startApp, text, type App } from './app.ts';

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

async function exportMetrics(): Promise<Metrics> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export metrics (JSON)' }).click(),
  ]);
  return metricsSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
}

/** Every figure of the fixture organisation the tests read, as shown. */
async function figures(): Promise<Record<string, string>> {
  await go(page, 'Overview');
  const pillars = await page.getByTestId('pillar-table').locator('tbody tr').allInnerTexts();
  const out: Record<string, string> = {
    overall: await text(page, 'overall-score'),
    level: await text(page, 'level'),
    verdict: await text(page, 'verdict'),
    phase: await text(page, 'phase'),
    scale: await text(page, 'scale-test'),
    pillars: pillars.join(' | '),
    pilots: await text(page, 'pilot-domains'),
  };
  await go(page, 'Autonomy');
  out.autonomy = await text(page, 'autonomy-ratio');
  out.excluded = await text(page, 'excluded');
  await go(page, 'Dependencies');
  out.overhead = await text(page, 'overhead');
  out.share = await text(page, 'coupling-share');
  out.hubs = await text(page, 'hubs');
  return out;
}

describe('own files through the labelled inputs', () => {
  it('loads canonical CSV files and shows the figures worked out by hand', async () => {
    await go(page, 'Inputs');
    await pick(page, 'Ownership map', 'ownership.csv');
    await pick(page, 'Question bank', 'questions.csv');
    await pick(page, 'Questionnaire answers', 'answers.csv');
    await pick(page, 'Deployment log', 'deployments.csv');
    await pick(page, 'Dependency export', 'dependencies.csv');
    const engineers = page.getByLabel('Engineers', { exact: true });
    await engineers.fill('');
    await engineers.press('Enter');
    await idle(page);
    const loaded = page.getByRole('table', { name: 'Loaded files' });
    expect(await loaded.getByText('deployments.csv', { exact: true }).count()).toBe(1);
    expect(await text(page, 'organisation')).toBe('Your organisation');

    const f = await figures();
    // (62.5 + 25 + 75) / 3 = 54.1666…
    expect(f.overall).toBe('54.2');
    expect(f.level).toBe('Developing');
    expect(f.pillars).toMatch(/Domain ownership\s+62\.5\s+4\s+0/);
    expect(f.pillars).toMatch(/Data as a product\s+25\.0\s+2\s+0/);
    expect(f.pillars).toMatch(/Self-serve platform\s+75\.0\s+1\s+1\s+50%/);
    expect(f.pillars).toMatch(/Federated governance\s+not assessed\s+0\s+0/);
    // 2 domains, engineers unknown: decided on domains alone.
    expect(f.scale).toBe('Scale does not warrant a mesh');
    expect(f.verdict).toMatch(/^Stay centralized:/);
    expect(f.phase).toMatch(/^Phase 1 of 4/);
    expect(f.pilots).toMatch(/^Sales[\s\S]*Billing/);
    // 3 of 4 counted deployments independent; d5 failed, d6 staging.
    expect(f.autonomy).toBe('0.75');
    expect(f.excluded).toMatch(/Not successful \(status\)\s+1/);
    expect(f.excluded).toMatch(/Not production \(environment\)\s+1/);
    expect(f.excluded).toMatch(/Counted\s+4/);
    // 3 cross-domain edges of 5 distinct.
    expect(f.overhead).toBe('3');
    expect(f.share).toBe('0.60');
    expect(f.hubs).toMatch(/Billing\s+2\s+1\s+1[\s\S]*Sales\s+1\s+2\s+1/);

    await go(page, 'Overview');
    await page.getByText('Engineers unknown: decided on domains alone', { exact: false }).waitFor();
    // Not assessed is never drawn as 0: the radar spans the three assessed pillars only.
    await page.getByText('Not on the radar: Federated governance (not assessed).').waitFor();
    await page.waitForTimeout(400); // chart animations settle
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-own-files-1280.png'), fullPage: true });

    const metrics = await exportMetrics();
    expect(metrics.maturity.overall).toBeCloseTo(162.5 / 3, 10);
    expect(metrics.maturity.pillars.federated_governance).toBeNull();
    expect(metrics.autonomy.ratio).toBe(0.75);
    expect(metrics.coupling.coupling_share).toBeCloseTo(0.6, 12);
    expect(metrics.readiness).toMatchObject({ engineers: null, domain_count: 2, verdict: 'stay-centralized', phase: 1 });
    expect(metrics.pilot_domains).toEqual(['sales', 'billing']);

    // The same files through the engine in Node (what the command line runs; test/cli shows the
    // binary writes exactly that) give the same document, figure for figure.
    const node = await Assessment.open(await openNodeConnector());
    for (const [kind, name] of [['ownership', 'ownership.csv'], ['questions', 'questions.csv'],
      ['answers', 'answers.csv'], ['deployments', 'deployments.csv'], ['dependencies', 'dependencies.csv']] as const) {
      await node.load(kind, { name, bytes: await readFile(join(FIXTURES, name)) });
    }
    const fromNode = await node.metrics(new Date(metrics.assessed_at));
    await node.close();
    expect(metrics).toEqual(fromNode);
  });

  it('lists bad rows by line; Cancel changes nothing, Load valid rows loads them', async () => {
    const before = await figures();
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-bad.csv');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(dialog.getByRole('heading').innerText()).resolves.toMatch(/Deployment log: 2 rows can't be loaded/);
    const problems = await dialog.getByRole('list', { name: "Rows that can't be loaded" }).locator('li').allInnerTexts();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^line 3: deployed_at "?2026-02-30T10:00:00Z"? is not a valid date/);
    expect(problems[1]).toMatch(/^line 4: independent "?maybe"? is neither true nor false/);

    await page.screenshot({ path: join(SCREENSHOTS, 'bad-rows-dialog-1280.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await idle(page);
    expect(await figures()).toEqual(before);

    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-bad.csv');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Load valid rows' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await idle(page);
    await page.getByRole('table', { name: 'Loaded files' }).getByText('deployments-bad.csv', { exact: true }).waitFor();
    expect(await page.getByText(/4 rows, 2 loaded, 2 rejected/).count()).toBe(1);
    await go(page, 'Autonomy');
    // x1 independent, x4 not: 1 / 2.
    expect(await text(page, 'autonomy-ratio')).toBe('0.50');
  });

  it('refuses a broken file, naming it, and changes nothing', async () => {
    const before = await figures();
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-unclosed.csv');
    const alert = page.getByRole('alert').filter({ hasText: 'deployments-unclosed.csv' });
    await alert.waitFor();
    // The reason's wording is the engine's (InputFileError); the page names the input and the file.
    expect(await alert.innerText()).toMatch(
      /^Deployment log: deployments-unclosed\.csv was not loaded \(line 2\): a quoted value is never closed \(unclosed quote\)\. Nothing changed\.$/,
    );
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    await alert.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'broken-file-1280.png') });
    expect(await figures()).toEqual(before);
  });

  it('exports after a change still under way, with that change in it', async () => {
    await go(page, 'Inputs');
    // No waiting between the pick and the click: the export queues behind the import.
    await pick(page, 'Deployment log', 'deployments.csv', false);
    const metrics = await exportMetrics();
    expect(metrics.autonomy).toMatchObject({ ratio: 0.75, independent: 3, total: 4 });

    const engineers = page.getByLabel('Engineers', { exact: true });
    await engineers.fill('240');
    const next = await exportMetrics(); // the click blurs the field: its change goes first
    expect(next.readiness.engineers).toBe(240);
    await idle(page);
  });

  it('shows hostile domain names as text, never as markup or links out', async () => {
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-hostile.csv');
    await go(page, 'Domains');
    const table = page.getByTestId('domains-table');
    await table.getByText('<img src=x onerror="window.__xss=1">', { exact: true }).waitFor();
    await table.getByText('javascript:alert(1)', { exact: true }).waitFor();
    for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(href).toMatch(/^#/);
    }
    await go(page, 'Autonomy');
    // Hover every bar of the by-domain chart: the tooltips draw the names.
    const chart = page.locator('.chart').nth(1);
    const box = (await chart.boundingBox())!;
    for (let y = box.y + 10; y < box.y + box.height; y += 8) await page.mouse.move(box.x + box.width / 2, y);
    await go(page, 'Domains');
    await page.getByRole('link', { name: 'javascript:alert(1)' }).click();
    await page.getByTestId('domain-title').filter({ hasText: 'javascript:alert(1)' }).waitFor();
    expect(page.url()).toBe(`${app.url}#/domains/${encodeURIComponent('javascript:alert(1)')}`);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });

  it('asked nothing of any other origin and logged no error', () => {
    const foreign = app.requests.filter((url) => new URL(url).origin !== app.origin);
    expect(foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
