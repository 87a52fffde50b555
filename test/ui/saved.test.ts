// Saved assessments: kept in IndexedDB as the user works, back after a reload, a save that fails
// part-way leaving the previous version intact (and saying so), rename / duplicate / delete with
// undo, progress over time, and assessment files: exported and opened elsewhere with the same
// metrics document, an older version's file still opening, a damaged one refused.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metricsSchema, type Metrics } from '../../src/engine/metrics-schema.ts';
import { migrate, readAssessmentFile, writeAssessmentFile, FILE_VERSION } from '../../src/ui/state/assessment-file.ts';
import { EMPTY_SNAPSHOT } from '../../src/ui/state/snapshot.ts';
import { FIXTURES, go, idle, openApp, SCREENSHOTS, startApp, text, type App } from './app.ts';

const FIXTURE_FILES = ['ownership', 'questions', 'answers', 'deployments', 'dependencies'] as const;

/** A file as the first version of the app wrote them (version 0), by hand: the fixture organisation. */
async function v0File(): Promise<string> {
  const files = [];
  for (const kind of FIXTURE_FILES) {
    files.push({ kind, name: `${kind}.csv`, content: await readFile(join(FIXTURES, `${kind}.csv`), 'utf8') });
  }
  return JSON.stringify({
    mesh_readiness_assessment: 0,
    organisation: 'Fixture Org',
    engineers: null,
    domains: null,
    saved_at: '2026-03-31T12:00:00Z',
    files,
    answers: [],
  });
}

describe('the assessment file format (no browser)', () => {
  it('migrates a version 0 file to the current version', async () => {
    const file = migrate(JSON.parse(await v0File()));
    expect(file.version).toBe(FILE_VERSION);
    expect(file.organisation).toBe('Fixture Org');
    expect(file.assessed_at).toBe('2026-03-31T12:00:00.000Z');
    expect(file.inputs.map((i) => [i.kind, i.format, i.file_name])).toEqual(FIXTURE_FILES.map((k) => [k, 'canonical-csv', `${k}.csv`]));
    expect(file.metrics).toBeNull();
  });

  it('writes and reads back the same snapshot, byte for byte', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62, 0x0a, 0xe2, 0x82, 0xac]);
    const snapshot = {
      ...EMPTY_SNAPSHOT,
      organisation: 'Ünïcode & Co',
      engineers: 42,
      assessedAt: '2026-01-05T00:00:00.000Z',
      sources: [{ kind: 'deployments' as const, format: 'canonical-csv', fileName: 'd.csv', files: [{ name: 'd.csv', bytes }], demo: false }],
      entered: { rows: [{ respondent: 'W', domain: '', question_id: 'do1', answer: "don't know" }], inFigures: true },
    };
    const text = await writeAssessmentFile(snapshot, { name: 'Q1', appVersion: 'test' });
    const read = await readAssessmentFile('x.meshreadiness.json', new TextEncoder().encode(text));
    expect(read.name).toBe('Q1');
    expect(read.snapshot).toEqual(snapshot);
  });

  it('refuses damaged files with a reason', async () => {
    const good = await writeAssessmentFile(
      { ...EMPTY_SNAPSHOT, sources: [{ kind: 'ownership', format: 'canonical-csv', fileName: 'o.csv', files: [{ name: 'o.csv', bytes: new TextEncoder().encode('service,domain\na,b\n') }], demo: false }] },
      { name: null, appVersion: 'test' },
    );
    const refused = async (content: string) =>
      readAssessmentFile('f.meshreadiness.json', new TextEncoder().encode(content)).then(
        () => 'opened',
        (e: Error) => e.message,
      );
    expect(await refused(good.slice(0, good.length / 2))).toMatch(/^f\.meshreadiness\.json was not opened: it is not valid JSON .*Nothing changed\.$/);
    expect(await refused('{"hello": 1}')).toMatch(/it is not a Mesh Readiness assessment file/);
    expect(await refused(good.replace('"version": 1', '"version": 7'))).toMatch(/written by a newer Mesh Readiness \(file version 7\)/);
    const doc = JSON.parse(good);
    doc.inputs[0].files[0].base64 = Buffer.from('service,domain\na,c\n').toString('base64');
    expect(await refused(JSON.stringify(doc))).toMatch(/the bytes of o\.csv are damaged \(their SHA-256 does not match\)/);
    doc.inputs[0].files[0].base64 = '***';
    expect(await refused(JSON.stringify(doc))).toMatch(/the bytes of o\.csv are damaged \(not base64\)/);
    const noKind = JSON.parse(good);
    noKind.inputs[0].kind = 'spreadsheets';
    expect(await refused(JSON.stringify(noKind))).toMatch(/inputs\.0\.kind/);
  });
});

let app: App;
let page: Page;

/** Waits until every change made so far is computed and saved. */
async function settled(p: Page): Promise<void> {
  await idle(p);
  const status = p.getByTestId('save-status');
  await status
    .filter({ hasText: /^✓ Saved$/ })
    .waitFor({ timeout: 60_000 })
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\nThe save status says: ${await status.innerText().catch(() => '?')}`);
    });
}

async function exportMetrics(p: Page): Promise<Metrics> {
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Export metrics (JSON)' }).click()]);
  return metricsSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
}

async function setEngineers(p: Page, value: string): Promise<void> {
  await go(p, 'Inputs');
  const engineers = p.getByLabel('Engineers', { exact: true });
  await engineers.fill(value);
  await engineers.press('Enter');
  await idle(p);
}

async function names(p: Page): Promise<string[]> {
  return (await p.getByTestId('saved-name').allInnerTexts()).map((s) => s.trim());
}

async function goSaved(p: Page): Promise<void> {
  await go(p, 'Saved assessments');
  await p.getByRole('table', { name: 'Saved assessments' }).waitFor();
}

describe('saved assessments in the browser', () => {
  beforeAll(async () => {
    app = await startApp();
    await mkdir(SCREENSHOTS, { recursive: true });
    page = await app.newPage({ width: 1280, height: 800 });
    await openApp(app, page);
    await settled(page);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('keeps the demo as the first saved assessment and says whether storage is persistent', async () => {
    await goSaved(page);
    expect(await names(page)).toEqual(['Northwind Commerce']);
    const row = page.getByTestId('saved-row').first();
    expect(await row.innerText()).toMatch(/Open now/);
    expect(await row.getByTestId('saved-overall').innerText()).toMatch(/^\d{1,3}\.\d$/);
    await expect.poll(() => page.getByTestId('persistence').innerText()).toMatch(/^(Granted|Not granted|Not available)/);
  });

  it('a save that fails part-way leaves the previous version intact, and says so', { timeout: 240_000 }, async () => {
    await setEngineers(page, '50');
    await settled(page);
    await go(page, 'Overview');
    expect(await text(page, 'verdict')).toMatch(/^Stay centralized/);

    // The second IndexedDB write of the next save throws: the version is written, its pointer is not.
    await page.evaluate(() => {
      let writes = 0;
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        writes++;
        if (writes === 2) throw new DOMException('Simulated disk failure', 'UnknownError');
        return put.apply(this, args);
      };
    });
    await setEngineers(page, '180');
    await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
    expect(await page.getByTestId('save-banner').innerText()).toContain('Not saved: Simulated disk failure — the previous version is kept.');
    await go(page, 'Overview');
    expect(await text(page, 'verdict')).toMatch(/^Pilot/);
    await goSaved(page);
    expect(await page.getByTestId('saved-status').innerText()).toContain('Not saved: Simulated disk failure — the previous version is kept.');
    expect(await page.getByTestId('saved-row').first().innerText()).toMatch(/Stay centralized/);
    await page.screenshot({ path: join(SCREENSHOTS, 'saved-failed-1280.png'), fullPage: true });

    // After a reload (as after a crash) the previous version is what comes back.
    await page.reload();
    await settled(page);
    await go(page, 'Overview');
    expect(await text(page, 'verdict')).toMatch(/^Stay centralized/);
    await go(page, 'Inputs');
    expect(await page.getByLabel('Engineers', { exact: true }).inputValue()).toBe('50');
  });

  it('renames, duplicates, and deletes with undo', { timeout: 240_000 }, async () => {
    await goSaved(page);
    await page.getByRole('button', { name: 'Rename Northwind Commerce' }).click();
    const field = page.getByLabel('New name for Northwind Commerce');
    await field.fill('Northwind Q3');
    await field.press('Enter');
    await expect.poll(() => names(page)).toEqual(['Northwind Q3']);

    await page.getByRole('button', { name: 'Duplicate Northwind Q3' }).click();
    await expect.poll(() => names(page)).toEqual(['Copy of Northwind Q3', 'Northwind Q3']);
    // The open one cannot be deleted; the copy can, and comes back with Undo.
    expect(await page.getByRole('button', { name: 'Delete Northwind Q3', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Delete Copy of Northwind Q3' }).click();
    await expect.poll(() => names(page)).toEqual(['Northwind Q3']);
    expect(await page.getByTestId('undo').innerText()).toContain('Deleted “Copy of Northwind Q3”.');
    await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => names(page)).toEqual(['Copy of Northwind Q3', 'Northwind Q3']);

    // A name survives a reload; a deletion not undone is gone for good.
    await page.getByRole('button', { name: 'Delete Copy of Northwind Q3' }).click();
    await expect.poll(() => names(page)).toEqual(['Northwind Q3']);
    await page.reload();
    await settled(page);
    await goSaved(page);
    expect(await names(page)).toEqual(['Northwind Q3']);
  });

  it('compares two assessments of one organisation over time', { timeout: 240_000 }, async () => {
    await goSaved(page);
    await page.getByRole('button', { name: 'Duplicate Northwind Q3' }).click();
    await expect.poll(() => names(page)).toEqual(['Copy of Northwind Q3', 'Northwind Q3']);
    await page.getByRole('button', { name: 'Open Copy of Northwind Q3' }).click();
    await page.getByTestId('saved-row').filter({ hasText: 'Open now' }).filter({ hasText: 'Copy of Northwind Q3' }).waitFor({ timeout: 90_000 });
    await settled(page);
    await page.getByRole('button', { name: 'Rename Copy of Northwind Q3' }).click();
    await page.getByLabel('New name for Copy of Northwind Q3').fill('Northwind Q4');
    await page.getByLabel('New name for Copy of Northwind Q3').press('Enter');
    await expect.poll(() => names(page)).toContain('Northwind Q4');

    // Next quarter: a new deployment log and the engineers; the organisation keeps its name.
    await go(page, 'Inputs');
    await page.getByLabel('Deployment log', { exact: true }).setInputFiles(join(FIXTURES, 'deployments.csv'));
    await idle(page);
    await page.getByLabel('Organisation name').fill('Northwind Commerce');
    await setEngineers(page, '180');
    await settled(page);
    const q4 = await exportMetrics(page);

    await go(page, 'Progress');
    const table = page.getByTestId('progress-table');
    await table.waitFor();
    expect(await table.locator('thead th').count()).toBe(4);
    const autonomy = await page.getByTestId('progress-autonomy').innerText();
    expect(autonomy).toContain(q4.autonomy.ratio!.toFixed(2));
    expect(await page.getByTestId('progress-phase').innerText()).toMatch(/^Phase\s+[1-4] [A-Z][a-z ]+\s+[1-4] [A-Z][a-z ]+\s+(±0|[1-4] → [1-4])$/);
    expect(await page.getByTestId('progress-domains').locator('tbody tr').count()).toBeGreaterThanOrEqual(14);
    for (const chart of await page.locator('.chart').all()) {
      await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(3);
    }
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, 'progress-1280.png'), fullPage: true });
    await goSaved(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'saved-1280.png'), fullPage: true });
  });

  it('an assessment file exported and opened elsewhere yields the same metrics document', { timeout: 240_000 }, async () => {
    // Answers entered in the app travel too.
    await go(page, 'Workshop');
    await page.getByTestId('statement-do1').getByRole('button', { name: 'Agree (4)', exact: true }).click();
    await settled(page);
    const here = await exportMetrics(page);
    await goSaved(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the open assessment (file)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^northwind-q4-\d{4}-\d{2}-\d{2}\.meshreadiness\.json$/);
    const filePath = (await download.path())!;

    const elsewhere = await app.newPage({ width: 1280, height: 800 });
    await openApp(app, elsewhere);
    await settled(elsewhere);
    await goSaved(elsewhere);
    await elsewhere.getByLabel('Open assessment file').setInputFiles(filePath);
    await elsewhere.getByTestId('saved-notice').filter({ hasText: 'Opened' }).waitFor({ timeout: 90_000 });
    await settled(elsewhere);
    expect(await names(elsewhere)).toContain('Northwind Q4');
    const there = await exportMetrics(elsewhere);
    expect(there).toEqual(here);
    await go(elsewhere, 'Workshop');
    expect(await elsewhere.getByTestId('statement-do1').locator('button[aria-pressed="true"]').innerText()).toBe('4');
    await elsewhere.close();
  });

  it('opens a file of an older version, and refuses a damaged one without changing anything', { timeout: 240_000 }, async () => {
    const other = await app.newPage({ width: 1280, height: 800 });
    await openApp(app, other);
    await settled(other);
    await goSaved(other);
    await other.getByLabel('Open assessment file').setInputFiles({ name: 'fixture-v0.meshreadiness.json', mimeType: 'application/json', buffer: Buffer.from(await v0File()) });
    await other.getByTestId('saved-notice').filter({ hasText: 'Opened' }).waitFor({ timeout: 90_000 });
    await settled(other);
    // The organisation of test/fixtures/ui/README.md, worked out by hand.
    await go(other, 'Overview');
    expect(await text(other, 'overall-score')).toBe('54.2');
    expect(await text(other, 'verdict')).toMatch(/^Stay centralized/);
    await go(other, 'Autonomy');
    expect(await text(other, 'autonomy-ratio')).toBe('0.75');
    await goSaved(other);
    const before = await names(other);
    expect(before).toContain('Fixture Org');

    const good = await readFile(join(FIXTURES, 'ownership.csv'));
    const damaged: [string, string, RegExp][] = [
      ['cut.meshreadiness.json', (await v0File()).slice(0, 200), /cut\.meshreadiness\.json was not opened: it is not valid JSON/],
      [
        'tampered.meshreadiness.json',
        JSON.stringify({
          format: 'mesh-readiness/assessment', version: 1, app_version: 'x', exported_at: '2026-01-01T00:00:00Z', name: null,
          organisation: 'X', assessed_at: null, profile: { engineers: null, domain_count_override: null }, demo: { kinds: [], organisation: '' },
          inputs: [{ kind: 'ownership', format: 'canonical-csv', file_name: 'o.csv', demo: false, files: [{ name: 'o.csv', base64: good.toString('base64'), sha256: '0'.repeat(64) }] }],
          answers: { rows: [], in_figures: false }, metrics: null,
        }),
        /the bytes of o\.csv are damaged \(their SHA-256 does not match\)/,
      ],
      ['future.meshreadiness.json', JSON.stringify({ format: 'mesh-readiness/assessment', version: 9 }), /newer Mesh Readiness \(file version 9\)/],
    ];
    for (const [name, content, reason] of damaged) {
      await other.getByLabel('Open assessment file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
      const notice = other.getByTestId('saved-notice').filter({ hasText: name });
      await notice.waitFor();
      expect(await notice.innerText()).toMatch(reason);
      expect(await notice.innerText()).toMatch(/Nothing changed\.$/);
      expect(await names(other)).toEqual(before);
    }
    await go(other, 'Overview');
    expect(await text(other, 'overall-score')).toBe('54.2');
    await other.close();
  });

  it('reads a file mapped in the mapping step the same way after a reload, and in another browser', { timeout: 240_000 }, async () => {
    const mapped = await app.newPage({ width: 1280, height: 800 });
    await openApp(app, mapped);
    await settled(mapped);
    await go(mapped, 'Inputs');
    await mapped.getByLabel('Deployment log', { exact: true }).setInputFiles(join(FIXTURES, 'deployments-own-headers.csv'));
    const dialog = mapped.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Use this mapping' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await settled(mapped);
    await go(mapped, 'Autonomy');
    expect(await text(mapped, 'autonomy-ratio')).toBe('1.00');

    // The mapping is kept with the saved assessment, not only in this browser's memory of mappings.
    await mapped.evaluate(() => localStorage.clear());
    await mapped.reload();
    await settled(mapped);
    await go(mapped, 'Autonomy');
    expect(await text(mapped, 'autonomy-ratio')).toBe('1.00');
    await goSaved(mapped);
    const [download] = await Promise.all([mapped.waitForEvent('download'), mapped.getByRole('button', { name: 'Export the open assessment (file)' }).click()]);
    const elsewhere = await app.newPage({ width: 1280, height: 800 });
    await openApp(app, elsewhere);
    await settled(elsewhere);
    await goSaved(elsewhere);
    await elsewhere.getByLabel('Open assessment file').setInputFiles((await download.path())!);
    await elsewhere.getByTestId('saved-notice').filter({ hasText: 'Opened' }).waitFor({ timeout: 90_000 });
    await settled(elsewhere);
    await go(elsewhere, 'Autonomy');
    expect(await text(elsewhere, 'autonomy-ratio')).toBe('1.00');
    await elsewhere.close();
    await mapped.close();
  });

  it('asked nothing of any other origin and logged no error', () => {
    const foreign = app.requests.filter((url) => new URL(url).origin !== app.origin);
    expect(foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
