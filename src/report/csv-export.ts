// CSV exports of the report's tables, for spreadsheets: per-domain scores, autonomy by week, the
// dependency matrix. Numbers are the metrics document's, unrounded; a figure that does not exist
// (a pillar nobody in the domain answered, a domain without deployments) is an empty cell.
//
// Safe to open in Excel, LibreOffice and Google Sheets:
// - a text cell starting with `=`, `+`, `-`, `@`, tab, carriage return or NUL is written with a
//   leading `'` and quoted, so a domain named `=HYPERLINK(…)` stays text (papaparse's default
//   pattern misses a cell whose formula is followed by a line break, hence our own);
// - CRLF line ends and a UTF-8 byte order mark, so Excel reads `Łódź` and `Ελληνικά` as written.
import Papa from 'papaparse';
import type { Metrics, Pillar } from '../engine/metrics-schema.ts';
import { csvFileName } from './file-name.ts';
import { domainLabeller, PILLARS } from './format.ts';

/** Cells that a spreadsheet would read as a formula (STACK-NOTES). */
export const FORMULA_LEAD = /^[=+\-@\t\r\0]/;

export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null;

/** One CSV document: header and rows, CRLF, formula leads neutralised, BOM first. */
export function toCsv(fields: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const body = Papa.unparse(
    { fields: [...fields], data: rows.map((r) => r.map((c) => (c === null ? '' : c))) },
    { escapeFormulae: FORMULA_LEAD, newline: '\r\n', quotes: false, header: true },
  );
  return `${BOM}${body}\r\n`;
}

export const CSV_TABLES = ['domain-scores', 'autonomy-by-week', 'dependency-matrix'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export const CSV_TITLES: Record<CsvTable, string> = {
  'domain-scores': 'Per-domain scores',
  'autonomy-by-week': 'Autonomy by week',
  'dependency-matrix': 'Dependency matrix',
};

export interface CsvFile {
  fileName: string;
  text: string;
}

/** Every domain of the document (`unassigned` included when rows landed there), in its order. */
export function domainScoresCsv(metrics: Metrics): string {
  const pilots = new Set(metrics.pilot_domains);
  const fields = [
    'domain',
    'label',
    ...PILLARS,
    'autonomy_ratio',
    'autonomy_independent',
    'autonomy_total',
    'fan_in',
    'fan_out',
    'partners',
    'pilot',
  ];
  const rows = metrics.domains.map(({ key, label }) => {
    const scores = metrics.maturity.by_domain[key];
    const autonomy = metrics.autonomy.by_domain[key];
    const coupling = metrics.coupling.by_domain[key];
    return [
      key,
      label,
      ...PILLARS.map((p: Pillar) => scores?.[p] ?? null),
      autonomy?.ratio ?? null,
      autonomy?.independent ?? 0,
      autonomy?.total ?? 0,
      coupling?.fan_in ?? 0,
      coupling?.fan_out ?? 0,
      coupling?.partners ?? 0,
      pilots.has(key),
    ];
  });
  return toCsv(fields, rows);
}

/** ISO weeks with counted deployments, oldest first; `week_start` is the Monday (UTC). */
export function autonomyWeeklyCsv(metrics: Metrics): string {
  const fields = ['week', 'week_start', 'ratio', 'independent', 'total'];
  const rows = metrics.autonomy.weekly.map((w) => [w.week, isoWeekMonday(w.week), w.ratio, w.independent, w.total]);
  return toCsv(fields, rows);
}

/** One row per pair of different domains with an edge: `from` depends on (consumes from) `to`. */
export function dependencyMatrixCsv(metrics: Metrics): string {
  const label = domainLabeller(metrics);
  const fields = ['from', 'from_label', 'to', 'to_label', 'count'];
  const rows = metrics.coupling.matrix.map((m) => [m.from, label(m.from), m.to, label(m.to), m.count]);
  return toCsv(fields, rows);
}

export function csvExport(table: CsvTable, metrics: Metrics, organisation: string): CsvFile {
  const text =
    table === 'domain-scores'
      ? domainScoresCsv(metrics)
      : table === 'autonomy-by-week'
        ? autonomyWeeklyCsv(metrics)
        : dependencyMatrixCsv(metrics);
  return { fileName: csvFileName(organisation, table, metrics.assessed_at), text };
}

/** `2026-W15` → `2026-04-06`, the Monday of that ISO week. */
export function isoWeekMonday(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return '';
  const year = Number(match[1]);
  const n = Number(match[2]);
  // 4 January is always in week 1; its Monday starts week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  const monday = jan4 - jan4Weekday * 86_400_000 + (n - 1) * 7 * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}
