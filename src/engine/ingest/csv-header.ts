// Reads a CSV's header line: its delimiter and column names, checked, and matched
// case-insensitively to an adapter's canonical columns. File headers never reach SQL: columns
// are addressed by position under names of ours.
//
// A file whose headers are not canonical (`When, Team, Svc`) goes through the mapping step: when
// a required column is missing, `matchColumns` throws `MappingNeeded` with a suggested column for
// every header; the user confirms or corrects it and the file is staged again with that
// `columnMapping`, remembered under `mappingKey(headers)` for the next file of that shape.
import Papa from 'papaparse';
import { InputFileError } from '../inputs.ts';
import type { ColumnMapping, ColumnTarget } from './format.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface CsvHeader {
  fields: string[];
  delimiter: Delimiter;
  /** The first few data rows as parsed from the head of the file: sample values for the mapping step. */
  preview?: string[][];
}

/** Header names that are object-prototype keys: no input has them, and a file that does is refused. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function readCsvHeader(fileName: string, text: string): CsvHeader {
  const head = text.slice(0, 64 * 1024);
  const parsed = Papa.parse<string[]>(head, {
    preview: 5,
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: true,
  });
  const delimiter = (DELIMITERS as readonly string[]).includes(parsed.meta.delimiter)
    ? (parsed.meta.delimiter as Delimiter)
    : ',';
  const fields = (parsed.data[0] ?? []).map((f) => f.trim());
  fields.forEach((field, i) => {
    if (field === '') throw new InputFileError(fileName, `column ${i + 1} of the header has no name`, 1);
    if (RESERVED_NAMES.has(field.toLowerCase())) {
      throw new InputFileError(
        fileName,
        `column ${i + 1} of the header is named "${field}", a name no input has (it is reserved in JavaScript); rename or remove the column`,
        1,
      );
    }
  });
  const seen = new Map<string, number>();
  fields.forEach((field, i) => {
    const key = field.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputFileError(
        fileName,
        `the header names column "${field}" twice (columns ${first + 1} and ${i + 1})`,
        1,
      );
    }
    seen.set(key, i);
  });
  return { fields, delimiter, preview: parsed.data.slice(1) };
}

export interface ColumnSpec {
  /** Our name, as in the canonical table. */
  name: string;
  /** Other header spellings accepted for it (`team` for an ownership map's `service`). */
  aliases?: readonly string[];
  required?: boolean;
}

/** A file header's meaning for a canonical CSV, chosen in the mapping step. */
export type CsvColumnTarget = { column: string } | { ignore: true };
/** File header → canonical column (or ignored). Headers match as `headerKey` spells them. */
export type CsvColumnMapping = Record<string, CsvColumnTarget>;

/** Canonical column → its position in the file, or undefined when the file lacks it. */
export function matchColumns(
  fileName: string,
  header: CsvHeader,
  columns: readonly ColumnSpec[],
  requireOneOf: readonly (readonly string[])[] = [],
  columnMapping?: CsvColumnMapping,
): Map<string, number> {
  const matched = new Map<string, number>();
  const settled = new Set<number>(); // positions the mapping decided (mapped or ignored)
  if (columnMapping) {
    const chosen = byHeaderKey(columnMapping, isCsvColumnTarget);
    const known = new Set(columns.map((c) => c.name));
    header.fields.forEach((field, i) => {
      const target = chosen.get(headerKey(field));
      if (!target) return;
      settled.add(i);
      if ('ignore' in target) return;
      if (!known.has(target.column)) {
        throw new InputFileError(
          fileName,
          `column "${field}" is mapped to "${target.column}", which is not a column of this input (${columns.map((c) => `"${c.name}"`).join(', ')})`,
          1,
        );
      }
      const other = matched.get(target.column);
      if (other !== undefined) {
        throw new InputFileError(
          fileName,
          `columns "${header.fields[other]}" and "${field}" are both mapped to "${target.column}"`,
          1,
        );
      }
      matched.set(target.column, i);
    });
  }
  const positions = new Map<string, number>();
  header.fields.forEach((field, i) => {
    if (!settled.has(i)) positions.set(field.toLowerCase(), i);
  });
  for (const column of columns) {
    if (matched.has(column.name)) continue;
    const names = [column.name, ...(column.aliases ?? [])];
    const at = names.map((n) => positions.get(n)).find((p) => p !== undefined);
    if (at !== undefined) matched.set(column.name, at);
  }
  const found = header.fields.map((f) => `"${f}"`).join(', ');
  const missing = (reason: string) =>
    new MappingNeeded(
      fileName,
      `${reason} (its header has ${found})`,
      header.fields,
      header.fields.filter((_, i) => !settled.has(i) && ![...matched.values()].includes(i)),
      {
        for: 'csv',
        suggested: suggestCsvMapping(header.fields, columns, matched, columnMapping),
        targets: csvTargets(columns, requireOneOf),
      },
      samplesOf(header.fields, header.preview ?? []),
    );
  for (const column of columns) {
    if (column.required && !matched.has(column.name)) {
      const names = [column.name, ...(column.aliases ?? [])].map((n) => `"${n}"`).join(' or ');
      throw missing(`has no ${names} column`);
    }
  }
  for (const group of requireOneOf) {
    if (!group.some((name) => matched.has(name))) {
      throw missing(`needs a ${group.map((n) => `"${n}"`).join(' or ')} column`);
    }
  }
  return matched;
}

// ---------------------------------------------------------------------------------------------
// The mapping step, shared by canonical CSVs and survey exports.

/** One choice the mapping step offers for a header. */
export interface MappingOption<T> {
  target: T;
  /** What the user reads in the list: `do1 — Every data set we publish…`, `deployed_at (required)`. */
  label: string;
  /** The list's group: a pillar, "Fields", "Columns". */
  group: string;
  /** At most one header may take it (a canonical column). */
  once?: boolean;
  /** Some header must take it (a required canonical column). */
  required?: boolean;
}

/** What the mapping step needs: for a survey, columns → questions and fields; for a canonical
 *  CSV, headers → canonical columns. `suggested` has an entry for every header. */
export type MappingRequest =
  | { for: 'survey'; suggested: ColumnMapping; targets: MappingOption<ColumnTarget>[] }
  | { for: 'csv'; suggested: CsvColumnMapping; targets: MappingOption<CsvColumnTarget>[] };

/**
 * A file whose columns could not all be matched: the UI asks the user (MappingDialog), then
 * stages the file again with the confirmed mapping (`stageFormat(…, { mapping })` for a
 * survey, `stage(kind, file, { columnMapping })` for a canonical CSV) and remembers it under
 * `mappingKey(headers)`. Without a UI (the command line) it is a whole-file error like any other.
 */
export class MappingNeeded extends InputFileError {
  /** Every header of the file, in file order: the rows of the mapping step. */
  readonly headers: string[];
  /** The headers nothing matched: those the user must decide. */
  readonly unmatched: string[];
  readonly request: MappingRequest;
  /** Up to two sample values per header, from the first rows. */
  readonly samples: Record<string, string[]>;
  /** Our best guess for every header (`request.suggested`). */
  readonly suggested: ColumnMapping | CsvColumnMapping;
  /** `mappingKey(headers)`: where the UI stores the confirmed mapping. */
  readonly key: string;

  constructor(
    fileName: string,
    reason: string,
    headers: readonly string[],
    unmatched: readonly string[],
    request: MappingRequest,
    samples: Record<string, string[]> = {},
  ) {
    super(fileName, reason, 1);
    this.name = 'MappingNeeded';
    this.headers = [...headers];
    this.unmatched = [...unmatched];
    this.request = request;
    this.samples = samples;
    this.suggested = request.suggested;
    this.key = mappingKey(headers);
  }
}

/** A header as mappings match it: Unicode-normalised, lower case, white space collapsed. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A stable signature of a set of headers: the same for every export of one form or one tool,
 * whatever the order, case or spacing of its headers. The UI remembers a confirmed mapping
 * under it. `m1-<count>-<hash>`.
 */
export function mappingKey(headers: readonly string[]): string {
  const keys = headers.map(headerKey).sort();
  return `m1-${keys.length}-${hash53(keys.join('\u001f'))}`;
}

/** cyrb53: a fast 53-bit string hash (public domain), as 14 hex digits. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * A mapping looked up by `headerKey`, so `Team` and ` team ` find the same entry. A mapping may
 * come from storage or a file (`--mapping`): entries that are not well-formed targets are left
 * out, as if the header were not in it.
 */
export function byHeaderKey<T>(mapping: Readonly<Record<string, T>>, wellFormed: (t: unknown) => boolean = isTarget): Map<string, T> {
  const out = new Map<string, T>();
  if (typeof mapping !== 'object' || mapping === null) return out;
  for (const [header, target] of Object.entries(mapping)) {
    if (!wellFormed(target)) continue;
    if (!out.has(headerKey(header))) out.set(headerKey(header), target);
  }
  return out;
}

const FIELDS = ['respondent', 'domain', 'timestamp'];
/** A well-formed target of either mapping: `{ ignore: true }`, `{ column }`, `{ question }`, `{ field }`. */
function isTarget(t: unknown): boolean {
  if (typeof t !== 'object' || t === null) return false;
  const o = t as Record<string, unknown>;
  return (
    o.ignore === true ||
    (typeof o.column === 'string' && o.column !== '') ||
    (typeof o.question === 'string' && o.question !== '') ||
    (typeof o.field === 'string' && FIELDS.includes(o.field))
  );
}
export const isCsvColumnTarget = (t: unknown): t is CsvColumnTarget =>
  isTarget(t) && ((t as { ignore?: unknown }).ignore === true || typeof (t as { column?: unknown }).column === 'string');
export const isColumnTarget = (t: unknown): t is ColumnTarget => isTarget(t) && !('column' in (t as object));

/** Up to two distinct, non-blank sample values per header (each at most 60 characters). */
export function samplesOf(headers: readonly string[], rows: readonly (readonly string[])[]): Record<string, string[]> {
  // Built with fromEntries: a header named `__proto__` is an entry like any other.
  return Object.fromEntries(
    headers.map((h, i) => {
      const seen: string[] = [];
      for (const row of rows) {
        const raw = (row[i] ?? '').trim();
        const v = raw.length > 60 ? `${raw.slice(0, 59)}…` : raw;
        if (v === '' || seen.includes(v)) continue;
        seen.push(v);
        if (seen.length === 2) break;
      }
      return [h, seen];
    }),
  );
}

/** Header words for a canonical column, beyond its name and aliases: what tools write instead. */
const COLUMN_WORDS: Record<string, readonly string[]> = {
  deployed_at: ['deployed', 'deploy_time', 'deployment_time', 'deployed_on', 'timestamp', 'time', 'date',
    'datetime', 'date_time', 'when', 'created_at', 'created', 'finished_at', 'finished', 'completed_at',
    'ended_at', 'end_time', 'released_at', 'release_date'],
  domain: ['team', 'squad', 'tribe', 'group', 'owner', 'owning_team', 'owner_team', 'business_domain',
    'bounded_context', 'department', 'area', 'unit'],
  service: ['svc', 'app', 'application', 'component', 'repo', 'repository', 'project', 'system',
    'service_name', 'microservice', 'asset'],
  deployment_id: ['id', 'deploy_id', 'deployment', 'run_id', 'pipeline_id', 'job_id', 'build_id'],
  change_id: ['change', 'release', 'release_id', 'commit', 'sha', 'commit_sha', 'revision', 'pr',
    'pull_request', 'ticket', 'changeset', 'change_request'],
  coordinated_with: ['coordinated', 'together_with', 'deployed_with', 'partners', 'with'],
  independent: ['standalone', 'solo', 'alone', 'is_independent', 'decoupled'],
  status: ['state', 'result', 'outcome', 'conclusion'],
  environment: ['env', 'stage', 'target_env', 'cluster', 'tier'],
  from_domain: ['from', 'source', 'source_domain', 'consumer', 'consumer_domain', 'downstream', 'from_team'],
  to_domain: ['to', 'target', 'target_domain', 'provider', 'producer', 'provider_domain', 'upstream', 'to_team'],
  from_asset: ['from_service', 'source_service', 'source_asset', 'consumer_service', 'caller', 'client',
    'from_component', 'from_app'],
  to_asset: ['to_service', 'target_service', 'target_asset', 'provider_service', 'callee', 'server',
    'to_component', 'to_app', 'depends_on', 'dependency'],
  kind: ['type', 'relation', 'relationship', 'edge_type', 'dependency_type'],
  respondent: ['email', 'e_mail', 'email_address', 'name', 'user', 'person', 'participant', 'respondent_id'],
  question_id: ['question', 'qid', 'item', 'code', 'question_code'],
  answer: ['response', 'value', 'score', 'rating', 'reply'],
  pillar: ['category', 'dimension'],
  text: ['question_text', 'wording', 'prompt'],
  weight: ['importance'],
  reverse: ['inverted', 'negative', 'negated', 'reverse_scored'],
  scale_min: ['min', 'minimum', 'low'],
  scale_max: ['max', 'maximum', 'high'],
};

const snake = (s: string) => headerKey(s).replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');

/** How well a header names a column: 3 exactly, 2 by a word of it (`Deploy time (UTC)`), else 0. */
function likeness(header: string, column: ColumnSpec): number {
  const h = snake(header);
  const words = [column.name, ...(column.aliases ?? []), ...(COLUMN_WORDS[column.name] ?? [])];
  if (words.includes(h)) return 3;
  const tokens = h.split('_');
  const contained = words.some((w) => {
    const parts = w.split('_');
    return (parts.length > 1 || w.length >= 3) && parts.every((p) => tokens.includes(p));
  });
  return contained ? 2 : 0;
}

/** A column for every header: the mapping's choice, the automatic match, else a close name. */
function suggestCsvMapping(
  fields: readonly string[],
  columns: readonly ColumnSpec[],
  matched: ReadonlyMap<string, number>,
  columnMapping: CsvColumnMapping | undefined,
): CsvColumnMapping {
  const chosen = byHeaderKey(columnMapping ?? {}, isCsvColumnTarget);
  const out = new Map<number, CsvColumnTarget>();
  const taken = new Set(matched.keys());
  const free: number[] = [];
  fields.forEach((field, i) => {
    const given = chosen.get(headerKey(field));
    const auto = [...matched].find(([, at]) => at === i)?.[0];
    if (given) out.set(i, given);
    else if (auto !== undefined) out.set(i, { column: auto });
    else free.push(i);
  });
  const pairs = free
    .flatMap((i) => columns.map((column, order) => ({ i, column: column.name, order, score: likeness(fields[i]!, column) })))
    .filter((p) => p.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order || a.i - b.i);
  const placed = new Set<number>();
  for (const p of pairs) {
    if (placed.has(p.i) || taken.has(p.column)) continue;
    out.set(p.i, { column: p.column });
    placed.add(p.i);
    taken.add(p.column);
  }
  for (const i of free) if (!placed.has(i)) out.set(i, { ignore: true });
  return Object.fromEntries(fields.map((field, i) => [field, out.get(i)!]));
}

function csvTargets(
  columns: readonly ColumnSpec[],
  requireOneOf: readonly (readonly string[])[],
): MappingOption<CsvColumnTarget>[] {
  return [
    ...columns.map((c) => {
      const group = requireOneOf.find((g) => g.includes(c.name));
      const note = c.required ? ' (required)' : group ? ` (this or ${group.filter((n) => n !== c.name).join(' or ')})` : '';
      return { target: { column: c.name }, label: `${c.name}${note}`, group: 'Columns', once: true, required: c.required === true };
    }),
    { target: { ignore: true as const }, label: 'Ignore this column', group: 'Other' },
  ];
}
