// A large organisation through the page, as a user loads it: 400,000 deployment events (23 MB)
// and a dependency export across 60 domains. The busy step shows DuckDB's progress as a
// percentage while the file is read; the figures are the engine's own on the same files (Node);
// the dependency matrix draws the 40 most coupled domains and says so. (How fast is measured by
// `npm run bench`, never asserted here.)
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Assessment } from '../../src/engine/assessment.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import { generateOrganisation, type OrganisationFiles } from '../../scripts/bench/generate.ts';
import { count, ratio } from '../../src/report/format.ts';
import { go, idle, openApp, SCREENSHOTS, startApp, text, type App } from './app.ts';

let app: App;
let page: Page;
let org: OrganisationFiles;

beforeAll(async () => {
  org = await generateOrganisation({ rows: 400_000, edges: 20_000, domains: 60 }, join(tmpdir(), 'mesh-readiness-ui-scale'));
  app = await startApp();
  await mkdir(SCREENSHOTS, { recursive: true });
  page = await app.newPage();
  await openApp(app, page);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** Every percentage and step the busy indicator shows from now on. */
async function watchProgress(): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    const steps: string[] = [];
    Object.assign(window, { __progress: seen, __steps: steps });
    new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="busy-progress"]')?.textContent;
      if (shown) seen.push(Number.parseInt(shown, 10));
      const step = document.querySelector('[data-testid="busy"]')?.textContent;
      if (step && steps.at(-1) !== step) steps.push(step);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

describe('a large organisation in the page', () => {
  it('reads 400,000 deployment events with progress shown, to the figures the engine gives in Node', async () => {
    await go(page, 'Inputs');
    await watchProgress();
    await page.getByLabel('Ownership map', { exact: true }).setInputFiles(org.ownership);
    await idle(page);
    await page.getByLabel('Deployment log', { exact: true }).setInputFiles(org.deployments);
    await idle(page);
    const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    // Percentages between 0 and 99, some shown while the file was read.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p >= 0 && p < 100)).toBe(true);
    // The steps are named: reading the file, loading its rows, computing the figures.
    const steps = await page.evaluate(() => (window as unknown as { __steps: string[] }).__steps);
    expect(steps).toEqual(expect.arrayContaining([
      'Checking deployments.csv…',
      'Loading 400,000 rows of deployments.csv…',
      'Computing the figures…',
    ]));
    expect(await page.locator('dialog[open]').count()).toBe(0);

    // The same files through the engine in Node (the demo's answers and dependencies stay loaded
    // in the page, so they load here too).
    const a = await Assessment.open(await openNodeConnector());
    const demo = (name: string) => join(import.meta.dirname, '../../static/demo', name);
    for (const [kind, path] of [['ownership', org.ownership], ['deployments', org.deployments],
      ['dependencies', demo('dependencies.csv')], ['answers', demo('answers.csv')]] as const) {
      await a.load(kind, { name: path, bytes: new Uint8Array(await readFile(path)) });
    }
    const expected = await a.metrics();
    await a.close();
    expect(expected.autonomy.total).toBeGreaterThan(300_000);
    await go(page, 'Autonomy');
    const shown = await text(page, 'autonomy-ratio');
    expect(shown).toContain(ratio(expected.autonomy.ratio));
    expect(await page.getByText(count(expected.autonomy.total), { exact: true }).count()).toBeGreaterThan(0);
  }, 180_000);

  it('draws the dependency matrix of the 40 most coupled of 60 domains, and says so', async () => {
    await go(page, 'Inputs');
    await page.getByLabel('Dependency export', { exact: true }).setInputFiles(org.dependencies);
    await idle(page);
    await go(page, 'Dependencies');
    await expect.poll(() => page.getByTestId('matrix-limit').innerText()).toMatch(
      /^The 40 domains with the most cross-domain edges, of 6\d: the whole matrix is in the CSV\.$/,
    );
    await page.locator('main .chart svg').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'scale-dependencies-1280.png'), fullPage: false });

    // The report says the same; its pages are rendered for a person to look at.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: 'Export PDF' }).click(),
    ]);
    const dir = join(SCREENSHOTS, '../pdf-scale');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'report.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/Shown: the 40 domains with the most cross-domain edges, of 6\d; the app exports the whole matrix as CSV\./);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '6', file, join(dir, 'page')]);
  }, 180_000);
});
