// The report a workshop takes away: Export PDF on the demo organisation, read back with poppler
// (the verdict, the overall score as shown, every domain; no raster image), the pages rendered
// for a person to look at (test-results/pdf/), the CSV downloads, and printing a view.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { go, idle, openApp, pick, startApp, text, type App } from './app.ts';

const RESULTS = join(import.meta.dirname, '../../test-results');
const PDF_DIR = join(RESULTS, 'pdf');
const PRINT_DIR = join(RESULTS, 'print');

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  await rm(PDF_DIR, { recursive: true, force: true });
  await mkdir(PDF_DIR, { recursive: true });
  await rm(PRINT_DIR, { recursive: true, force: true });
  await mkdir(PRINT_DIR, { recursive: true });
  page = await app.newPage();
  await openApp(app, page);
});

afterAll(async () => {
  await app?.close();
});

async function exportPdf(): Promise<{ file: string; name: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Export PDF' }).click(),
  ]);
  const name = download.suggestedFilename();
  const file = join(PDF_DIR, name);
  await download.saveAs(file);
  return { file, name };
}

async function downloadCsv(testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

const pdftotext = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
/** `pdfimages -list` rows after its two header lines: one per raster image in the file. */
const rasterImages = (file: string) => execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);

/** The domain labels as the Domains view lists them. */
async function domainLabels(): Promise<string[]> {
  await go(page, 'Domains');
  const links = page.getByTestId('domains-table').locator('tbody tr td:first-child a');
  return (await links.allInnerTexts()).map((t) => t.trim());
}

describe('Export PDF', () => {
  let pdf: { file: string; name: string };
  let content: string;

  it('loads jsPDF only when asked, and saves a file named after the organisation and date', async () => {
    // What the page itself loaded (a service worker may precache every asset for offline use;
    // that is not the page running it).
    const loaded = () =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    const isPdfChunk = (path: string) => /\/assets\/pdf-[^/]*\.js$/.test(path);
    expect((await loaded()).some(isPdfChunk)).toBe(false);
    pdf = await exportPdf();
    expect(pdf.name).toBe('northwind-commerce-mesh-readiness-2026-10-05.pdf');
    expect((await loaded()).some(isPdfChunk)).toBe(true);
    // The demo's names are Latin-1: the Unicode font is not fetched.
    expect((await loaded()).some((path) => path.endsWith('.ttf'))).toBe(false);
    content = pdftotext(pdf.file);
  });

  it('holds the verdict, the overall score as shown and every domain', async () => {
    await go(page, 'Overview');
    const verdict = (await text(page, 'verdict')).split(':')[0]!.trim();
    const overall = await text(page, 'overall-score');
    expect(overall).toBe('46.2');
    expect(content).toContain(verdict);
    expect(content).toContain(overall);
    expect(content).toContain(await text(page, 'level'));
    const labels = await domainLabels();
    expect(labels.length).toBe(14);
    for (const label of labels) expect(content, label).toContain(label);
  });

  it('draws its charts as vectors: no raster image at all', () => {
    expect(rasterImages(pdf.file)).toEqual([]);
    // The chart labels are text in the PDF, not pictures of text.
    expect(content).toContain('target 0.8');
    expect(content).toMatch(/2026-W\d\d/);
  });

  it('renders every page for review (test-results/pdf/page-NN.png)', () => {
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf.file, join(PDF_DIR, 'page')]);
    const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf.file], { encoding: 'utf8' }))![1]);
    expect(n).toBeGreaterThanOrEqual(1 + 7 + 14);
    const listed = execFileSync('ls', [PDF_DIR], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.png'));
    expect(listed).toHaveLength(n);
  });
});

describe('CSV exports', () => {
  function parse(bytes: Buffer): string[][] {
    // UTF-8 with a BOM, CRLF line ends: what Excel reads as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').slice(1);
    expect(csv).toMatch(/\r\n$/);
    const parsed = Papa.parse<string[]>(csv, { delimiter: ',', newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    return parsed.data;
  }

  it('per-domain scores hold every domain', async () => {
    const labels = await domainLabels();
    const { name, bytes } = await downloadCsv('csv-domain-scores');
    expect(name).toBe('northwind-commerce-domain-scores-2026-10-05.csv');
    const [header, ...rows] = parse(bytes);
    expect(header).toEqual([
      'domain', 'label', 'domain_ownership', 'data_as_product', 'self_serve_platform', 'federated_governance',
      'autonomy_ratio', 'autonomy_independent', 'autonomy_total', 'fan_in', 'fan_out', 'partners', 'pilot',
    ]);
    expect(rows.map((r) => r[1]).sort()).toEqual([...labels].sort());
    expect(rows.filter((r) => r[12] === 'true')).toHaveLength(3);
    // Unrounded: more decimals than the screen's one.
    expect(rows.some((r) => /\.\d{3,}/.test(r[2]!))).toBe(true);
  });

  it('autonomy by week and the dependency matrix', async () => {
    await go(page, 'Autonomy');
    const weekly = parse((await downloadCsv('csv-autonomy-by-week')).bytes);
    expect(weekly[0]).toEqual(['week', 'week_start', 'ratio', 'independent', 'total']);
    expect(weekly.length - 1).toBeGreaterThanOrEqual(26);
    expect(weekly[1]![0]).toBe('2026-W15');
    expect(weekly[1]![1]).toBe('2026-04-06');

    const labels = new Set(await domainLabels());
    await go(page, 'Dependencies');
    const { name, bytes } = await downloadCsv('csv-dependency-matrix');
    expect(name).toBe('northwind-commerce-dependency-matrix-2026-10-05.csv');
    const [header, ...rows] = parse(bytes);
    expect(header).toEqual(['from', 'from_label', 'to', 'to_label', 'count']);
    const total = rows.reduce((sum, r) => sum + Number(r[4]), 0);
    expect(String(total)).toBe(await text(page, 'overhead'));
    for (const r of rows) {
      expect(labels.has(r[1]!)).toBe(true);
      expect(labels.has(r[3]!)).toBe(true);
    }
  });
});

describe('printing a view from the browser', () => {
  it('leaves out the navigation and buttons, and scales the charts to the paper', async () => {
    for (const view of ['Overview', 'Dependencies']) {
      await go(page, view);
      await page.waitForTimeout(400);
      await page.emulateMedia({ media: 'print' });
      const file = join(PRINT_DIR, `${view.toLowerCase()}.pdf`);
      await page.pdf({ path: file, format: 'A4', printBackground: true });
      await page.emulateMedia({ media: 'screen' });
      const printed = pdftotext(file);
      expect(printed).toContain('Northwind Commerce');
      expect(printed).not.toContain('Export PDF');
      expect(printed).not.toContain('Download CSV');
      expect(printed).not.toContain('Independent deployments'); // a navigation hint
      expect(printed).not.toContain('How is this computed?');
      // The charts are printed (their labels are text in the printed PDF).
      expect(printed).toContain(view === 'Overview' ? 'Federated governance' : '12 edges');
      execFileSync('pdftoppm', ['-png', '-r', '50', file, join(PRINT_DIR, view.toLowerCase())]);
    }
    // The charts stay within the page: none is wider than the printable area.
    await page.emulateMedia({ media: 'print' });
    const widths = await page.locator('.chart svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    const main = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
    await page.emulateMedia({ media: 'screen' });
    for (const w of widths) expect(w).toBeLessThanOrEqual(main + 1);
  });
});

describe('hostile names', () => {
  it('print as text in the PDF', async () => {
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-hostile.csv');
    const { file } = await exportPdf();
    const content = pdftotext(file);
    expect(content).toContain('<img src=x onerror="window.__xss=1">');
    expect(content).toContain('javascript:alert(1)');
    expect(content).toContain('{a|b} Team');
    expect(rasterImages(file)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('outside Latin-1 print exactly, in the Unicode font fetched from our own origin', async () => {
    await go(page, 'Inputs');
    const csv = [
      'deployed_at,domain,service,independent',
      '2026-03-02T10:00:00Z,Ελληνικά Δεδομένα,api,true',
      '2026-03-03T10:00:00Z,Łódź Logistyka,api,false',
      '2026-03-04T10:00:00Z,Кириллица,api,true',
    ].join('\n');
    await page.getByLabel('Deployment log', { exact: true }).setInputFiles({ name: 'unicode.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await idle(page);
    const { file } = await exportPdf();
    const content = pdftotext(file);
    for (const name of ['Ελληνικά Δεδομένα', 'Łódź Logistyka', 'Кириллица']) expect(content, name).toContain(name);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes/);
    expect(rasterImages(file)).toEqual([]);
    const fonts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.ttf')));
    expect(fonts.length).toBe(2);
    for (const url of fonts) expect(new URL(url).origin).toBe(app.origin);
  });

  it('asked nothing of any other origin and logged no error', () => {
    const foreign = app.requests.filter((url) => new URL(url).origin !== app.origin);
    expect(foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
