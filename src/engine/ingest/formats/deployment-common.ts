// What the deployment formats share: JSON read entry by entry with its line (a list, one
// object, or newline-delimited events), small guards that narrow parsed JSON without `any`,
// times converted to ISO 8601 in UTC before they reach a canonical row, and the canonical row.
//
// Parsed JSON is only ever read field by field through `field()` (own properties only), never
// spread or merged into other objects: a `__proto__` or `constructor` key is just a key.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatContext, FormatFile } from '../format.ts';

/** Deeper than this, a file is refused: no deployment export nests past a dozen levels. */
export const MAX_JSON_DEPTH = 64;

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of parsed JSON (an inherited `constructor` or `toString` is not a field). */
export function field(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function objectField(object: JsonObject, key: string): JsonObject | null {
  const value = field(object, key);
  return isObject(value) ? value : null;
}

/** A non-empty string (trimmed), or a finite number as text; otherwise null. */
export function textField(object: JsonObject, key: string): string | null {
  const value = field(object, key);
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An id: a whole number or a non-empty string. */
export function idField(object: JsonObject, key: string): string | null {
  const value = field(object, key);
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

export function hasKeys(object: JsonObject, keys: readonly string[]): boolean {
  return keys.every((key) => Object.hasOwn(object, key));
}

// ---------------------------------------------------------------------------------------------
// Times

const TIME = new RegExp(
  '^(\\d{4})-(\\d{1,2})-(\\d{1,2})' +
    '(?:[Tt ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?' +
    '\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?$',
);

/**
 * A time as CI systems write it, as ISO 8601 in UTC (`2021-04-28T19:50:00.000Z`), or null
 * when it is not a real date and time. Reads ISO 8601 / RFC 3339 (`T` or a space), GitLab's
 * webhook times (`2021-04-28 21:50:00 +0200`, `2016-08-12 15:23:28 UTC`) and DevLake's
 * MySQL times (`2023-4-10 6:51:47`). Without an offset a time is UTC (SPEC).
 */
export function utcIso(text: string | null): string | null {
  if (text === null) return null;
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  return new Date(date.getTime() - offsetMinutes(zone) * 60_000).toISOString();
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function offsetMinutes(zone: string): number {
  if (zone === '' || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Milliseconds of an ISO time from `utcIso`, for ordering (latest status wins). */
export function timeOrder(iso: string | null): number {
  return iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso);
}

// ---------------------------------------------------------------------------------------------
// JSON entries with their lines

/** One entry of a JSON file: an element of a top-level list, the single object, or one line of
 *  newline-delimited JSON, with the line it starts on (null where it could not be placed). */
export interface JsonEntry {
  value: unknown;
  line: number | null;
}

export interface JsonEntries {
  entries: JsonEntry[];
  /** Lines of newline-delimited JSON that did not parse: problems, not a failed file. */
  broken: { line: number; reason: string }[];
}

interface Span {
  start: number;
  end: number;
  line: number;
}

/** Where each top-level entry starts and ends, without parsing: a list's elements, or the
 *  top-level values of a file of objects. Stops after `limit` entries or past MAX_JSON_DEPTH. */
function scanEntries(text: string, limit: number): { spans: Span[]; tooDeep: boolean; list: boolean } {
  const spans: Span[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length && /\s/.test(text[i]!)) {
    if (text[i] === '\n') line++;
    i++;
  }
  const list = text[i] === '[';
  const entryDepth = list ? 1 : 0;
  let depth = 0;
  let inString = false;
  let start = -1;
  let startLine = 0;
  const close = (end: number) => {
    if (start >= 0) spans.push({ start, end, line: startLine });
    start = -1;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === entryDepth && c !== ',' && c !== ']' && c !== '}' && start < 0) {
      start = i;
      startLine = line;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth > MAX_JSON_DEPTH) return { spans, tooDeep: true, list };
    } else if (c === '}' || c === ']') {
      // A list's element ends at the next `,` or at the list's `]`; a top-level value at its end.
      if (list && depth === 1 && c === ']') close(i);
      depth--;
      if (!list && depth === 0) close(i + 1);
      if (depth < 0) break;
    } else if (c === ',' && list && depth === 1) {
      close(i);
    }
    if (spans.length >= limit) break;
  }
  if (start >= 0 && !list) spans.push({ start, end: text.length, line: startLine });
  return { spans, tooDeep: false, list };
}

/**
 * The first few entries of a JSON file, parsed, for `recognise`: cheap on big files (only the
 * first entries are parsed) and never throws. Null when the text does not start like JSON.
 */
export function peekJsonEntries(text: string, count = 3): unknown[] | null {
  try {
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return null;
    const { spans, tooDeep } = scanEntries(text, count);
    if (tooDeep) return null;
    const values: unknown[] = [];
    for (const span of spans.slice(0, count)) {
      try {
        values.push(JSON.parse(text.slice(span.start, span.end)));
      } catch {
        return values.length > 0 ? values : null;
      }
    }
    return values;
  } catch {
    return null;
  }
}

/** Whether the first entries of a file look like one format: the first is one of its items
 *  and at most a third of them are not (a malformed entry is then a problem at its line). */
export function plausible(items: readonly unknown[]): boolean {
  const known = items.filter((i) => i !== null).length;
  return items.length > 0 && items[0] !== null && known * 3 >= items.length * 2;
}

function lineAt(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** JSON.parse, or an InputFileError that says where the text stops being JSON. */
function parseWhole(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    if (at) {
      const { line, column } = lineAt(text, Number(at[1]));
      const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '');
      throw new InputFileError(name, `is not valid JSON: ${reason} (line ${line}, column ${column})`, line);
    }
    const short = message.split('\n')[0]!.slice(0, 120);
    throw new InputFileError(name, `is not valid JSON: ${short}`);
  }
}

function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth > max) max = depth;
      if (max > MAX_JSON_DEPTH) return max;
    } else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/**
 * Every entry of a JSON file with its line: a list's elements, one object, or newline-delimited
 * JSON (one value per line; a line that does not parse is a problem of that line, not a failed
 * file). Throws `InputFileError` for a file that is not JSON at all, `[]`, `{}`, a bare value,
 * or JSON nested deeper than MAX_JSON_DEPTH.
 */
export function readJsonEntries(file: FormatFile, what: string): JsonEntries {
  const { name } = file;
  const text = file.text.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  if (trimmed === '') throw new InputFileError(name, 'is empty');
  if (trimmed[0] !== '{' && trimmed[0] !== '[') {
    throw new InputFileError(name, `is not JSON (it does not start with "{" or "["), so it cannot hold ${what}`, 1);
  }
  if (depthOf(text) > MAX_JSON_DEPTH) {
    throw new InputFileError(name, `nests JSON deeper than ${MAX_JSON_DEPTH} levels; no export of ${what} does, so it is refused`);
  }
  const lines = text.split('\n');
  const firstLineIndex = lines.findIndex((l) => l.trim() !== '');
  const nonBlank = lines.filter((l) => l.trim() !== '').length;
  // Newline-delimited JSON: the first line is a whole object on its own and more lines follow.
  if (trimmed[0] === '{' && nonBlank > 1 && parsesAsObject(lines[firstLineIndex]!)) {
    const entries: JsonEntry[] = [];
    const broken: JsonEntries['broken'] = [];
    lines.forEach((raw, index) => {
      const l = raw.trim();
      if (l === '') return;
      try {
        entries.push({ value: JSON.parse(l), line: index + 1 });
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 100) : 'not JSON';
        broken.push({ line: index + 1, reason: `line is not valid JSON (${message.replace(/, ".*$/, '')})` });
      }
    });
    return { entries, broken };
  }
  const value = parseWhole(name, text);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InputFileError(name, `is an empty JSON list ([]): it holds no ${what}`);
    const { spans } = scanEntries(text, Number.POSITIVE_INFINITY);
    const placed = spans.length === value.length;
    return { entries: value.map((v, i) => ({ value: v, line: placed ? spans[i]!.line : null })), broken: [] };
  }
  if (isObject(value)) {
    if (Object.keys(value).length === 0) throw new InputFileError(name, `is an empty JSON object ({}): it holds no ${what}`);
    return { entries: [{ value, line: firstLineIndex + 1 }], broken: [] };
  }
  throw new InputFileError(name, `is a single JSON value, not an object or a list of ${what}`);
}

function parsesAsObject(line: string): boolean {
  try {
    return isObject(JSON.parse(line));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical rows and notes

export type DeploymentColumn =
  | 'deployed_at'
  | 'domain'
  | 'service'
  | 'deployment_id'
  | 'change_id'
  | 'coordinated_with'
  | 'independent'
  | 'status'
  | 'environment';

export function deploymentRow(
  values: Partial<Record<DeploymentColumn, string | null>>,
  file: string,
  line: number | null,
): CanonicalRow {
  return {
    values: {
      deployed_at: values.deployed_at ?? null,
      domain: values.domain ?? null,
      service: values.service ?? null,
      deployment_id: values.deployment_id ?? null,
      change_id: values.change_id ?? null,
      coordinated_with: values.coordinated_with ?? null,
      independent: values.independent ?? null,
      status: values.status ?? null,
      environment: values.environment ?? null,
    },
    file,
    line,
  };
}

/** `1 deployment`, `3 deployments`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `production (3), staging (2)`: what a column held, most frequent first. */
export function tally(values: readonly (string | null | undefined)[], empty = '(none)'): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v ?? empty, (counts.get(v ?? empty) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v, n]) => `${v} (${n})`)
    .join(', ');
}

/** Sorts rows by file (in the order given) and line, so that the first of a repeated
 *  deployment id is the first in the files. */
export function inFileOrder(rows: CanonicalRow[], files: readonly FormatFile[]): CanonicalRow[] {
  const order = new Map(files.map((f, i) => [f.name, i]));
  return rows
    .map((row, i) => ({ row, i }))
    .sort(
      (a, b) =>
        (order.get(a.row.file) ?? 0) - (order.get(b.row.file) ?? 0) ||
        (a.row.line ?? Number.MAX_SAFE_INTEGER) - (b.row.line ?? Number.MAX_SAFE_INTEGER) ||
        a.i - b.i,
    )
    .map(({ row }) => row);
}

/** `group/project` from a web URL of a repository, pipeline, job or commit
 *  (`https://gitlab.com/group/sub/project/-/pipelines/12` → `group/sub/project`). */
export function repositoryPathOfUrl(url: string | null): string | null {
  if (url === null) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  path = path.split('/-/')[0]!;
  path = path.replace(/\/(pipelines|jobs|commit|commits|environments|deployments|tree|blob)(\/.*)?$/, '');
  path = path.replace(/\.git$/, '').replace(/^\/+|\/+$/g, '');
  return path.includes('/') ? decodeURIComponent(path) : null;
}

/**
 * The ownership map, where the engine passes it in the context as `owners` (asset key → domain;
 * FormatContext has no such field yet: see deployment-formats.ts). Read structurally, so that
 * a context without it works: null then, and nothing is known.
 */
export function ownerLookup(context: FormatContext): ((service: string) => string | null) | null {
  const owners: unknown = Reflect.get(context, 'owners');
  if (!(owners instanceof Map)) return null;
  return (service) => {
    const domain: unknown = owners.get(assetKey(service));
    return typeof domain === 'string' && domain.trim() !== '' ? domain : null;
  };
}

/** The ownership map's key for a service: trimmed, lower-cased (SQL `asset_key_of`). */
export const assetKey = (name: string) => name.trim().toLowerCase();
