// The PDF report: what a leadership team takes away from the workshop. Built from the metrics
// document, the input summary, the organisation's name and the assessment date; every figure is
// the engine's, rounded as on screen (src/report/format.ts). Plain TypeScript: runs in the browser
// (charts through svg2pdf.js) and in Node (tests; charts need a DOM and are left as framed
// placeholders there).
import { jsPDF } from 'jspdf';
import { INPUT_LABELS, type InputKind, type InputSummary } from '../../engine/inputs.ts';
import type { Metrics, Pillar } from '../../engine/metrics-schema.ts';
import type { DomainRatio } from '../../ui/charts/autonomy-charts.ts';
import { COLORS } from '../../ui/charts/echarts.ts';
import {
  count,
  day,
  domainLabeller,
  humanize,
  months,
  percent,
  PHASE_NAMES,
  PILLAR_NAMES,
  PILLARS,
  plural,
  ratio,
  score,
  VERDICT_TEXT,
} from '../format.ts';
import {
  domainAutonomyChart,
  domainAutonomyHeights,
  matrixChart,
  matrixHeights,
  pillarChart,
  renderChartSvg,
  weeklyChart,
  type ChartDrawer,
  type ChartSpec,
} from './charts.ts';
import { matrixDomains } from '../../ui/charts/matrix-chart.ts';
import { embedUnicodeFont, UNICODE_FAMILY, type UnicodeFontFiles } from './fonts.ts';
import { A4, CONTENT_WIDTH, INK, Layout, type CellValue, type Column, type Fonts, type RowPlace } from './layout.ts';
import { PdfText, toPdfDocText } from './text.ts';

export interface ReportInput {
  metrics: Metrics;
  summary: InputSummary;
  /** The organisation's name as the app shows it. */
  organisation: string;
  /** Where the figures come from: the built-in demo, the user's files, or both. */
  source?: 'demo' | 'mixed' | 'own' | 'none';
}

export interface ReportOptions {
  /** Draws chart SVG into the document (svg2pdf.js in the browser); null leaves placeholders. */
  chartDrawer?: ((doc: jsPDF, text: PdfText, fonts: Fonts) => ChartDrawer) | null;
  /** DejaVu Sans, for names with letters outside WinAnsi; null prints them as close as Latin-1 allows. */
  unicodeFont?: UnicodeFontFiles | null;
}

const LEVEL_COLOR: Record<string, string> = {
  Initial: INK.initial,
  Developing: INK.developing,
  Intermediate: INK.intermediate,
  Advanced: INK.advanced,
};

const VERDICT_COLOR: Record<Metrics['readiness']['verdict'], string> = {
  'stay-centralized': INK.developing,
  'not-ready': INK.developing,
  pilot: INK.brand2,
  expand: INK.brand2,
  operate: INK.good,
};

const KIND_ORDER: InputKind[] = ['deployments', 'dependencies', 'answers', 'questions', 'ownership'];

interface Context {
  L: Layout;
  m: Metrics;
  s: InputSummary;
  organisation: string;
  source: ReportInput['source'];
  label: (key: string) => string;
  draw: ChartDrawer | null;
  /** Domains in page order: by label, `unassigned` last. */
  domains: { key: string; label: string }[];
  /** Where the cover's own content ends (the contents go below). */
  coverEnd: number;
  /** The rows of the domains' overview table, to write each domain's page into. */
  overviewRows: RowPlace[];
  /** Each domain's page, by key. */
  domainPages: Map<string, number>;
}

/** Builds the report; `doc.output('blob' | 'arraybuffer')` gives the file. */
export async function buildReport(input: ReportInput, options: ReportOptions = {}): Promise<jsPDF> {
  const doc = new jsPDF({ unit: 'pt', format: 'a4', orientation: 'portrait', compress: true, putOnlyUsedFonts: true });
  const coverage = options.unicodeFont ? embedUnicodeFont(doc, options.unicodeFont) : null;
  const fonts: Fonts = { unicode: coverage ? UNICODE_FAMILY : null };
  const text = new PdfText(coverage);
  const L = new Layout(doc, text, fonts);
  const { metrics: m, summary: s } = input;
  const label = domainLabeller(m);
  const organisation = input.organisation.trim() || 'Your organisation';
  const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const domains = [...m.domains].sort((a, b) =>
    a.key === 'unassigned' ? 1 : b.key === 'unassigned' ? -1 : byName.compare(a.label, b.label),
  );
  const ctx: Context = {
    L,
    m,
    s,
    organisation,
    source: input.source,
    label,
    draw: options.chartDrawer ? options.chartDrawer(doc, text, fonts) : null,
    domains,
    coverEnd: 0,
    overviewRows: [],
    domainPages: new Map(),
  };

  const title = `${organisation} - Data Mesh readiness report (${day(m.assessed_at)})`;
  doc.setDocumentProperties({
    title: toPdfDocText(title),
    subject: 'Data Mesh readiness: maturity, autonomy, coupling, roadmap',
    author: 'Mesh Readiness',
    creator: 'Mesh Readiness',
    keywords: 'data mesh, readiness, maturity, autonomy, roadmap',
  });
  doc.setLanguage('en-GB');

  cover(ctx);
  await maturity(ctx);
  await autonomy(ctx);
  await dependencies(ctx);
  roadmap(ctx);
  domainsOverview(ctx);
  for (const [i, d] of domains.entries()) await domainPage(ctx, d.key, i);
  linkDomainPages(ctx);
  method(ctx);
  formulas(ctx);
  inputs(ctx, text);

  contents(ctx);
  outline(ctx);
  L.finish(`${organisation} · Data Mesh readiness · assessed ${day(m.assessed_at)}`, 'Mesh Readiness report');
  return doc;
}

// --- cover -----------------------------------------------------------------------------------

const COVER_CONTENTS_Y = 560;

function cover(ctx: Context): void {
  const { L, m } = ctx;
  const r = m.readiness;
  const x = L.left;

  L.fillRect(0, 0, A4.width, 8, INK.brand);
  L.kicker('Mesh Readiness', x, 62, INK.accent, 8);
  L.write('Data Mesh readiness report', x, 78, { size: 11, color: INK.ink2 });

  L.y = 104;
  L.paragraph(ctx.organisation, { size: 28, style: 'bold', color: INK.brand, leading: 1.15 });
  L.y += 2;
  const facts = [
    `Assessed ${day(m.assessed_at)}`,
    plural(r.domain_count, 'domain'),
    r.engineers === null ? 'engineers not given' : `${count(r.engineers)} engineers`,
  ].join('  ·  ');
  L.paragraph(facts, { size: 10.5, color: INK.ink2 });
  if (ctx.source === 'demo' || ctx.source === 'mixed') {
    L.y += 4;
    L.pill(ctx.source === 'demo' ? 'Demo data: a fictional organisation' : 'Demo data mixed with your files', x, L.y, INK.warnSoft, INK.warn);
    L.y += 16;
  }
  L.y += 16;

  // The verdict panel.
  const verdict = VERDICT_TEXT[r.verdict];
  const next = r.phase < 4 ? ((r.phase + 1) as 2 | 3 | 4) : null;
  const pad = 18;
  const inner = CONTENT_WIDTH - pad * 2;
  const blockers = next ? (r.blocked_by.length ? r.blocked_by.map(humanize) : ['Nothing: every condition is met.']) : [];
  const detailHeight = L.paragraphHeight(verdict.detail, inner, { size: 11.5, leading: 1.35 });
  const blockerHeight = blockers.reduce((h, b) => h + L.paragraphHeight(b, inner - 11, { size: 9.5 }) + 2, 0);
  const panelHeight = pad + 12 + 30 + detailHeight + 14 + 44 + (next ? 22 + blockerHeight : 0) + pad - 4;
  const top = L.y;
  L.fillRect(x, top, CONTENT_WIDTH, panelHeight, INK.canvas, 8);
  L.fillRect(x, top, 4, panelHeight, VERDICT_COLOR[r.verdict]);
  L.kicker('Verdict', x + pad, top + pad + 5, INK.ink3);
  L.write(verdict.title, x + pad, top + pad + 34, { size: 25, style: 'bold', color: VERDICT_COLOR[r.verdict] });
  L.y = top + pad + 42;
  L.paragraph(verdict.detail, { size: 11.5, leading: 1.35, color: INK.ink }, { x: x + pad, width: inner });
  L.y += 10;
  phaseSteps(L, r.phase, x + pad, L.y, inner);
  L.y += 44;
  if (next) {
    L.write(`What blocks Phase ${next} (${PHASE_NAMES[next]})`, x + pad, L.y + 9, { size: 9.5, style: 'bold' });
    L.y += 16;
    L.bullets(blockers, { size: 9.5, color: INK.ink2 }, { x: x + pad, width: inner });
  }
  L.y = top + panelHeight + 18;

  // Headline figures.
  const tiles = headlineTiles(ctx);
  const gap = 10;
  const w = (CONTENT_WIDTH - gap * (tiles.length - 1)) / tiles.length;
  const h = 106;
  tiles.forEach((tile, i) => {
    const tx = x + i * (w + gap);
    L.strokeRect(tx, L.y, w, h, INK.line, 6);
    const kickers = fitKicker(L, tile.label, w - 20, 6.8);
    kickers.forEach((k, j) => L.kicker(k, tx + 10, L.y + 15 + j * 9, INK.ink3, 6.8));
    const unitWidth = tile.unit ? L.width(tile.unit, { size: 9 }) + 3 : 0;
    let valueSize = 22;
    while (valueSize > 11 && L.width(tile.value, { size: valueSize, style: 'bold' }) + unitWidth > w - 20) valueSize -= 1;
    const baseline = L.y + 33 + 22 * 0.8;
    const vw = L.write(tile.value, tx + 10, baseline, { size: valueSize, style: 'bold', color: tile.color ?? INK.ink });
    if (tile.unit) L.write(tile.unit, tx + 10 + vw + 3, baseline, { size: 9, color: INK.ink3 });
    let ny = baseline + 12;
    if (tile.pill) {
      L.pill(tile.pill.text, tx + 10, ny - 7, tile.pill.color, '#ffffff', 7.5);
      ny += 16;
    }
    for (const line of L.lines(tile.note, w - 20, { size: 7.8 })) {
      L.write(line, tx + 10, ny + 3, { size: 7.8, color: INK.ink2 });
      ny += 10;
    }
  });
  L.y += h + 22;
  whereToStart(ctx);
  // The contents go below (drawn last, when the page numbers are known).
  ctx.coverEnd = L.y;
}

/** A tile's small heading on one line, or two when it does not fit. */
function fitKicker(L: Layout, text: string, width: number, size: number): string[] {
  const style = { size, style: 'bold' as const, charSpace: 0.6 };
  if (L.width(text.toUpperCase(), style) <= width) return [text];
  const words = text.split(' ');
  for (let i = words.length - 1; i > 0; i--) {
    const first = words.slice(0, i).join(' ');
    if (L.width(first.toUpperCase(), style) <= width) return [first, words.slice(i).join(' ')];
  }
  return [text];
}

/** The cover's "where to start": the largest gaps and the proposed pilot domains. */
function whereToStart(ctx: Context): void {
  const { L, m } = ctx;
  const gap = 24;
  const w = (CONTENT_WIDTH - gap) / 2;
  const top = L.y;
  const gaps = m.maturity.gaps;
  const pilots = m.pilot_domains;
  const rows = Math.max(1, gaps.length, pilots.length);
  L.kicker('Largest gaps', L.left, top + 8, INK.ink3, 7.2);
  L.kicker('Proposed pilot domains', L.left + w + gap, top + 8, INK.ink3, 7.2);
  let y = top + 24;
  if (gaps.length === 0) L.write('No assessed pillar is below 60.', L.left, y, { size: 9.5, color: INK.ink2 });
  for (const g of gaps) {
    L.write(PILLAR_NAMES[g.pillar], L.left, y, { size: 9.5 });
    L.write(score(g.score), L.left + w, y, { size: 9.5, style: 'bold', color: INK.developing, align: 'right' });
    L.rule(L.left, y + 4.5, L.left + w, INK.line2, 0.5);
    y += 15;
  }
  y = top + 24;
  const px = L.left + w + gap;
  if (pilots.length === 0) L.write('None yet: load answers or a deployment log.', px, y, { size: 9.5, color: INK.ink2 });
  pilots.forEach((key, i) => {
    L.write(`${i + 1}`, px, y, { size: 9.5, style: 'bold', color: INK.accent });
    L.write(ctx.label(key), px + 12, y, { size: 9.5 }, w - 90);
    L.write(`autonomy ${ratio(m.autonomy.by_domain[key]?.ratio)}`, px + w, y, { size: 8.5, color: INK.ink3, align: 'right' });
    L.rule(px, y + 4.5, px + w, INK.line2, 0.5);
    y += 15;
  });
  L.y = top + 24 + rows * 15 + 8;
}

function headlineTiles(ctx: Context): { label: string; value: string; unit?: string; note: string; color?: string; pill?: { text: string; color: string } }[] {
  const { m } = ctx;
  const a = m.autonomy;
  const r = m.readiness;
  const level = m.maturity.level;
  return [
    {
      label: 'Overall maturity',
      value: score(m.maturity.overall),
      unit: m.maturity.overall === null ? undefined : '/ 100',
      pill: level ? { text: level, color: LEVEL_COLOR[level] ?? INK.ink3 } : undefined,
      note: 'Mean of the assessed pillars (self-assessed).',
    },
    {
      label: 'Autonomy ratio',
      value: ratio(a.ratio),
      note:
        a.ratio === null
          ? 'No counted deployment: load a deployment log.'
          : `${a.ratio >= a.target ? 'Meets' : 'Below'} the ${a.target} target; ${count(a.total)} deployments (measured).`,
      color: a.ratio !== null && a.ratio >= a.target ? INK.good : INK.ink,
    },
    {
      label: 'Communication overhead',
      value: count(m.coupling.overhead),
      unit: 'edges',
      note: `Cross-domain dependencies; coupling share ${ratio(m.coupling.coupling_share)} (measured).`,
    },
    {
      label: 'Scale test',
      value: r.scale_warrants_mesh === null ? 'Unknown' : r.scale_warrants_mesh ? 'Warrants a mesh' : 'No mesh needed',
      note: `${r.engineers === null ? 'Engineers not given (decided on domains alone)' : `${count(r.engineers)} engineers ${r.engineers > 100 ? '> 100' : '<= 100'}`}; ${count(r.domain_count)} domains ${r.domain_count > 10 ? '> 10' : '<= 10'}.`,
      color: r.scale_warrants_mesh ? INK.good : r.scale_warrants_mesh === false ? INK.warn : INK.ink3,
    },
  ];
}

/** The four phases as a stepper: reached phases in the accent colour, the current one in bold. */
function phaseSteps(L: Layout, phase: 1 | 2 | 3 | 4, x: number, y: number, width: number): void {
  const gap = 4;
  const w = (width - gap * 3) / 4;
  for (const p of [1, 2, 3, 4] as const) {
    const sx = x + (p - 1) * (w + gap);
    L.fillRect(sx, y, w, 4, p <= phase ? INK.accent : INK.line, 2);
    const current = p === phase;
    L.write(`${p}  ${PHASE_NAMES[p]}`, sx, y + 17, { size: 8.5, style: current ? 'bold' : 'normal', color: current ? INK.ink : p < phase ? INK.ink2 : INK.ink3 }, w - 4);
    if (current) L.write('current phase', sx, y + 29, { size: 7.5, color: INK.accent, style: 'bold' });
  }
}

/** The contents on the cover, with page numbers and links. */
function contents(ctx: Context): void {
  const { L } = ctx;
  L.doc.setPage(1);
  let y = Math.max(COVER_CONTENTS_Y, ctx.coverEnd + 10);
  L.write('Contents', L.left, y, { size: 11, style: 'bold' });
  y += 16;
  const top = L.sections.filter((s) => !s.child);
  const domainPages = L.sections.filter((s) => s.child).map((s) => s.page);
  for (const [i, section] of top.entries()) {
    const pages =
      section.title === DOMAINS_TITLE && domainPages.length > 0
        ? `${section.page}–${domainPages.at(-1)}`
        : String(section.page);
    const number = `${i + 1}`;
    L.write(number, L.left, y, { size: 9.5, color: INK.accent, style: 'bold' });
    const tw = L.write(section.title, L.left + 16, y, { size: 9.5 });
    const pw = L.width(pages, { size: 9.5 });
    L.write(pages, L.right, y, { size: 9.5, align: 'right', color: INK.ink2 });
    L.rule(L.left + 16 + tw + 6, y - 2, L.right - pw - 6, INK.line, 0.6, [1, 2.5]);
    L.doc.link(L.left, y - 10, CONTENT_WIDTH, 14, { pageNumber: section.page });
    y += 15;
  }
  // Small print at the foot of the cover.
  const foot = A4.height - 58;
  L.rule(L.left, foot - 12, L.right, INK.line);
  const note =
    'Scores run from 0 to 100 and are rounded to one decimal, ratios to two. Measured figures come from the deployment log and the dependency export; maturity scores are self-assessed through the questionnaire. Every figure was computed in the browser: no data left the device.';
  let ny = foot;
  for (const line of L.lines(note, CONTENT_WIDTH, { size: 7.5 })) {
    L.write(line, L.left, ny, { size: 7.5, color: INK.ink3 });
    ny += 10;
  }
}

function outline(ctx: Context): void {
  const { L } = ctx;
  const doc = L.doc as unknown as { outline: { add(parent: unknown, title: string, options: { pageNumber: number }): unknown } };
  doc.outline.add(null, 'Cover', { pageNumber: 1 });
  let parent: unknown = null;
  for (const section of L.sections) {
    const node = doc.outline.add(section.child ? parent : null, toPdfDocText(section.title), { pageNumber: section.page });
    if (!section.child) parent = node;
  }
}

// --- shared pieces ---------------------------------------------------------------------------

async function chart(ctx: Context, spec: ChartSpec): Promise<void> {
  const { L } = ctx;
  L.ensure(spec.height);
  const x = L.left + (CONTENT_WIDTH - spec.width) / 2;
  if (ctx.draw) {
    await ctx.draw(renderChartSvg(spec), x, L.y, spec.width, spec.height);
  } else {
    L.strokeRect(x, L.y, spec.width, spec.height, INK.line, 4);
    L.write(`${spec.description} (drawn in the browser)`, x + spec.width / 2, L.y + spec.height / 2, { size: 8, color: INK.ink3, align: 'center' });
  }
  L.y += spec.height + 6;
}

interface Stat {
  label: string;
  value: string;
  note?: string;
  color?: string;
}

/** A row of headline figures. */
function stats(L: Layout, items: readonly Stat[]): void {
  const gap = 12;
  const w = (CONTENT_WIDTH - gap * (items.length - 1)) / items.length;
  const noteHeight = Math.max(...items.map((s) => (s.note ? L.lines(s.note, w - 14, { size: 8 }).length * 10.5 : 0)));
  const h = 40 + noteHeight;
  L.ensure(h + 10);
  items.forEach((s, i) => {
    const x = L.left + i * (w + gap);
    L.fillRect(x, L.y, 2.5, h - 4, INK.line);
    L.kicker(s.label, x + 10, L.y + 9, INK.ink3, 6.8);
    L.write(s.value, x + 10, L.y + 31, { size: 18, style: 'bold', color: s.color ?? INK.ink });
    let y = L.y + 44;
    if (s.note) {
      for (const line of L.lines(s.note, w - 14, { size: 8 })) {
        L.write(line, x + 10, y, { size: 8, color: INK.ink2 });
        y += 10.5;
      }
    }
  });
  L.y += h + 14;
}

/** Two columns side by side, each drawn by its own function from the same top. */
function columns(L: Layout, heights: [number, number], draw: [(x: number, w: number) => void, (x: number, w: number) => void], gap = 24): void {
  const w = (CONTENT_WIDTH - gap) / 2;
  L.ensure(Math.max(...heights));
  const top = L.y;
  draw[0](L.left, w);
  const left = L.y;
  L.y = top;
  draw[1](L.left + w + gap, w);
  L.y = Math.max(left, L.y);
}

function smallHeading(L: Layout, raw: string, x: number, color: string = INK.ink3): void {
  L.kicker(raw, x, L.y + 8, color, 7.2);
  L.y += 15;
}

function thresholdKey(L: Layout, y: number, centre = true): void {
  const parts: [string, string][] = [
    ['Dashed lines:', INK.ink3],
    ['40 Developing', INK.developing],
    ['60 Intermediate', INK.intermediate],
    ['80 Advanced', INK.advanced],
  ];
  const style = { size: 8 };
  const widths = parts.map(([t]) => L.width(t, { ...style, style: 'bold' }));
  const total = widths.reduce((a, b) => a + b, 0) + 12 * (parts.length - 1);
  let x = centre ? L.left + (CONTENT_WIDTH - total) / 2 : L.left;
  parts.forEach(([t, color], i) => {
    L.write(t, x, y, { ...style, style: i === 0 ? 'normal' : 'bold', color });
    x += widths[i]! + 12;
  });
}

// --- 1 maturity ------------------------------------------------------------------------------

async function maturity(ctx: Context): Promise<void> {
  const { L, m, s } = ctx;
  const mat = m.maturity;
  L.section('Maturity: the four pillars', { runningTitle: '1 · Maturity' });
  L.title(
    '1 · Maturity',
    'The four pillars',
    `Self-assessed through the questionnaire: ${plural(s.answers.rows, 'answer')} from ${plural(s.answers.respondents, 'respondent')} in ${plural(s.answers.domains, 'domain')}, scored 0–100 against the levels 40 Developing, 60 Intermediate, 80 Advanced.`,
  );

  const levelText = mat.level ? ` (${mat.level})` : '';
  L.paragraph(`Overall maturity ${score(mat.overall)}${levelText}: the mean of the assessed pillars.`, { size: 10.5, style: 'bold' }, { after: 8 });

  await chart(ctx, pillarChart([{ name: 'Organisation', scores: mat.pillars, color: COLORS.brand2 }], CONTENT_WIDTH, 160));
  thresholdKey(L, L.y + 3);
  L.y += 16;

  const knowledge = s.answers.byPillar;
  L.table(
    [
      { header: 'Pillar', width: 190 },
      { header: 'Score', width: 70, align: 'right', style: 'bold' },
      { header: 'Answers scored', width: 85, align: 'right' },
      { header: "Don't know", width: 75, align: 'right' },
      { header: 'Unknown share', width: CONTENT_WIDTH - 420, align: 'right' },
    ],
    PILLARS.map((p) => [
      PILLAR_NAMES[p],
      mat.pillars[p] === null ? { text: score(null), color: INK.ink3, style: 'italic' } : score(mat.pillars[p]),
      count(mat.answers[p].scored),
      count(mat.answers[p].unknown),
      percent(knowledge[p]?.unknownShare),
    ]),
    { rowPadding: 3.8 },
  );
  L.paragraph(
    'Unknown share: "don\'t know" answers ÷ (scored + "don\'t know") for the pillar. A high share means the score rests on little knowledge.',
    { size: 8, color: INK.ink3 },
    { after: 10 },
  );

  L.heading('Gaps and recommendations', { note: 'Every assessed pillar below 60 (Intermediate), lowest first, with its recommendation (seed 001).', keep: 80 });
  if (mat.gaps.length === 0) {
    L.paragraph('No assessed pillar is below 60.', { color: INK.ink2 }, { after: 10 });
  } else {
    for (const gap of mat.gaps) {
      L.ensure(36);
      const top = L.y;
      L.write(PILLAR_NAMES[gap.pillar], L.left + 12, L.y + 10, { size: 10, style: 'bold' });
      L.write(score(gap.score), L.right, L.y + 10, { size: 10, style: 'bold', color: INK.developing, align: 'right' });
      L.y += 15;
      L.paragraph(gap.recommendation, { size: 9.5, color: INK.ink2 }, { x: L.left + 12, width: CONTENT_WIDTH - 12 });
      L.fillRect(L.left, top, 2.5, L.y - top, INK.developing);
      L.y += 7;
    }
    L.y += 4;
  }

  L.heading('What the pillars ask', { note: 'The four principles of a Data Mesh (seeds 001 and 002).', keep: 70 });
  const asks: Record<Pillar, string> = {
    domain_ownership: 'Business domains own their data end to end, with named owners, instead of handing it to a central data team.',
    data_as_product: 'Data is a first-class product: discoverable, documented, with an owner, SLAs and quality guarantees for its consumers.',
    self_serve_platform: 'A platform team provides the infrastructure abstractions (templates, storage, compute, discovery, quality monitoring) that let domains build and run data products on their own.',
    federated_governance: 'Standards (interoperability, security, privacy, quality) are agreed across domains and enforced computationally by the platform.',
  };
  const termWidth = 120;
  for (const p of PILLARS) {
    const h = L.paragraphHeight(asks[p], CONTENT_WIDTH - termWidth, { size: 8.8 });
    L.ensure(h + 6);
    const top = L.y;
    L.write(PILLAR_NAMES[p], L.left, L.y + 8.8, { size: 8.8, style: 'bold' });
    L.paragraph(asks[p], { size: 8.8, color: INK.ink2 }, { x: L.left + termWidth, width: CONTENT_WIDTH - termWidth });
    L.y = Math.max(L.y, top + 13) + 3;
  }
}

// --- 2 autonomy ------------------------------------------------------------------------------

async function autonomy(ctx: Context): Promise<void> {
  const { L, m } = ctx;
  const a = m.autonomy;
  const x = a.excluded;
  L.section('Autonomy over time and by domain', { runningTitle: '2 · Autonomy' });
  L.title(
    '2 · Autonomy',
    'Autonomy over time and by domain',
    `Measured from the deployment log: how often a domain ships to production without another domain's team having to act. The seed's target is a ratio above ${a.target}.`,
  );
  const left = x.status + x.environment + x.duplicate_id;
  stats(L, [
    {
      label: 'Autonomy ratio',
      value: ratio(a.ratio),
      note: a.ratio === null ? 'No counted deployment.' : `${a.ratio >= a.target ? 'Meets' : 'Below'} the ${a.target} target`,
      color: a.ratio !== null && a.ratio >= a.target ? INK.good : INK.ink,
    },
    { label: 'Independent', value: count(a.independent), note: 'deployments' },
    { label: 'Counted', value: count(a.total), note: 'successful, to production' },
    {
      label: 'Left out',
      value: count(left),
      note: `${count(x.status)} not successful, ${count(x.environment)} not production, ${count(x.duplicate_id)} repeated ids`,
    },
  ]);

  const weeks = a.weekly;
  L.heading('Weekly trend', {
    note: weeks.length
      ? `ISO weeks (UTC, Monday first), ${weeks[0]!.week} to ${weeks.at(-1)!.week}; the dashed line is the ${a.target} target. A week without counted deployments is a gap.`
      : undefined,
    keep: 160,
  });
  if (weeks.length === 0) L.paragraph('No counted deployment: load a deployment log.', { color: INK.ink2 }, { after: 10 });
  else await chart(ctx, weeklyChart(a, CONTENT_WIDTH, 160));
  L.y += 6;

  const rows: DomainRatio[] = Object.entries(a.by_domain)
    .map(([key, d]) => ({ key, label: ctx.label(key), ...d }))
    .sort((p, q) => (q.ratio ?? -1) - (p.ratio ?? -1) || p.label.localeCompare(q.label));
  const note = 'Independent ÷ counted deployments of each domain, highest first; green bars meet the target.';
  const { comfortable, compact } = domainAutonomyHeights(rows.length);
  const room = L.room - 28 - L.paragraphHeight(note, CONTENT_WIDTH, { size: 8.5 }) - 6;
  const spec = domainAutonomyChart(rows, a.target, CONTENT_WIDTH, comfortable <= room ? comfortable : room >= compact ? room : comfortable);
  const counted = rows.some((r) => r.total > 0);
  L.heading('By domain', { note, keep: counted ? spec.height : 20 });
  if (!counted) L.paragraph('No counted deployment.', { color: INK.ink2 });
  else await chart(ctx, spec);
}

// --- 3 dependencies --------------------------------------------------------------------------

async function dependencies(ctx: Context): Promise<void> {
  const { L, m } = ctx;
  const c = m.coupling;
  L.section('The dependency matrix and its hubs', { runningTitle: '3 · Dependencies' });
  L.title(
    '3 · Dependencies',
    'The dependency matrix and its hubs',
    'Measured from the dependency export: every dependency across a domain boundary is a conversation between teams.',
  );
  stats(L, [
    { label: 'Communication overhead', value: count(c.overhead), note: 'cross-domain edges (sum of D(i, j))' },
    { label: 'Distinct edges', value: count(c.total_edges), note: 'within and across domains' },
    { label: 'Coupling share', value: ratio(c.coupling_share), note: 'overhead ÷ distinct edges' },
  ]);

  const { keys, linked } = matrixDomains(m);
  const note =
    'Rows depend on (consume from) columns; each cell counts distinct edges. A column with many cells is a hub others wait on.' +
    (linked > keys.length ? ` Shown: the ${keys.length} domains with the most cross-domain edges, of ${count(linked)}; the app exports the whole matrix as CSV.` : '');
  // As tall as is comfortable; smaller rather than leave this page empty, down to a compact size.
  const { comfortable, compact } = matrixHeights(keys.length);
  const room = L.room - 28 - L.paragraphHeight(note, CONTENT_WIDTH, { size: 8.5 }) - 6;
  const height = comfortable <= room ? comfortable : room >= compact ? room : comfortable;
  const spec = matrixChart(c.matrix, keys, ctx.label, CONTENT_WIDTH, height);
  L.heading('Dependency matrix', { note, keep: keys.length ? spec.height : 20 });
  if (keys.length === 0) L.paragraph('No dependency crosses a domain boundary.', { color: INK.ink2 }, { after: 10 });
  else await chart(ctx, spec);
  L.y += 6;

  const hubs = Object.entries(c.by_domain)
    .filter(([, d]) => d.fan_in + d.fan_out > 0)
    .sort(([ka, p], [kb, q]) => q.fan_in - p.fan_in || q.fan_out - p.fan_out || ka.localeCompare(kb))
    .slice(0, 10);
  L.heading('Hubs', {
    note: 'Top 10 by fan-in: edges from other domains into this one. Fan-out: edges out. Partners: distinct domains either way.',
    keep: 80,
  });
  if (hubs.length === 0) {
    L.paragraph('No cross-domain dependency.', { color: INK.ink2 });
    return;
  }
  L.table(
    [
      { header: 'Domain', width: CONTENT_WIDTH - 240 },
      { header: 'Fan-in', width: 80, align: 'right', style: 'bold' },
      { header: 'Fan-out', width: 80, align: 'right' },
      { header: 'Partners', width: 80, align: 'right' },
    ],
    hubs.map(([key, d]) => [ctx.label(key), count(d.fan_in), count(d.fan_out), count(d.partners)]),
    { zebra: true, size: 8.4, rowPadding: 2.6 },
  );
}

// --- 4 roadmap -------------------------------------------------------------------------------

function roadmap(ctx: Context): void {
  const { L, m } = ctx;
  const r = m.readiness;
  const current = `Phase ${r.phase} · ${PHASE_NAMES[r.phase]}`;
  L.section('The roadmap', { runningTitle: '4 · Roadmap' });
  const stay =
    r.verdict === 'stay-centralized'
      ? ' The verdict is to stay centralized: this is the path if the organisation grows into a mesh, not a recommendation to start it.'
      : '';
  L.title(
    '4 · Roadmap',
    'The roadmap',
    `The phases ahead from ${current}, laid from the assessment date (${day(m.assessed_at)}) with the implementation path's durations: Phase 2 takes 6–12 months, Phase 3 12–24 months, and Phase 4 has no end.${stay}`,
  );
  if (m.roadmap.length === 0) {
    L.paragraph('The organisation is in Phase 4 · Mesh operation: no phase lies ahead. Keep the exit criteria of Phase 4 met.', { size: 10.5 });
    return;
  }
  timeline(L, m.roadmap, current);

  m.roadmap.forEach((phase, i) => {
    const range = `Starts ${months(phase.start_months)}; ${phase.end_months ? `ends ${months(phase.end_months)}` : 'no end'}.`;
    const actions = phase.actions.length ? phase.actions : ['No gap belongs to this phase.'];
    const criteria = phase.exit_criteria.map(humanize);
    const colWidth = (CONTENT_WIDTH - 24) / 2;
    const listHeight = (items: string[]) => items.reduce((h, t) => h + L.paragraphHeight(t, colWidth - 11, { size: 9.5 }) + 2, 15);
    const h = Math.max(listHeight(actions), listHeight(criteria));
    L.heading(`Phase ${phase.phase} · ${phase.name}`, { note: range, keep: h + 10 });
    columns(L, [h, h], [
      (x, w) => {
        smallHeading(L, 'Actions', x);
        if (phase.actions.length === 0) L.paragraph(actions[0]!, { size: 9.5, color: INK.ink3 }, { x, width: w });
        else L.bullets(actions, { size: 9.5 }, { x, width: w });
      },
      (x, w) => {
        smallHeading(L, 'Exit criteria', x);
        L.bullets(criteria, { size: 9.5 }, { x, width: w });
      },
    ]);
    L.y += 6;
    if (i === 0) {
      const blockers = r.blocked_by.length ? r.blocked_by.map(humanize) : ['Nothing: every condition is met.'];
      const inner = CONTENT_WIDTH - 28;
      const bh = 30 + blockers.reduce((sum, b) => sum + L.paragraphHeight(b, inner - 11, { size: 9.5 }) + 2, 0);
      L.ensure(bh + 6);
      const top = L.y;
      L.fillRect(L.left, top, CONTENT_WIDTH, bh, INK.warnSoft, 6);
      L.y = top + 8;
      smallHeading(L, 'What blocks this phase today', L.left + 14, INK.warn);
      L.bullets(blockers, { size: 9.5 }, { x: L.left + 14, width: inner, color: INK.warn });
      L.y = top + bh + 14;
    } else {
      L.y += 8;
    }
  });
  L.y += 4;
  pilotDomains(ctx);
}

/** The roadmap as a timeline in vectors: solid where a phase surely runs, light where its start or end falls. */
function timeline(L: Layout, phases: Metrics['roadmap'], current: string): void {
  const last = Math.max(6, ...phases.flatMap((p) => [p.start_months[1], p.end_months?.[1] ?? p.start_months[1]]));
  const horizon = Math.ceil((last + 6) / 6) * 6;
  const nameWidth = 168;
  const trackX = L.left + nameWidth;
  const trackW = CONTENT_WIDTH - nameWidth;
  const at = (month: number) => trackX + (Math.min(month, horizon) / horizon) * trackW;
  const rowH = 30;
  const height = rowH * (phases.length + 1) + 44;
  L.ensure(height);
  const top = L.y;
  const ticks = Array.from({ length: horizon / 6 + 1 }, (_, i) => i * 6);
  const bottomY = top + rowH * (phases.length + 1);
  for (const t of ticks) L.vline(at(t), top, bottomY, INK.line, 0.5);

  // Today.
  L.write('Today', L.left, top + 12, { size: 9.5, style: 'bold' });
  L.write(current, L.left, top + 23, { size: 8, color: INK.ink3 }, nameWidth - 8);
  L.fillRect(at(0) - 1.2, top + 2, 2.4, rowH * (phases.length + 1) - 4, INK.bad);

  const colours: Record<number, string> = { 2: INK.accent, 3: INK.brand2, 4: INK.brand };
  phases.forEach((phase, i) => {
    const y = top + rowH * (i + 1);
    L.write(`Phase ${phase.phase} · ${phase.name}`, L.left, y + 12, { size: 9.5, style: 'bold' }, nameWidth - 8);
    const range = `starts ${months(phase.start_months)}${phase.end_months ? `, ends ${months(phase.end_months)}` : ', no end'}`;
    L.write(range, L.left, y + 23, { size: 8, color: INK.ink3 }, nameWidth - 8);
    const [s0, s1] = phase.start_months;
    const barY = y + 7;
    const barH = 14;
    const colour = colours[phase.phase] ?? INK.brand2;
    const fuzzy = (from: number, to: number) => {
      if (to <= from) return;
      L.fillRect(at(from), barY, at(to) - at(from), barH, '#dbe3ec', 3);
      L.strokeRect(at(from), barY, at(to) - at(from), barH, '#9aa8ba', 3, 0.5);
    };
    fuzzy(s0, s1);
    if (phase.end_months) {
      L.fillRect(at(s1), barY, Math.max(1, at(phase.end_months[0]) - at(s1)), barH, colour, 3);
      fuzzy(phase.end_months[0], phase.end_months[1]);
    } else {
      // No end: solid to the horizon, fading out in steps.
      const end = at(horizon);
      const solidEnd = at(s1) + (end - at(s1)) * 0.7;
      L.fillRect(at(s1), barY, solidEnd - at(s1), barH, colour, 3);
      const steps = 6;
      const stepW = (end - solidEnd) / steps;
      for (let k = 0; k < steps; k++) {
        L.doc.saveGraphicsState();
        L.doc.setGState(new (L.doc as unknown as { GState: new (o: { opacity: number }) => unknown }).GState({ opacity: 1 - (k + 1) / (steps + 1) }) as never);
        L.fillRect(solidEnd + k * stepW - 0.2, barY, stepW + 0.4, barH, colour);
        L.doc.restoreGraphicsState();
      }
    }
  });
  // The axis.
  L.rule(trackX, bottomY, trackX + trackW, INK.ink3, 0.6);
  for (const t of ticks) L.write(String(t), at(t), bottomY + 11, { size: 7.5, color: INK.ink3, align: 'center' });
  L.write('months from the assessment', L.left, bottomY + 11, { size: 7.5, color: INK.ink3 });
  // Key.
  const ky = bottomY + 26;
  L.fillRect(trackX, ky - 7, 18, 8, INK.brand2, 2);
  const w1 = L.write('surely under way', trackX + 23, ky, { size: 7.5, color: INK.ink2 });
  const k2 = trackX + 23 + w1 + 16;
  L.fillRect(k2, ky - 7, 18, 8, '#dbe3ec', 2);
  L.strokeRect(k2, ky - 7, 18, 8, '#9aa8ba', 2, 0.5);
  L.write('its start or end falls in this range', k2 + 23, ky, { size: 7.5, color: INK.ink2 });
  L.y = top + height + 8;
}

function pilotDomains(ctx: Context): void {
  const { L, m } = ctx;
  L.heading('Pilot domains', {
    note: 'Start with 2–3 pilot domains (seed 003): up to three, ranked by the domain ownership score + 100 × the autonomy ratio; ties go to lower fan-in.',
    keep: 60,
  });
  if (m.pilot_domains.length === 0) {
    L.paragraph('No domain to propose yet: load answers or a deployment log.', { color: INK.ink2 });
  } else {
    m.pilot_domains.forEach((key, i) => {
      L.ensure(30);
      L.write(`${i + 1}`, L.left + 2, L.y + 10, { size: 10, style: 'bold', color: INK.accent });
      L.write(ctx.label(key), L.left + 16, L.y + 10, { size: 10, style: 'bold' }, CONTENT_WIDTH - 16);
      L.y += 14;
      const own = m.maturity.by_domain[key]?.domain_ownership;
      const aut = m.autonomy.by_domain[key]?.ratio;
      const fanIn = m.coupling.by_domain[key]?.fan_in ?? 0;
      L.paragraph(`Domain ownership ${score(own)} · autonomy ${ratio(aut)} · fan-in ${count(fanIn)}`, { size: 8.8, color: INK.ink2 }, { x: L.left + 16, after: 6 });
    });
  }
}

// --- 5 domains -------------------------------------------------------------------------------

const DOMAINS_TITLE = 'Domains: a page each';

/** The first page of the domains: every domain's figures in one table. */
function domainsOverview(ctx: Context): void {
  const { L, m } = ctx;
  L.section(DOMAINS_TITLE, { runningTitle: '5 · Domains' });
  L.title(
    '5 · Domains',
    'The domains at a glance',
    `${plural(ctx.domains.filter((d) => d.key !== 'unassigned').length, 'domain')}, each with a page of its own after this one: its pillars against the organisation, its autonomy, its dependencies, and whether it is a proposed pilot.`,
  );
  const short: Record<Pillar, string> = {
    domain_ownership: 'Ownership',
    data_as_product: 'Product',
    self_serve_platform: 'Platform',
    federated_governance: 'Governance',
  };
  const cell = (v: number | null | undefined): CellValue => (v === null || v === undefined ? { text: '—', color: INK.ink3 } : score(v));
  const places = L.table(
    [
      { header: 'Domain', width: 106, style: 'bold' },
      ...PILLARS.map((p): Column => ({ header: short[p], width: 54, align: 'right' })),
      { header: 'Autonomy', width: 46, align: 'right' },
      { header: 'Fan-in', width: 34, align: 'right' },
      { header: 'Fan-out', width: 40, align: 'right' },
      { header: 'Pilot', width: 26, align: 'center' },
      { header: 'Page', width: CONTENT_WIDTH - 468, align: 'right' },
    ],
    ctx.domains.map((d) => {
      const scores = m.maturity.by_domain[d.key];
      const coupling = m.coupling.by_domain[d.key];
      const rank = m.pilot_domains.indexOf(d.key);
      return [
        d.label,
        ...PILLARS.map((p) => cell(scores?.[p])),
        ratio(m.autonomy.by_domain[d.key]?.ratio),
        count(coupling?.fan_in ?? 0),
        count(coupling?.fan_out ?? 0),
        rank >= 0 ? { text: String(rank + 1), color: INK.accent, style: 'bold' } : '',
        '', // the domain's page, written once the pages exist
      ];
    }),
    { zebra: true, size: 8.6, rowPadding: 3.6, cellPadding: 4, headerSize: 7.2 },
  );
  ctx.overviewRows = places;
  L.paragraph(
    `Pillar scores are each domain's weighted mean answer (0–100; "—" where nobody in the domain answered that pillar). Organisation: ${PILLARS.map((p) => `${short[p].toLowerCase()} ${score(m.maturity.pillars[p])}`).join(', ')}; autonomy ${ratio(m.autonomy.ratio)}. Pilot: the proposed pilot domains, by rank. Page: the domain's own page.`,
    { size: 8, color: INK.ink3 },
  );
}

/** Writes each domain's page number into the overview table and links its row there. */
function linkDomainPages(ctx: Context): void {
  const { L } = ctx;
  ctx.domains.forEach((d, i) => {
    const place = ctx.overviewRows[i];
    const page = ctx.domainPages.get(d.key);
    if (!place || page === undefined) return;
    L.doc.setPage(place.page);
    L.write(String(page), L.right - 4, place.baseline, { size: 8.6, color: INK.brand2, align: 'right' });
    L.doc.link(L.left, place.y, CONTENT_WIDTH, place.height, { pageNumber: page });
  });
  L.doc.setPage(L.page);
}

async function domainPage(ctx: Context, key: string, index: number): Promise<void> {
  const { L, m } = ctx;
  const name = ctx.label(key);
  L.newPage();
  L.sections.push({ title: name, page: L.page, child: true });
  ctx.domainPages.set(key, L.page);
  L.pageTitles[L.page - 1] = `5 · Domains · ${name}`;

  L.kicker(`5 · Domain ${index + 1} of ${ctx.domains.length}`, L.left, L.y + 7);
  L.y += 13;
  L.paragraph(name, { size: 19, style: 'bold', color: INK.brand, leading: 1.2 });
  L.y += 4;
  const pilotRank = m.pilot_domains.indexOf(key);
  if (key === 'unassigned') {
    L.pill('Rows without a domain', L.left, L.y, INK.line2, INK.ink2);
  } else if (pilotRank >= 0) {
    L.pill(`Proposed pilot domain (${pilotRank + 1} of ${m.pilot_domains.length})`, L.left, L.y, INK.accentSoft, INK.accent);
  } else {
    L.pill('Not a proposed pilot', L.left, L.y, INK.line2, INK.ink2);
  }
  L.y += 24;
  if (key === 'unassigned') {
    L.paragraph(
      'Rows that named no domain, neither in the file nor through the ownership map, are counted here. "Unassigned" is never counted as a domain nor proposed as a pilot.',
      { size: 9.5, color: INK.ink2 },
      { after: 8 },
    );
  }

  // Pillars against the organisation.
  const scores = m.maturity.by_domain[key] ?? { domain_ownership: null, data_as_product: null, self_serve_platform: null, federated_governance: null };
  L.heading('Pillar scores', { note: 'This domain (blue) against the organisation (grey); dashed lines at 40, 60 and 80.', keep: 160 });
  await chart(
    ctx,
    pillarChart(
      [
        { name, scores, color: COLORS.brand2 },
        { name: 'Organisation', scores: m.maturity.pillars, color: COLORS.org },
      ],
      CONTENT_WIDTH,
      172,
    ),
  );
  L.y += 2;
  const cell = (v: number | null): CellValue => (v === null ? { text: score(null), color: INK.ink3, style: 'italic' } : score(v));
  L.table(
    [
      { header: 'Pillar', width: CONTENT_WIDTH - 200 },
      { header: 'This domain', width: 100, align: 'right', style: 'bold' },
      { header: 'Organisation', width: 100, align: 'right' },
    ],
    PILLARS.map((p: Pillar) => [PILLAR_NAMES[p], cell(scores[p]), cell(m.maturity.pillars[p])]),
    { rowPadding: 3.5 },
  );

  // Autonomy and dependencies side by side.
  const own = m.autonomy.by_domain[key];
  const c = m.coupling.by_domain[key] ?? { fan_in: 0, fan_out: 0, partners: 0 };
  const byCount = (p: { count: number }, q: { count: number }) => q.count - p.count || 0;
  const out = m.coupling.matrix.filter((e) => e.from === key).sort(byCount);
  const into = m.coupling.matrix.filter((e) => e.to === key).sort(byCount);
  const listH = (n: number) => 18 + Math.max(1, n) * 14;
  L.ensure(120);
  columns(L, [110, 110], [
    (x, w) => {
      smallHeading(L, 'Autonomy', x, INK.ink3);
      if (!own || own.total === 0) {
        L.paragraph('No counted deployment of this domain.', { size: 9.5, color: INK.ink2 }, { x, width: w });
        return;
      }
      const meets = own.ratio !== null && own.ratio >= m.autonomy.target;
      const vw = L.write(ratio(own.ratio), x, L.y + 20, { size: 22, style: 'bold', color: meets ? INK.good : INK.ink });
      L.write(meets ? `meets the ${m.autonomy.target} target` : `below the ${m.autonomy.target} target`, x + vw + 8, L.y + 20, { size: 9, color: INK.ink2 });
      L.y += 40;
      meter(L, x, L.y, w, own.ratio, m.autonomy.ratio, m.autonomy.target);
      L.y += 30;
      L.paragraph(`${count(own.independent)} of ${count(own.total)} counted deployments were independent; the organisation's ratio is ${ratio(m.autonomy.ratio)}.`, { size: 8.8, color: INK.ink2 }, { x, width: w });
    },
    (x, w) => {
      smallHeading(L, 'Dependencies', x, INK.ink3);
      const parts: [string, string][] = [
        [count(c.fan_in), 'fan-in'],
        [count(c.fan_out), 'fan-out'],
        [count(c.partners), 'partners'],
      ];
      let px = x;
      for (const [value, what] of parts) {
        const vw = L.write(value, px, L.y + 20, { size: 22, style: 'bold' });
        const ww = L.write(what, px + vw + 4, L.y + 20, { size: 9, color: INK.ink2 });
        px += vw + ww + 18;
      }
      L.y += 30;
      L.paragraph(
        'Fan-in: edges from other domains that depend on this one. Fan-out: edges to the domains it depends on. Partners: distinct domains either way.',
        { size: 8.8, color: INK.ink2 },
        { x, width: w },
      );
    },
  ]);
  L.y += 12;

  // Both lists stay on this page: the longest ones end with "and n more".
  L.ensure(listH(6));
  const fit = Math.max(6, Math.floor((L.room - 18) / 13));
  columns(L, [listH(Math.min(out.length, fit)), listH(Math.min(into.length, fit))], [
    (x, w) => edgeList(L, 'Depends on', out.map((e) => [ctx.label(e.to), e.count]), x, w, fit),
    (x, w) => edgeList(L, 'Depended on by', into.map((e) => [ctx.label(e.from), e.count]), x, w, fit),
  ]);
}

function edgeList(L: Layout, title: string, items: [string, number][], x: number, w: number, fit: number): void {
  smallHeading(L, title, x, INK.ink3);
  if (items.length === 0) {
    L.paragraph('No other domain.', { size: 9, color: INK.ink3 }, { x, width: w });
    return;
  }
  const shown = items.length <= fit ? items : items.slice(0, fit - 1);
  for (const [name, n] of shown) {
    L.write(name, x, L.y + 9.5, { size: 9 }, w - 52);
    L.write(`${count(n)} ${n === 1 ? 'edge' : 'edges'}`, x + w, L.y + 9.5, { size: 9, color: INK.ink2, align: 'right' });
    L.y += 13;
    L.rule(x, L.y - 0.5, x + w, INK.line2, 0.5);
  }
  const rest = items.slice(shown.length);
  if (rest.length) {
    const edges = rest.reduce((sum, [, n]) => sum + n, 0);
    L.write(`and ${plural(rest.length, 'more domain')}, ${plural(edges, 'edge')}`, x, L.y + 9.5, { size: 8.5, color: INK.ink3, style: 'italic' });
    L.y += 13;
  }
}

/** A 0–1 meter: this domain's ratio as a bar, the organisation's as a tick, the target dashed. */
function meter(L: Layout, x: number, y: number, w: number, value: number | null, org: number | null, target: number): void {
  L.fillRect(x, y, w, 8, INK.line2, 4);
  if (value !== null) L.fillRect(x, y, Math.max(4, w * value), 8, value >= target ? INK.good : INK.brand2, 4);
  L.vline(x + w * target, y - 4, y + 12, INK.bad, 0.9, [2, 1.5]);
  L.write(`target ${target}`, x + w * target, y + 20, { size: 7, color: INK.bad, align: 'center' });
  if (org !== null) {
    L.vline(x + w * org, y - 3, y + 11, INK.ink, 1.2);
    L.write(`organisation ${ratio(org)}`, x + w * org, y - 6, { size: 7, color: INK.ink2, align: 'center' });
  }
  L.write('0', x, y + 20, { size: 7, color: INK.ink3 });
  L.write('1', x + w, y + 20, { size: 7, color: INK.ink3, align: 'right' });
}

// --- 6 method --------------------------------------------------------------------------------

function method(ctx: Context): void {
  const { L, m, s } = ctx;
  L.section('What was measured and what was self-assessed', { runningTitle: '6 · Measured and self-assessed' });
  L.title(
    '6 · Evidence',
    'What was measured and what was self-assessed',
    'Measured figures count what the organisation\'s systems recorded. Self-assessed figures are what the respondents believe about their domain, and rest on the knowledge in the room: the unknown share says how much of each pillar nobody could answer.',
  );
  const d = s.deployments;
  const share = PILLARS.map((p) => `${PILLAR_NAMES[p]} ${percent(s.answers.byPillar[p]?.unknownShare)}`).join(', ');
  L.table(
    [
      { header: 'Source', width: 96, style: 'bold', wrap: true },
      { header: 'Basis', width: 74 },
      { header: 'Figures it gives', width: 160, wrap: true },
      { header: 'This assessment', width: CONTENT_WIDTH - 330, wrap: true },
    ],
    [
      [
        'Deployment log',
        { text: 'Measured', color: INK.accent, style: 'bold' },
        'Autonomy ratio (organisation, per domain, per week); the autonomy gates of the phases; pilot ranking.',
        d.counted ? `${count(d.counted)} counted deployments of ${count(d.rows)} rows, ${day(d.first)} to ${day(d.last)}.` : 'No deployment log loaded.',
      ],
      [
        'Dependency export',
        { text: 'Measured', color: INK.accent, style: 'bold' },
        'Communication overhead, coupling share, the dependency matrix, fan-in, fan-out, partners; pilot tie-break.',
        s.dependencies.rows ? `${count(s.dependencies.distinctEdges)} distinct edges from ${plural(s.dependencies.rows, 'row')}.` : 'No dependency export loaded.',
      ],
      [
        'Questionnaire',
        { text: 'Self-assessed', color: INK.developing, style: 'bold' },
        'The four pillar scores, overall maturity and level, gaps, the pillar gates of the phases, pilot ranking.',
        s.answers.rows
          ? `${plural(s.answers.rows, 'answer')} from ${plural(s.answers.respondents, 'respondent')}; "don't know": ${share}.`
          : 'No answers loaded: maturity is not assessed.',
      ],
      [
        'Organisation profile',
        { text: 'Stated', color: INK.ink2, style: 'bold' },
        'The scale test (engineers and domains).',
        `Engineers: ${s.profile.engineers === null ? 'not given' : count(s.profile.engineers)}; domains: ${s.profile.domainCountOverride === null ? `${count(m.readiness.domain_count)}, counted from the files` : `${count(s.profile.domainCountOverride)}, set by hand`}.`,
      ],
    ],
    { size: 8.6 },
  );

  L.y += 6;
  L.heading('Unknown answers per pillar', {
    note: 'How much of each self-assessed pillar rests on knowledge: "don\'t know" ÷ (scored + "don\'t know") answers.',
    keep: 100,
  });
  L.table(
    [
      { header: 'Pillar', width: 170 },
      { header: 'Score', width: 75, align: 'right' },
      { header: 'Answers scored', width: 90, align: 'right' },
      { header: "Don't know", width: 80, align: 'right' },
      { header: 'Unknown share', width: CONTENT_WIDTH - 415, align: 'right', style: 'bold' },
    ],
    PILLARS.map((p) => {
      const k = s.answers.byPillar[p];
      const value = m.maturity.pillars[p];
      return [
        PILLAR_NAMES[p],
        value === null ? { text: score(null), color: INK.ink3, style: 'italic' } : score(value),
        count(k?.scored),
        count(k?.unknown),
        percent(k?.unknownShare),
      ];
    }),
  );
}

// --- 7 how each figure is computed -----------------------------------------------------------

function formulas(ctx: Context): void {
  const { L } = ctx;
  L.section('How each figure is computed', { runningTitle: '7 · How each figure is computed' });
  L.title(
    '7 · Method',
    'How each figure is computed',
    'Every figure is one SQL definition, run by DuckDB in the browser over the loaded files; the JSON export holds them unrounded. The seeds are the Data Mesh articles the method follows.',
  );
  const definitions: [string, string][] = [
    ['Domain', 'The name lower-cased and trimmed, each run of white space, _ and - made one -: "Sales Ops", "sales_ops" and "sales-ops" are one domain. Its label is the first spelling seen. Rows without a domain take it from the ownership map, or count as "unassigned".'],
    ['Autonomy ratio', 'Independent ÷ counted deployments (seed 001: Independent_Deployments / Total_Deployments, target > 0.8), for the organisation, per domain and per ISO week (UTC, Monday first).'],
    ['Counted deployment', 'A row counts when its status (if any) is a success, its environment (if any) is production, and its deployment_id was not counted before. It is coordinated when independent is false, or, with independent empty, when coordinated_with names another domain or its change_id is shared with another domain\'s counted deployment; otherwise independent.'],
    ['D(i, j)', 'Distinct edges (from domain, to domain, from asset, to asset, kind) where domain i depends on domain j, i ≠ j.'],
    ['Communication overhead', 'Σ D(i, j) over all pairs of different domains (seed 001).'],
    ['Coupling share', 'Overhead ÷ all distinct edges, edges within a domain included; 0 without edges.'],
    ['Fan-in, fan-out, partners', 'Fan-out = Σⱼ D(i, j); fan-in = Σⱼ D(j, i); partners = distinct other domains connected either way.'],
    ['Answer score', 's = (answer − scale_min) ÷ (scale_max − scale_min) × 100; a reversed statement scores 100 − s. "Don\'t know" is not scored.'],
    ['Pillar score', 'A domain\'s: Σ weight·s ÷ Σ weight over its answers to the pillar. The organisation\'s: the mean of the domains\' scores, so every domain weighs the same however many people answered.'],
    ['Overall and level', 'Overall = mean of the assessed pillars; a pillar nobody answered is not assessed, never 0. Level: overall ≥ 80 Advanced, ≥ 60 Intermediate, ≥ 40 Developing, else Initial.'],
    ['Gaps', 'Every pillar below 60, lowest first, with its recommendation.'],
    ['Unknown share', '"Don\'t know" ÷ (scored + "don\'t know") answers to the pillar.'],
    ['Scale test', 'A mesh is warranted with more than 100 engineers and more than 10 domains (seed 000); with engineers unknown, on domains alone.'],
    ['Phase', 'Phase 2 needs data as a product ≥ 40; Phase 3 also domain ownership ≥ 60, self-serve platform ≥ 40 and autonomy ≥ 0.5; Phase 4 also every pillar ≥ 60 and autonomy ≥ 0.8 (seed 003). A missing input never promotes.'],
    ['Verdict', 'Stay centralized when scale does not warrant a mesh; otherwise not ready, pilot, expand or operate for Phases 1 to 4.'],
    ['Roadmap', 'The phases after the current one, from the assessment date: the first starts at month 0; Phase 2 lasts 6–12 months, Phase 3 12–24, Phase 4 has no end. Actions: data as a product in Phase 2; domain ownership and self-serve platform in Phase 3; federated governance in Phase 4.'],
    ['Pilot domains', 'Up to three domains ranked by domain ownership + 100 × autonomy ratio (a missing one counts as 0); ties by lower fan-in, then name.'],
    ['Rounding', 'Scores to one decimal, ratios to two, as on screen; a threshold is never reached by rounding.'],
  ];
  const termWidth = 120;
  for (const [term, body] of definitions) {
    const h = L.paragraphHeight(body, CONTENT_WIDTH - termWidth, { size: 8.8 });
    L.ensure(h + 4);
    const top = L.y;
    L.paragraph(term, { size: 8.8, style: 'bold' }, { width: termWidth - 10 });
    const termBottom = L.y;
    L.y = top;
    L.paragraph(body, { size: 8.8, color: INK.ink2 }, { x: L.left + termWidth, width: CONTENT_WIDTH - termWidth });
    L.y = Math.max(L.y, termBottom) + 4;
    L.rule(L.left, L.y - 2, L.right, INK.line2, 0.5);
    L.y += 2;
  }
}

// --- 8 inputs --------------------------------------------------------------------------------

function inputs(ctx: Context, text: PdfText): void {
  const { L, m, s } = ctx;
  L.section('The inputs this report rests on', { runningTitle: '8 · Inputs' });
  L.title('8 · Inputs', 'The inputs this report rests on', 'Every file loaded for this assessment, what was read from it, and what was left out.');

  const files = [...s.files].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  L.table(
    [
      { header: 'Input', width: 108, style: 'bold' },
      { header: 'File', width: 150, wrap: true },
      { header: 'Rows', width: 62, align: 'right' },
      { header: 'Loaded', width: 62, align: 'right' },
      { header: 'Skipped', width: 55, align: 'right' },
      { header: 'Rejected', width: CONTENT_WIDTH - 437, align: 'right' },
    ],
    files.length
      ? files.map((f) => [
          INPUT_LABELS[f.kind] ?? f.kind,
          f.kind === 'questions' && s.questions.builtIn ? 'built in' : f.fileName,
          count(f.rows),
          count(f.accepted),
          count(f.skipped),
          f.rejected ? { text: count(f.rejected), color: INK.bad, style: 'bold' } : count(f.rejected),
        ])
      : [['No file loaded', '', '', '', '', '']],
    { size: 8.6 },
  );
  L.paragraph('Skipped: blank answers, neither an error nor scored. Rejected: rows with errors, left out when the valid rows were loaded.', { size: 8, color: INK.ink3 }, { after: 12 });

  const d = s.deployments;
  const x = m.autonomy.excluded;
  const facts: [string, string][] = [
    [
      'Deployment log',
      d.rows
        ? `${plural(d.rows, 'row')}; ${count(d.counted)} counted deployments from ${day(d.first)} to ${day(d.last)} (${plural(m.autonomy.weekly.length, 'ISO week')} with deployments). Left out: ${count(x.status)} not successful, ${count(x.environment)} not production, ${count(x.duplicate_id)} repeated ids. ${d.unassigned ? `${plural(d.unassigned, 'row')} without a domain counted as "unassigned".` : 'Every row has a domain.'}`
        : 'Not loaded: the autonomy ratio is unknown and blocks the phases that need it.',
    ],
    [
      'Dependency export',
      s.dependencies.rows
        ? `${plural(s.dependencies.rows, 'row')}; ${plural(s.dependencies.distinctEdges, 'distinct edge')} between ${plural(s.dependencies.domains, 'domain')}, ${count(m.coupling.overhead)} of them across a domain boundary.${s.dependencies.unassigned ? ` ${plural(s.dependencies.unassigned, 'row')} touch "unassigned".` : ''}`
        : 'Not loaded: communication overhead and coupling are 0.',
    ],
    [
      'Questionnaire',
      s.answers.rows
        ? `${plural(s.answers.rows, 'answer')} from ${plural(s.answers.respondents, 'respondent')} in ${plural(s.answers.domains, 'domain')}; ${count(s.answers.unknown)} "don't know", not scored (${PILLARS.map((p) => `${PILLAR_NAMES[p].toLowerCase()} ${count(s.answers.byPillar[p]?.unknown)}, ${percent(s.answers.byPillar[p]?.unknownShare)}`).join('; ')})${s.answers.unmatched ? `; ${count(s.answers.unmatched)} to questions not in the bank (left out)` : ''}.`
        : 'Not loaded: every pillar is not assessed.',
    ],
    [
      'Question bank',
      `${s.questions.builtIn ? 'Built in' : 'Uploaded'}: ${plural(s.questions.count, 'question')} (${PILLARS.map((p) => `${count(s.questions.byPillar[p])} ${PILLAR_NAMES[p].toLowerCase()}`).join(', ')}).`,
    ],
    ['Ownership map', s.ownership.rows ? `${plural(s.ownership.rows, 'row')} mapping services and assets to domains.` : 'Not loaded.'],
    [
      'Organisation profile',
      `Engineers ${s.profile.engineers === null ? 'not given' : count(s.profile.engineers)}; domains ${s.profile.domainCountOverride === null ? `counted from the files (${count(m.readiness.domain_count)}, "unassigned" excluded)` : `set by hand to ${count(s.profile.domainCountOverride)}`}.`,
    ],
  ];
  const termWidth = 120;
  for (const [term, body] of facts) {
    const h = L.paragraphHeight(body, CONTENT_WIDTH - termWidth, { size: 9 });
    L.ensure(h + 6);
    const top = L.y;
    L.write(term, L.left, L.y + 9, { size: 9, style: 'bold' });
    L.paragraph(body, { size: 9, color: INK.ink2 }, { x: L.left + termWidth, width: CONTENT_WIDTH - termWidth });
    L.y = Math.max(L.y, top + 13) + 4;
    L.rule(L.left, L.y - 2, L.right, INK.line2, 0.5);
    L.y += 3;
  }
  L.y += 10;

  // Written last: by now every name in the report has been through the sanitiser.
  if (text.replaced.size > 0) {
    L.y += 4;
    const n = text.replaced.size;
    L.paragraph(
      `${n === 1 ? 'One name uses' : `${count(n)} names use`} characters this report's fonts cannot draw (for example Chinese, Japanese or Korean script); ${n === 1 ? 'it is' : 'they are'} shown with "?" in their place. The app, its CSV exports and its JSON export keep every name exactly.`,
      { size: 9, color: INK.warn },
      { after: 8 },
    );
  }
  L.y += 6;
  L.paragraph(
    `Generated by Mesh Readiness. Every figure was computed in the browser with DuckDB from the files above; no data left the device. The assessment is dated ${day(m.assessed_at)}.`,
    { size: 8, color: INK.ink3 },
  );
}

