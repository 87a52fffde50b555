// What the YAML and JSON dependency formats share: reading a file safely (nesting checked before
// any parser sees it, YAML without custom tags, with unique keys and a small alias budget, every
// scalar read as text so `1.10` stays `1.10`), line numbers for the values read, and small guards
// that narrow parsed data without `any`.
//
// Parsed data is only ever read field by field through `field()` (own properties only, and never
// `__proto__`, `constructor` or `prototype`), and looked up through `Map`s: it is never spread,
// merged or used as a lookup object, so a hostile key is just a key.
import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';
import { InputFileError } from '../../inputs.ts';
import type { FormatFile } from '../format.ts';

/** Deeper than this, a file is refused before it is parsed: no catalog, manifest or event
 *  nests past a dozen levels, and parsers recurse. */
export const MAX_NESTING = 64;
/** A YAML alias may be expanded this often in a document; more is an alias bomb. */
export const MAX_ALIASES = 50;
/** A YAML line indented further than this is refused with the nesting check. */
const MAX_INDENT = MAX_NESTING * 8;

// ---------------------------------------------------------------------------------------------
// Guards

export type Fields = { readonly [key: string]: unknown };

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of parsed data; never an inherited one, never `__proto__`. */
export function field(object: Fields, key: string): unknown {
  if (UNSAFE_KEYS.has(key)) return undefined;
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function fieldsOf(object: Fields, key: string): Fields | null {
  const value = field(object, key);
  return isFields(value) ? value : null;
}

/** A value as text: a trimmed non-empty string (YAML's `~`/`null` spellings are absent), or a
 *  finite number as written by JSON. Anything else is null. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' || t === '~' || /^null$/i.test(t) ? null : t;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function textOf(object: Fields, key: string): string | null {
  return text(field(object, key));
}

/** A list field: an array as is, a single value as a list of one, absent as empty. */
export function listOf(object: Fields, key: string): readonly unknown[] {
  const value = field(object, key);
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** The own keys of parsed data (a `__proto__` key is listed like any other, and is harmless
 *  because values are only read through `field`). */
export function keysOf(object: Fields): string[] {
  return Object.keys(object).filter((k) => !UNSAFE_KEYS.has(k));
}

// ---------------------------------------------------------------------------------------------
// Lines

/** Offsets → 1-based line numbers, by binary search over the line starts. */
export class LineIndex {
  readonly #starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Nesting, checked on the text before any parser sees it

/** The offset where the text nests deeper than MAX_NESTING, or -1. JSON is scanned exactly;
 *  YAML approximately (flow brackets outside quotes and comments, and indentation), which is
 *  enough to stop a parser from recursing without bound. */
export function tooDeepAt(text: string, syntax: 'json' | 'yaml'): number {
  let depth = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = '';
      } else if (c === '\n') lineStart = true;
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (syntax === 'yaml' && lineStart) {
      if (c === ' ' || c === '-' || c === '?' || c === ':') {
        if (++indent > MAX_INDENT) return i;
        continue;
      }
      lineStart = false;
    }
    lineStart = false;
    if (c === '"' && (syntax === 'json' || opensQuote(text[i - 1]))) quote = '"';
    else if (c === "'" && syntax === 'yaml' && opensQuote(text[i - 1])) quote = "'";
    else if (c === '#' && syntax === 'yaml' && /\s/.test(text[i - 1] ?? ' ')) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}

/** In YAML a quote opens a quoted scalar only where a value can start. */
function opensQuote(before: string | undefined): boolean {
  return before === undefined || /[\s[{,:-]/.test(before);
}

export function checkNesting(file: FormatFile, syntax: 'json' | 'yaml'): void {
  const at = tooDeepAt(file.text, syntax);
  if (at !== -1) {
    throw new InputFileError(
      file.name,
      `nests more than ${MAX_NESTING} levels deep; no catalog, manifest or event does that, so it is refused unread`,
      new LineIndex(file.text).lineOf(at),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Parses JSON after the nesting check; a syntax error names its line. */
export function readJson(file: FormatFile): unknown {
  checkNesting(file, 'json');
  try {
    return JSON.parse(file.text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = jsonErrorOffset(message, file.text);
    const line = at === null ? null : new LineIndex(file.text).lineOf(at);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*$/, '');
    throw new InputFileError(file.name, `is not valid JSON (${reason})`, line);
  }
}

/** Where JSON.parse failed, from its message: V8 says "at position N", "(line L column C)", or
 *  quotes up to 10 characters either side of the unexpected token. */
export function jsonErrorOffset(message: string, source: string): number | null {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) {
    let offset = 0;
    for (let l = 1; l < Number(lineColumn[1]); l++) offset = source.indexOf('\n', offset) + 1;
    return offset + Number(lineColumn[2]) - 1;
  }
  const context = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (context) {
    const [, token = '', before, snippet = ''] = context;
    const start = source.indexOf(snippet);
    if (start === -1) return null;
    return before ? start + Math.min(10, snippet.length - 1) : start + Math.max(0, snippet.indexOf(token));
  }
  if (/Unexpected end of JSON input/.test(message)) return Math.max(0, source.length - 1);
  return null;
}

/** `[]` and `{}` hold nothing: refused with a reason rather than read as an empty export. */
export function refuseEmpty(file: FormatFile, value: unknown): void {
  if (Array.isArray(value) && value.length === 0) {
    throw new InputFileError(file.name, 'is an empty list ([]): there is nothing in it to read');
  }
  if (isFields(value) && keysOf(value).length === 0) {
    throw new InputFileError(file.name, 'is an empty object ({}): there is nothing in it to read');
  }
}

/** Where each element of a top-level JSON array starts (offsets), by one scan of the text. */
export function topLevelItemOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && expectValue && c !== ']') {
      offsets.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = c === '[';
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return offsets;
}

// ---------------------------------------------------------------------------------------------
// YAML

export interface YamlDocument {
  /** The document as plain data; every scalar is a string (YAML's failsafe schema). */
  data: unknown;
  /** The line where the document's content starts. */
  line: number;
  /** The line of the value at `path` (keys and list indexes), or the document's line. */
  lineOf(path: readonly (string | number)[]): number;
}

const YAML_OPTIONS = {
  // Every scalar is text: no numbers (`1.10` stays `1.10`), no booleans, no custom tags.
  schema: 'failsafe',
  uniqueKeys: true,
  merge: false,
  prettyErrors: false,
  strict: true,
} as const;

/** The documents of a YAML (or JSON) file; refuses the file when it cannot be read safely. */
export function readYaml(file: FormatFile): YamlDocument[] {
  checkNesting(file, 'yaml');
  const counter = new LineCounter();
  const docs = parseAllDocuments(file.text, { ...YAML_OPTIONS, lineCounter: counter });
  const lineAt = (offset: number) => counter.linePos(offset).line;
  const out: YamlDocument[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      throw new InputFileError(file.name, yamlReason(error.code, error.message), lineAt(error.pos[0]));
    }
    const line = lineAt(doc.contents?.range[0] ?? doc.range[0]);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown;
    } catch (e) {
      if (e instanceof ReferenceError && /excessive alias/i.test(e.message)) {
        throw new InputFileError(
          file.name,
          'uses YAML aliases that expand without bound (an "alias bomb"); it is refused unread',
          line,
        );
      }
      throw new InputFileError(file.name, `is not valid YAML (${e instanceof Error ? e.message : String(e)})`, line);
    }
    out.push({ data, line, lineOf: (path) => nodeLine(doc, path, lineAt) ?? line });
  }
  return out;
}

function nodeLine(doc: Document, path: readonly (string | number)[], lineAt: (offset: number) => number): number | null {
  try {
    const node: unknown = doc.getIn(path, true);
    return isNode(node) && node.range ? lineAt(node.range[0]) : null;
  } catch {
    return null;
  }
}

function yamlReason(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `repeats a key in one mapping (${first}); a key may appear only once`;
  if (code === 'RESOURCE_EXHAUSTION') return 'nests too deeply to be read safely';
  return `is not valid YAML (${first})`;
}

/** True when YAML text parses into at least one document without errors (no data is built:
 *  for `recognise`, where aliases must not be expanded). Never throws. */
export function yamlDocumentsOrNull(textValue: string): Document[] | null {
  try {
    if (tooDeepAt(textValue, 'yaml') !== -1) return null;
    const docs = parseAllDocuments(textValue, YAML_OPTIONS);
    if (docs.length === 0 || docs.some((d) => d.errors.length > 0)) return null;
    return docs;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Words for notes

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c", at most `max` named, then "and N more". */
export function listSome(items: readonly string[], max = 8): string {
  if (items.length <= 1) return items.join('');
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The head of a file, for cheap recognition of big files. */
export function head(file: FormatFile, chars = 65_536): string {
  return file.text.length <= chars ? file.text : file.text.slice(0, chars);
}

/** The first character that is not white space. */
export function firstChar(textValue: string): string {
  const m = /\S/.exec(textValue.length > 4096 ? textValue.slice(0, 4096) : textValue);
  return m ? m[0] : '';
}

/** How the engine names a read of several files: the file, or "Backstage catalog (26 files)". */
export function fileLabel(files: readonly FormatFile[], label: string): string {
  return files.length === 1 ? files[0]!.name : `${label} (${files.length} files)`;
}

/**
 * Why a JSON or YAML file no format recognised cannot be read at all, or null: for the drop zone
 * to say more than "not recognised" about `[]`, `{}`, nesting past the limit, invalid JSON/YAML,
 * repeated keys or an alias bomb. JSON is told by its first character, YAML by a `.yaml`/`.yml`
 * name. Never throws.
 */
export function unusableStructuredText(file: FormatFile): InputFileError | null {
  try {
    const c = firstChar(file.text);
    if (c === '[' || c === '{') {
      refuseEmpty(file, readJson(file));
    } else if (/\.ya?ml$/i.test(file.name)) {
      const docs = readYaml(file);
      if (docs.length === 0) return new InputFileError(file.name, 'holds no YAML document');
      if (docs.length === 1) refuseEmpty(file, docs[0]!.data);
    }
    return null;
  } catch (error) {
    return error instanceof InputFileError ? error : null;
  }
}
