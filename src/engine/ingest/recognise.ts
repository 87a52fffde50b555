// Which files are what: a canonical CSV of some kind (by its header), or files one or more
// format adapters recognise (a Backstage catalog is a dependency export and an ownership map).
// The drop zone and the command line plan their imports with this, the same way.
import { InputFileError, type InputFile, type InputKind } from '../inputs.ts';
import { readCsvHeader } from './csv-header.ts';
import { quickTextProblem } from './file-text.ts';
import type { FormatAdapter, FormatFile } from './format.ts';
import { FORMATS } from './formats/index.ts';
import { unusableStructuredText } from './formats/structured-input.ts';

/** One import to run: a canonical CSV of a kind, or one adapter over all its files. */
export type PlannedImport =
  | { kind: InputKind; adapter: null; files: InputFile[] }
  | { kind: InputKind; adapter: FormatAdapter; files: InputFile[] };

export interface Plan {
  imports: PlannedImport[];
  /** Files nothing recognised, with the reason (the UI offers the mapping step for CSVs). */
  unrecognised: { file: InputFile; reason: string; csvHeader: string[] | null }[];
}

/** Recognition reads at most this much of a file to name its format (a CSV's header). */
const HEAD_BYTES = 64 * 1024;

/** The canonical kind a CSV header names, or null. */
export function canonicalKindOf(headers: readonly string[]): InputKind | null {
  const has = new Set(headers.map((h) => h.trim().toLowerCase()));
  const any = (...names: string[]) => names.some((n) => has.has(n));
  if (has.has('deployed_at')) return 'deployments';
  if (has.has('question_id') && has.has('answer')) return 'answers';
  if (any('question_id', 'id') && has.has('pillar')) return 'questions';
  if (any('from_domain', 'from_asset') && any('to_domain', 'to_asset')) return 'dependencies';
  if (has.has('domain') && any('service', 'team', 'asset', 'component') && has.size <= 4) return 'ownership';
  return null;
}

/**
 * Plans the imports of a set of files. `expected` (a command-line flag, a labelled input)
 * narrows what a file may be: a canonical CSV must be of that kind; adapters of other kinds
 * still read it where SPEC says a format yields them too (a catalog's ownership map).
 */
export function planImports(files: readonly InputFile[], expected?: InputKind): Plan {
  const canonical = new Map<InputKind, InputFile[]>();
  const byAdapter = new Map<FormatAdapter, InputFile[]>();
  const unrecognised: Plan['unrecognised'] = [];

  for (const file of files) {
    const problem = quickTextProblem(file);
    if (problem) {
      unrecognised.push({ file, csvHeader: null, reason: `it ${problem}` });
      continue;
    }
    const head = headText(file);
    let csvHeader: string[] | null = null;
    if (looksLikeCsv(file.name, head)) {
      try {
        csvHeader = readCsvHeader(file.name, head).fields;
      } catch (error) {
        // A header that is itself broken (a name twice, an empty or reserved name): say so.
        if (error instanceof InputFileError && /\.(csv|tsv|txt)$/i.test(file.name)) {
          unrecognised.push({ file, csvHeader: null, reason: error.reason });
          continue;
        }
      }
      if (csvHeader?.length === 0) csvHeader = null;
    }
    const kind = csvHeader ? canonicalKindOf(csvHeader) : null;
    if (kind && (!expected || expected === kind)) {
      canonical.set(kind, [...(canonical.get(kind) ?? []), file]);
      continue;
    }
    const text = fullText(file);
    const adapters = text === null ? [] : FORMATS.filter((a) => recognises(a, { name: file.name, text }));
    const fitting = expected && !adapters.some((a) => a.kind === expected) ? [] : adapters;
    if (fitting.length === 0) {
      // A JSON or YAML file nothing claims: say what is wrong with it where something is.
      const unusable = text !== null && csvHeader === null ? unusableStructuredText({ name: file.name, text }) : null;
      const reason = unusable?.reason ?? unrecognisedReason(file, csvHeader, kind, expected, adapters);
      unrecognised.push({ file, csvHeader, reason });
      continue;
    }
    for (const adapter of fitting) byAdapter.set(adapter, [...(byAdapter.get(adapter) ?? []), file]);
  }

  const imports: PlannedImport[] = [
    ...[...canonical].map(([kind, group]) => ({ kind, adapter: null, files: group })),
    ...[...byAdapter].map(([adapter, group]) => ({ kind: adapter.kind, adapter, files: group })),
  ];
  // Questions before answers (answers are checked against the bank); ownership early.
  const order: InputKind[] = ['questions', 'ownership', 'deployments', 'dependencies', 'answers'];
  imports.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { imports, unrecognised };
}

function recognises(adapter: FormatAdapter, file: FormatFile): boolean {
  try {
    return adapter.recognise(file);
  } catch {
    return false;
  }
}

function headText(file: InputFile): string {
  const bytes = file.bytes.subarray(0, HEAD_BYTES);
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** The whole text for adapters, or null when it is not UTF-8 text (the reason comes later). */
function fullText(file: InputFile): string | null {
  if (file.bytes.indexOf(0) !== -1) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function looksLikeCsv(name: string, head: string): boolean {
  if (/\.(csv|tsv|txt)$/i.test(name)) return true;
  const first = head.trimStart()[0];
  return first !== undefined && first !== '{' && first !== '[' && first !== '-' && first !== '#';
}

function unrecognisedReason(
  file: InputFile,
  csvHeader: string[] | null,
  kind: InputKind | null,
  expected: InputKind | undefined,
  adapters: FormatAdapter[],
): string {
  if (file.bytes.byteLength === 0) return 'the file is empty';
  if (kind && expected && kind !== expected) return `its columns are those of a ${kindWord(kind)}, not a ${kindWord(expected)}`;
  if (expected && adapters.length > 0) {
    return `it reads as ${adapters.map((a) => a.label).join(' / ')}, not as a ${kindWord(expected)}`;
  }
  if (csvHeader) {
    return `its columns (${csvHeader.slice(0, 6).join(', ')}${csvHeader.length > 6 ? ', …' : ''}) match no input`;
  }
  return 'it is not a format Mesh Readiness reads (see the README for the formats)';
}

const kindWord = (kind: InputKind) =>
  ({
    deployments: 'deployment log',
    dependencies: 'dependency export',
    answers: 'set of questionnaire answers',
    questions: 'question bank',
    ownership: 'ownership map',
  })[kind];

