// The PDF report built in Node on the demo organisation, with the real engine: jsPDF runs in
// Node; svg2pdf.js needs a DOM, so the charts are left as framed placeholders here and drawn in
// the browser test (test/ui/report.test.ts). What is checked here: the text a reader extracts,
// page numbers, the sanitiser, user text as data, and the embedded Unicode font.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessment } from '../../src/engine/assessment.ts';
import { openNodeConnector } from '../../src/engine/db/node.ts';
import type { InputSummary } from '../../src/engine/inputs.ts';
import type { Metrics } from '../../src/engine/metrics-schema.ts';
import { matrixChart, pillarChart, renderChartSvg } from '../../src/report/pdf/charts.ts';
import { buildReport, type ReportInput } from '../../src/report/pdf/report.ts';
import { isWinAnsi, needsUnicodeFont, normalise, PdfText, toPdfDocText, toWinAnsi } from '../../src/report/pdf/text.ts';
import { COLORS } from '../../src/ui/charts/echarts.ts';
import { VERDICT_TEXT } from '../../src/report/format.ts';

const OUT = mkdtempSync(join(tmpdir(), 'mesh-report-'));
const FONTS = join(import.meta.dirname, '../../src/report/pdf/fonts');

let metrics: Metrics;
let summary: InputSummary;

beforeAll(async () => {
  const a = await Assessment.open(await openNodeConnector());
  for (const [kind, file] of [['ownership', 'ownership.csv'], ['deployments', 'deployments.csv'],
    ['dependencies', 'dependencies.csv'], ['answers', 'answers.csv']] as const) {
    await a.load(kind, { name: file, bytes: readFileSync(join('static/demo', file)) });
  }
  const profile = JSON.parse(readFileSync('static/demo/profile.json', 'utf8'));
  await a.setProfile({ engineers: profile.engineers });
  metrics = await a.metrics(new Date(profile.assessed_at));
  summary = await a.summary();
  await a.close();
});

afterAll(() => undefined);

async function pdf(input: Partial<ReportInput>, name: string, unicode = false): Promise<string> {
  const doc = await buildReport(
    { metrics, summary, organisation: 'Northwind Commerce', source: 'demo', ...input },
    unicode
      ? { unicodeFont: { regular: readFileSync(join(FONTS, 'DejaVuSans.ttf')), bold: readFileSync(join(FONTS, 'DejaVuSans-Bold.ttf')) } }
      : {},
  );
  const file = join(OUT, name);
  writeFileSync(file, Buffer.from(doc.output('arraybuffer')));
  return file;
}

const text = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
/** Rows of `pdfimages -list` after its two header lines: one per raster image. */
const images = (file: string) => execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);

describe('the report on the demo organisation', () => {
  let file: string;
  let content: string;
  beforeAll(async () => {
    file = await pdf({}, 'demo.pdf');
    content = text(file);
  });

  it('says the verdict, the phase and the headline figures as the screen rounds them', () => {
    expect(metrics.readiness.verdict).toBe('pilot');
    expect(content).toContain('Pilot');
    expect(content).toContain('Start with 2–3 pilot domains');
    expect(content).toContain('Data productization');
    expect(content).toContain(metrics.maturity.overall!.toFixed(1));
    expect(content).toContain(metrics.autonomy.ratio!.toFixed(2));
    expect(content).toContain('Warrants a mesh');
    // The engine's sentence, in words and WinAnsi: "self_serve_platform 37.2 is below 40".
    expect(content).toContain('Self-serve platform 37.2 is below 40');
  });

  it('has every section, a page per domain, and "Page n of N" on every page but the cover', () => {
    const n = pages(file);
    expect(n).toBeGreaterThanOrEqual(1 + 7 + metrics.domains.length);
    for (const title of ['The four pillars', 'Gaps and recommendations', 'Autonomy over time and by domain',
      'The dependency matrix and its hubs', 'Hubs', 'The roadmap', 'The domains at a glance',
      'What was measured and what was self-assessed', 'How each figure is computed', 'The inputs this report rests on']) {
      expect(content, title).toContain(title);
    }
    for (let p = 2; p <= n; p++) expect(content).toContain(`Page ${p} of ${n}`);
    for (const d of metrics.domains) {
      expect(content, d.label).toContain(d.label);
      expect(content).toMatch(new RegExp(`Domain \\d+ of ${metrics.domains.length}\\s+${d.label}`, 'i'));
    }
  });

  it('lays the roadmap out with its ranges, actions and exit criteria', () => {
    for (const phase of metrics.roadmap) {
      expect(content).toContain(`Phase ${phase.phase} · ${phase.name}`);
      for (const action of phase.actions) expect(content).toContain(action);
    }
    expect(content).toContain('Starts month 0; ends months 12–24.');
    expect(content).toContain('Autonomy ratio >= 0.5');
  });

  it('says what was measured, what was self-assessed, and what the figures rest on', () => {
    expect(content).toMatch(/Deployment log\s+Measured/);
    expect(content).toMatch(/Questionnaire\s+Self-assessed/);
    expect(content).toContain(`${summary.deployments.counted.toLocaleString('en-GB')} counted deployments`);
    expect(content).toContain('6 Apr 2026 to 4 Oct 2026');
    expect(content).toContain('deployments.csv');
    expect(content).toContain(`${summary.answers.unknown} "don't know"`);
    // Formulas arrive in WinAnsi: no mojibake for ≥, −, Σ.
    expect(content).toContain('overall >= 80 Advanced');
    expect(content).toContain('s = (answer - scale_min) ÷ (scale_max - scale_min) × 100');
    expect(content).toContain('sum D(i, j)');
  });

  it('is small and has no raster image (the placeholders are vectors too)', () => {
    expect(images(file)).toEqual([]);
    expect(readFileSync(file).length).toBeLessThan(400_000);
  });
});

describe('an assessment with little evidence', () => {
  it('still makes a complete report: not assessed, no autonomy, stay centralized', async () => {
    const a = await Assessment.open(await openNodeConnector());
    await a.load('dependencies', { name: 'dependencies.csv', bytes: readFileSync('static/demo/dependencies.csv') });
    const sparse = await a.metrics(new Date('2026-10-05T09:00:00Z'));
    const sparseSummary = await a.summary();
    await a.close();
    expect(sparse.maturity.overall).toBeNull();
    expect(sparse.autonomy.ratio).toBeNull();
    const file = await pdf({ metrics: sparse, summary: sparseSummary, organisation: '', source: 'own' }, 'sparse.pdf');
    const content = text(file);
    expect(content).toContain('Your organisation');
    expect(content).toContain('not assessed');
    expect(content).toContain('No counted deployment');
    expect(content).toContain(VERDICT_TEXT[sparse.readiness.verdict].title);
    for (const d of sparse.domains) expect(content).toContain(d.label);
    expect(images(file)).toEqual([]);
  });
});

describe('user text', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  function renamed(labels: Record<string, string>): Metrics {
    return { ...metrics, domains: metrics.domains.map((d) => ({ ...d, label: labels[d.key] ?? d.label })) };
  }

  it('is data: a domain named like markup prints as those characters', async () => {
    const file = await pdf({ metrics: renamed({ catalog: hostile, checkout: '{a|b} Team', finance: '=1+1' }) }, 'hostile.pdf');
    const content = text(file);
    expect(content).toContain(hostile);
    expect(content).toContain('{a|b} Team');
    expect(content).toContain('=1+1');
  });

  it('outside Latin-1 is drawn with the embedded DejaVu Sans, exactly', async () => {
    const file = await pdf(
      { metrics: renamed({ catalog: 'Ελληνικά Δεδομένα', checkout: 'Łódź Logistics', finance: 'Кириллица' }), organisation: 'Ωmega Łódź' },
      'unicode.pdf',
      true,
    );
    const content = text(file);
    for (const name of ['Ελληνικά Δεδομένα', 'Łódź Logistics', 'Кириллица', 'Ωmega Łódź']) expect(content).toContain(name);
    expect(content).not.toContain('cannot draw');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes/);
    // Only the glyphs used are embedded: far less than the 1.4 MB of the two font files.
    expect(readFileSync(file).length).toBeLessThan(400_000);
  });

  it('the font lacks (CJK) prints as "?" and the report says so', async () => {
    const file = await pdf({ metrics: renamed({ catalog: '中文数据域' }) }, 'cjk.pdf', true);
    const content = text(file);
    expect(content).toContain('?????');
    expect(content).toContain('One name uses characters this report\'s fonts cannot draw');
  });

  it('without the font, keeps what Latin-1 can say', async () => {
    const content = text(await pdf({ metrics: renamed({ catalog: 'Łódź Logistics' }) }, 'latin1.pdf'));
    expect(content).toContain('Lódz Logistics'); // ó is Latin-1; ź loses its accent, Ł its stroke
    expect(content).toContain('One name uses characters');
  });
});

describe('the sanitiser', () => {
  it('spells symbols outside WinAnsi plainly and keeps the ones inside', () => {
    expect(normalise('≥ 80, ≤ 40, − 1, a ≠ b, x → y, Σᵢⱼ D')).toBe('>= 80, <= 40, - 1, a != b, x -> y, sum_i_j D');
    expect(normalise('× ÷ · – — “a” ‘b’ … € £ é')).toBe('× ÷ · – — “a” ‘b’ … € £ é');
    expect(normalise('a\u200bb\u202ec\u0007d\ufeffe')).toBe('abcde');
    for (const ch of normalise('≥−Σ→≠✓')) expect(isWinAnsi(ch.codePointAt(0)!)).toBe(true);
  });

  it('decides the font per string and replaces what no font can draw', () => {
    expect(needsUnicodeFont('Café ≥ 3')).toBe(false);
    expect(needsUnicodeFont('Łódź')).toBe(true);
    expect(toWinAnsi('Łódź Ωmega 中')).toBe('Lódz ?mega ?');
    const withFont = new PdfText({ has: (c) => c < 0x3000 });
    expect(withFont.prepare('Ωmega')).toEqual({ text: 'Ωmega', font: 'unicode' });
    expect(withFont.prepare('中x')).toEqual({ text: '?x', font: 'unicode' });
    expect(withFont.prepare('plain ≥')).toEqual({ text: 'plain >=', font: 'standard' });
    expect([...withFont.replaced]).toEqual(['中x']);
  });

  it('gives bookmarks and document properties Latin-1 only (PDFDocEncoding)', () => {
    expect(toPdfDocText('Łódź – “Ops” … ≥ 3')).toBe('Lódz - "Ops" ... >= 3');
  });
});

describe('charts without a DOM', () => {
  it('render as SVG with names escaped, in Helvetica, without animation', () => {
    const svg = renderChartSvg(
      matrixChart([{ from: 'a', to: 'b', count: 3 }], ['a', 'b'], (k) => (k === 'a' ? '<img src=x onerror=alert(1)>' : 'B & Co'), 400),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
    expect(svg).toContain('B &amp; Co');
    expect(svg).toContain('helvetica');
    const bars = renderChartSvg(pillarChart([{ name: 'Organisation', scores: metrics.maturity.pillars, color: COLORS.brand2 }], 400, 160));
    expect(bars).toContain(metrics.maturity.pillars.domain_ownership!.toFixed(1));
    expect(bars).toContain('Federated governance');
  });
});
