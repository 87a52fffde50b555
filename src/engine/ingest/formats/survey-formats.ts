// The survey formats the engine reads (see ./index.ts): Google Forms, Microsoft Forms and
// Typeform exports in wide form, one row per response and one column per question.
//
// Each layout is one small module of the same shape: how its header is recognised, how many
// header rows it has, and which columns are its own (time stamps, e-mail, response id). They
// share the reading: every column is matched to the question bank by id or text (or by the
// user's mapping), every answer is scored by number or by its label on the question's scale,
// and each response becomes one canonical answer row per question column, at its file line.
// A column that matches nothing stops the read with `MappingNeeded`, so the user can say what
// it is; the mapping is remembered under `mappingKey(headers)` for the next export of the form.
import Papa from 'papaparse';
import { InputFileError } from '../../inputs.ts';
import type { Pillar } from '../../metrics-schema.ts';
import {
  DELIMITERS,
  MappingNeeded,
  byHeaderKey,
  headerKey,
  isColumnTarget,
  samplesOf,
  type MappingOption,
} from '../csv-header.ts';
import type {
  CanonicalRow,
  ColumnMapping,
  ColumnTarget,
  FormatAdapter,
  FormatContext,
  FormatFile,
  FormatProblem,
  FormatResult,
} from '../format.ts';

export {
  MappingNeeded,
  mappingKey,
  isColumnTarget,
  isCsvColumnTarget,
  type CsvColumnMapping,
  type CsvColumnTarget,
  type MappingOption,
  type MappingRequest,
} from '../csv-header.ts';

type Field = 'respondent' | 'domain' | 'timestamp';
/** A column a layout knows by its header. `rank` orders respondent columns: e-mail 1, name 2, id 3. */
type Known = { field: Field; rank?: number } | { ignore: true };

interface SurveyLayout {
  id: string;
  label: string;
  /** Whether the first rows of a file (parsed) are this layout's header. */
  recognise(head: readonly (readonly string[])[]): boolean;
  /** How many rows the header takes. */
  headerRows(head: readonly (readonly string[])[]): number;
  /** The layout's own columns, by `headerKey`. */
  known(key: string): Known | undefined;
  /** `refuse`: a repeated header is an error. `number`: Typeform repeats option labels ("Other")
   *  across questions; a repeat is named `Other (column 21)` (and refused if it would be read). */
  repeatedHeaders: 'refuse' | 'number';
}

const ignore = { ignore: true } as const;
const first = (head: readonly (readonly string[])[]) => (head[0] ?? []).map((h) => headerKey(h));
const CANONICAL_MARKERS = new Set(['question_id', 'deployed_at', 'from_domain', 'to_domain', 'pillar']);

// ---------------------------------------------------------------------------------------------
// Google Forms: "Download responses (.csv)" in the form, or File › Download › CSV of its sheet.
// `Timestamp` first (in the form's language), `Email Address` when e-mails are collected, a
// quiz's `Score`; a grid question is one column per row: `Question [Row]`.

const TIMESTAMP_NAMES = new Set([
  'timestamp', 'marca temporal', 'zeitstempel', 'horodateur', 'horodatage', 'carimbo de data/hora',
  'informazioni cronologiche', 'tijdstempel', 'sygnatura czasowa', 'tidsstempel', 'tidstämpel',
  'aikaleima', 'časová značka', 'метка времени', 'タイムスタンプ', '타임스탬프', '时间戳', '時間戳記',
]);

const questionLike = (h: string) => /[?\]]\s*$/.test(h.trim()) || h.trim().split(/\s+/).length >= 3;

export const googleForms: SurveyLayout = {
  id: 'google-forms',
  label: 'Google Forms',
  recognise(head) {
    const keys = first(head);
    if (keys.length < 2 || !TIMESTAMP_NAMES.has(keys[0]!) || keys.some((k) => CANONICAL_MARKERS.has(k))) return false;
    return ['email address', 'username', 'score'].includes(keys[1]!) || (head[0] ?? []).slice(1).some(questionLike);
  },
  headerRows: () => 1,
  known(key) {
    if (TIMESTAMP_NAMES.has(key)) return { field: 'timestamp' };
    if (key === 'email address' || key === 'username') return { field: 'respondent', rank: 1 };
    if (key === 'score' || key === 'total score') return ignore;
    return undefined;
  },
  repeatedHeaders: 'refuse',
};

// ---------------------------------------------------------------------------------------------
// Microsoft Forms: Responses › "Open results in Excel", saved as CSV UTF-8. `ID`, `Start time`,
// `Completion time`, `Email` (`anonymous` when not collected), `Name`, sometimes `Last modified
// time`; a quiz adds `Total points`, `Quiz feedback` and `Points - …` / `Feedback - …` columns.

const MS_START = new Set(['start time', 'hora de inicio', 'startzeit', 'heure de début', 'ora di inizio', 'begintijd', 'hora de início']);
const MS_END = new Set(['completion time', 'hora de finalización', 'fertigstellungszeit', 'heure de fin', 'ora di completamento', 'tijd van voltooien', 'hora de conclusão']);

export const microsoftForms: SurveyLayout = {
  id: 'microsoft-forms',
  label: 'Microsoft Forms',
  recognise(head) {
    const keys = first(head);
    return keys[0] === 'id' && keys.some((k) => MS_START.has(k)) && keys.some((k) => MS_END.has(k));
  },
  headerRows: () => 1,
  known(key) {
    if (key === 'id') return { field: 'respondent', rank: 3 };
    if (MS_START.has(key) || MS_END.has(key) || key === 'last modified time') return { field: 'timestamp' };
    if (key === 'email') return { field: 'respondent', rank: 1 };
    if (key === 'name') return { field: 'respondent', rank: 2 };
    if (['total points', 'quiz feedback', 'grade posted time'].includes(key)) return ignore;
    if (key.startsWith('points - ') || key.startsWith('feedback - ')) return ignore;
    return undefined;
  },
  repeatedHeaders: 'refuse',
};

// ---------------------------------------------------------------------------------------------
// Typeform: Results › Responses › Download (CSV). `#` (the response token) first, one column
// per question, a multiple-selection question as one column per option (headed by the option),
// then `Start Date (UTC)`, `Submit Date (UTC)`, `Network ID`, `Tags`. Some exports put a
// question-group row above the header (its first cell empty, the `#` on the second row).

export const typeform: SurveyLayout = {
  id: 'typeform',
  label: 'Typeform',
  recognise(head) {
    const a = (head[0]?.[0] ?? '').trim();
    return a === '#' || (a === '' && (head[1]?.[0] ?? '').trim() === '#' && (head[0]?.length ?? 0) === (head[1]?.length ?? -1));
  },
  headerRows: (head) => ((head[0]?.[0] ?? '').trim() === '#' ? 1 : 2),
  known(key) {
    if (key === '#') return { field: 'respondent', rank: 3 };
    if (['start date (utc)', 'submit date (utc)', 'stage date (utc)'].includes(key)) return { field: 'timestamp' };
    if (['network id', 'tags', 'score', 'response type', 'ending'].includes(key)) return ignore;
    return undefined;
  },
  repeatedHeaders: 'number',
};

// ---------------------------------------------------------------------------------------------
// Columns every layout may have, whatever the tool.

const EMAIL_NAMES = new Set(['email', 'e-mail', 'email address', 'e-mail address', 'your email', 'your e-mail', 'work email', 'your email address']);
const NAME_NAMES = new Set(['name', 'full name', 'your name', 'respondent', 'respondent name']);
const DOMAIN_NAMES = new Set(['domain', 'team', 'squad', 'tribe', 'department', 'business unit', 'business domain',
  'your domain', 'your team', 'domain name', 'team name', 'domain team']);

function commonKnown(key: string): Known | undefined {
  if (EMAIL_NAMES.has(key)) return { field: 'respondent', rank: 1 };
  if (NAME_NAMES.has(key)) return { field: 'respondent', rank: 2 };
  const words = normText(key);
  if (DOMAIN_NAMES.has(words)) return { field: 'domain' };
  if (
    words.length <= 90 &&
    !/\bsize\b/.test(words) &&
    /^(which|what|in which|select|choose|please select|please choose|your)\b.*\b(domain|team|squad|tribe|department|business unit)s?\b/.test(words)
  ) {
    return { field: 'domain' };
  }
  // Free text nobody scores: comments, a quiz's per-question score and feedback.
  if (/^(any |anything )?(other |additional |further |final |more )?(comments?|remarks?|notes?|feedback|suggestions?)\b/.test(words)) return ignore;
  if (/\banything else\b/.test(words)) return ignore;
  if (/\[(score|feedback)\]$/.test(key)) return ignore;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The question bank, looked up by id and by text.

interface Question {
  id: string;
  pillar: Pillar;
  text: string;
  min: number;
  max: number;
  /** The text normalised: lower case, letters and digits only, single spaces. */
  norm: string;
}

/** Lower case, punctuation and white space folded to single spaces: how texts are compared. */
export function normText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `1. `, `Q3) `, `Question 2 - ` before a question's text. */
const stripNumbering = (s: string) => s.replace(/^\s*(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*\s*[.):\-–—]\s*/i, '');

/** `Question [Row]` → its parts (brackets may nest in the row). */
function gridParts(header: string): { stem: string; row: string } | undefined {
  const t = header.trim();
  if (!t.endsWith(']')) return undefined;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    if (t[i] === ']') depth++;
    else if (t[i] === '[' && --depth === 0) {
      const stem = t.slice(0, i).trim();
      const row = t.slice(i + 1, -1).trim();
      return stem !== '' && row !== '' ? { stem, row } : undefined;
    }
  }
  return undefined;
}

const STOP_WORDS = new Set(['the', 'and', 'our', 'that', 'with', 'for', 'are', 'you', 'your', 'has', 'have', 'this',
  'from', 'its', 'can', 'how', 'what', 'which', 'who', 'does', 'all', 'any', 'every', 'each', 'into', 'than', 'they', 'their']);
const words = (s: string) => new Set(normText(s).split(' ').filter((w) => w.length >= 3 && !STOP_WORDS.has(w)));

class Bank {
  readonly questions: Question[];
  readonly #byId = new Map<string, Question>();
  readonly #byText = new Map<string, Question>();
  readonly #longestFirst: Question[];

  constructor(questions: FormatContext['questions']) {
    this.questions = questions.map((q) => ({
      id: q.question_id,
      pillar: q.pillar,
      text: q.text,
      min: Number(q.scale_min),
      max: Number(q.scale_max),
      norm: normText(q.text),
    }));
    for (const q of this.questions) {
      if (!this.#byId.has(q.id)) this.#byId.set(q.id, q);
      if (q.norm !== '' && !this.#byText.has(q.norm)) this.#byText.set(q.norm, q);
    }
    this.#longestFirst = [...this.questions].sort((a, b) => b.id.length - a.id.length);
  }

  get(id: string): Question | undefined {
    return this.#byId.get(id) ?? this.questions.find((q) => q.id.toLowerCase() === id.toLowerCase());
  }

  /** The question a header names: by id (`do1`, `do1. Every data set…`, `… [do1]`), then by text. */
  match(header: string): { q: Question; by: 'id' | 'text' } | undefined {
    const grid = gridParts(header);
    const parts = grid ? [grid.row, header] : [header];
    for (const part of parts) {
      const q = this.#byIdPrefix(part);
      if (q) return { q, by: 'id' };
    }
    for (const part of parts) {
      const q = this.#byText.get(normText(part)) ?? this.#byText.get(normText(stripNumbering(part)));
      if (q) return { q, by: 'text' };
    }
    // The statement at the end of a longer header (`Rate these statements.Every data set…`).
    const n = normText(header);
    const q = this.questions.find((x) => x.norm.split(' ').length >= 4 && n.endsWith(` ${x.norm}`));
    return q ? { q, by: 'text' } : undefined;
  }

  #byIdPrefix(text: string): Question | undefined {
    const t = text.trim();
    const bounded = (q: Question) => {
      const rest = t.slice(q.id.length);
      return rest === '' || /^\s*[.:)\]\-–—|/_,;]/.test(rest) || (/\d/.test(q.id) && /^\s/.test(rest));
    };
    const exact = this.#longestFirst.find((q) => q.id !== '' && t.startsWith(q.id) && bounded(q));
    if (exact) return exact;
    const folded = this.#longestFirst.find(
      (q) => q.id !== '' && t.slice(0, q.id.length).toLowerCase() === q.id.toLowerCase() && bounded(q),
    );
    if (folded) return folded;
    const tail = /[([]\s*([^()[\]\s]+)\s*[)\]]\s*$/.exec(t);
    return tail ? this.get(tail[1]!) : undefined;
  }

  /** A question whose words are close to the header's (a suggestion, never applied alone). */
  suggest(header: string): Question | undefined {
    const grid = gridParts(header);
    const mine = words(grid?.row ?? header);
    if (mine.size === 0) return undefined;
    let best: Question | undefined;
    let bestScore = 0.5; // more than half of the words of both, together, are shared
    for (const q of this.questions) {
      const theirs = words(q.text);
      const shared = [...mine].filter((w) => theirs.has(w)).length;
      const score = shared / (mine.size + theirs.size - shared);
      if (score > bestScore) {
        best = q;
        bestScore = score;
      }
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring an answer on its question's scale.

/** Answers that say the respondent does not know: counted as unknown (`dk`). */
const UNKNOWN_ANSWERS = new Set([
  'dk', 'na', 'n a', 'don t know', 'dont know', 'i don t know', 'i dont know', 'do not know', 'i do not know',
  'not sure', 'i m not sure', 'im not sure', 'i am not sure', 'unsure', 'unknown', 'no idea', 'can t say',
  'cannot say', 'can t tell', 'not applicable', 'does not apply', 'doesn t apply', 'i don t know or na',
  'i don t know or n a', 'don t know n a', 'n a don t know', 'prefer not to answer or na', 'prefer not to answer or n a',
]);
/** Answers that decline: skipped like a blank (they say nothing about knowledge). */
const DECLINED_ANSWERS = new Set([
  'prefer not to say', 'prefer not to answer', 'i prefer not to say', 'i prefer not to answer',
  'i d rather not say', 'rather not say', 'decline to answer', 'declined',
]);

/**
 * Answer labels by position on a 5-point scale and, for agreement, on a 7-point one. A label is
 * placed on the question's scale linearly from its 5-point position (Agree on 0–100 is 75); on
 * a 7-point scale (max − min = 6) the agreement labels take their 7-point places.
 */
const LABELS = new Map<string, { five: number; seven?: number }>();
function labels(five: number, seven: number | undefined, ...names: string[]) {
  for (const name of names) LABELS.set(normText(name), seven === undefined ? { five } : { five, seven });
}
// Agreement (Likert), 5 and 7 points.
labels(1, 1, 'strongly disagree', 'completely disagree', 'totally disagree', 'fully disagree');
labels(2, 2, 'disagree', 'mostly disagree');
labels(2, 3, 'somewhat disagree', 'slightly disagree', 'tend to disagree', 'partly disagree', 'partially disagree');
labels(3, 4, 'neither agree nor disagree', 'neither agree or disagree', 'neither disagree nor agree', 'neutral', 'undecided', 'neither');
labels(4, 5, 'somewhat agree', 'slightly agree', 'tend to agree', 'partly agree', 'partially agree');
labels(4, 6, 'agree', 'mostly agree');
labels(5, 7, 'strongly agree', 'completely agree', 'totally agree', 'fully agree');
// Frequency.
labels(1, undefined, 'never');
labels(2, undefined, 'rarely', 'seldom');
labels(3, undefined, 'sometimes', 'occasionally');
labels(4, undefined, 'often', 'usually', 'frequently', 'most of the time');
labels(5, undefined, 'always', 'very often', 'all the time');
// Importance.
labels(1, undefined, 'not important', 'not at all important', 'unimportant');
labels(2, undefined, 'slightly important', 'of little importance', 'low importance');
labels(3, undefined, 'moderately important', 'somewhat important');
labels(4, undefined, 'very important');
labels(5, undefined, 'extremely important', 'critical');
// Extent.
labels(1, undefined, 'not at all', 'to no extent');
labels(2, undefined, 'to a small extent', 'to a little extent', 'a little');
labels(3, undefined, 'to some extent', 'to a moderate extent', 'moderately');
labels(4, undefined, 'to a large extent', 'to a great extent', 'largely');
labels(5, undefined, 'to a very large extent', 'to a very great extent', 'completely', 'fully');
// Quality.
labels(1, undefined, 'very poor');
labels(2, undefined, 'poor');
labels(3, undefined, 'fair', 'average');
labels(4, undefined, 'good');
labels(5, undefined, 'excellent');

type Scored = { answer: string | null; declined?: true } | { problem: string };

const NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;
const number = (s: string) => s.replace(',', '.');
const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 79)}…` : s);

export function scoreAnswer(cell: string, q: Pick<Question, 'id' | 'min' | 'max'>): Scored {
  const text = cell.trim();
  if (text === '') return { answer: null };
  if (NUMBER.test(text)) return { answer: number(text) };
  const key = normText(text);
  if (UNKNOWN_ANSWERS.has(key) || /(^| )(don t know|do not know|not applicable)( |$)/.test(key)) return { answer: 'dk' };
  if (DECLINED_ANSWERS.has(key)) return { answer: null, declined: true };
  // `4 - Agree`, `5 = Strongly agree`, `Agree (4)`: the number decides.
  const lead = /^([+-]?\d+(?:[.,]\d+)?)\s*(?:[-–—:=.)]\s*|\s+)\p{L}/u.exec(text);
  if (lead) return { answer: number(lead[1]!) };
  const trail = /\(\s*([+-]?\d+(?:[.,]\d+)?)\s*\)$/.exec(text);
  if (trail) return { answer: number(trail[1]!) };
  const label = LABELS.get(key);
  if (label) {
    const span = q.max - q.min;
    const value = span === 6 && label.seven !== undefined ? q.min + label.seven - 1 : q.min + ((label.five - 1) * span) / 4;
    return { answer: String(Number(value.toPrecision(12))) };
  }
  return {
    problem: `answer ${quote(text)} to question ${quote(q.id)} is neither a number nor a scale label ("Strongly disagree" … "Strongly agree", "Never" … "Always", "I don't know")`,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading a file.

interface Parsed {
  rows: string[][];
  /** The file line each row starts on (1-based). */
  lines: number[];
}

function guessDelimiter(text: string): string {
  const parsed = Papa.parse<string[]>(text.slice(0, 64 * 1024), { preview: 3, delimitersToGuess: [...DELIMITERS] });
  return (DELIMITERS as readonly string[]).includes(parsed.meta.delimiter) ? parsed.meta.delimiter : ',';
}

function csvProblem(error: Papa.ParseError): string {
  if (error.code === 'MissingQuotes') return 'a quoted value is never closed (unclosed quote)';
  if (error.code === 'InvalidQuotes') return 'a quoted value has text after its closing quote';
  return error.message;
}

/** The whole file, every row with its line; any parse error refuses the file at its line. */
function parseFile(file: FormatFile, limit = Number.POSITIVE_INFINITY): Parsed {
  const text = file.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const rows: string[][] = [];
  const lines: number[] = [];
  let offset = 0;
  let line = 1;
  let failure: InputFileError | undefined;
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    step(result, parser) {
      const start = line;
      const end = result.meta.cursor;
      for (let i = text.indexOf('\n', offset); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
      offset = end;
      const error = result.errors.find((e) => e.type !== 'Delimiter');
      if (error) {
        failure = new InputFileError(file.name, csvProblem(error), start);
        parser.abort();
        return;
      }
      if (result.data.length === 1 && result.data[0] === '') return; // a blank line
      rows.push(result.data);
      lines.push(start);
      if (rows.length >= limit) parser.abort();
    },
  });
  if (failure) throw failure;
  return { rows, lines };
}

/** How each column is read. */
type Column =
  | { kind: 'question'; q: Question; by: 'id' | 'text' | 'mapping' }
  | { kind: 'field'; field: Field; rank: number; by: 'known' | 'mapping' }
  | { kind: 'ignore'; by: 'known' | 'mapping' }
  | { kind: 'unmatched'; suggestion: ColumnTarget };

function resolve(
  header: string,
  layout: SurveyLayout,
  bank: Bank,
  mapping: Map<string, ColumnTarget>,
): Column {
  const key = headerKey(header);
  const chosen = mapping.get(key);
  if (chosen) {
    if ('ignore' in chosen) return { kind: 'ignore', by: 'mapping' };
    if ('field' in chosen) return { kind: 'field', field: chosen.field, rank: 0, by: 'mapping' };
    const q = bank.get(chosen.question);
    // Where the mapping only confirms what the header says, the notes say how it matched.
    const auto = q ? bank.match(header) : undefined;
    if (q) return { kind: 'question', q, by: auto?.q === q ? auto.by : 'mapping' };
    // A remembered mapping naming a question the bank no longer has: ask again.
  }
  const known = layout.known(key);
  if (known) {
    return 'ignore' in known ? { kind: 'ignore', by: 'known' } : { kind: 'field', field: known.field, rank: known.rank ?? 2, by: 'known' };
  }
  const matched = bank.match(header);
  if (matched) return { kind: 'question', q: matched.q, by: matched.by };
  const common = commonKnown(key);
  if (common) {
    return 'ignore' in common ? { kind: 'ignore', by: 'known' } : { kind: 'field', field: common.field, rank: common.rank ?? 2, by: 'known' };
  }
  return { kind: 'unmatched', suggestion: suggest(header, bank) };
}

/** A guess for a column nothing matched: a question with close words, else a field by a
 *  telling word in a short header, else ignore. Only ever shown, never applied unasked. */
function suggest(header: string, bank: Bank): ColumnTarget {
  const near = bank.suggest(header);
  if (near) return { question: near.id };
  const n = normText(header);
  const short = n.split(' ').length <= 4;
  if (/\b(team|domain|department|squad|tribe)\b/.test(n)) return { field: 'domain' };
  if (short && /\b(e ?mail|name)\b/.test(n) && !/\b(company|organi[sz]ation|product|project|tool|file)\b/.test(n)) {
    return { field: 'respondent' };
  }
  if (short && /^(date|time|timestamp|submitted|submission|start|end|completed?)\b/.test(n)) return { field: 'timestamp' };
  return ignore;
}

const targetOf = (c: Column): ColumnTarget =>
  c.kind === 'question' ? { question: c.q.id } : c.kind === 'field' ? { field: c.field } : c.kind === 'ignore' ? ignore : c.suggestion;

const PILLAR_NAMES: Record<Pillar, string> = {
  domain_ownership: 'Domain ownership',
  data_as_product: 'Data as a product',
  self_serve_platform: 'Self-serve platform',
  federated_governance: 'Federated governance',
};

/** The choices of the mapping step for a survey column: every question, the fields, ignore. */
export function surveyTargets(questions: FormatContext['questions']): MappingOption<ColumnTarget>[] {
  const short = (s: string) => (s.length > 90 ? `${s.slice(0, 89)}…` : s);
  return [
    ...questions.map((q) => ({
      target: { question: q.question_id },
      label: `${q.question_id} — ${short(q.text)}`,
      group: PILLAR_NAMES[q.pillar] ?? q.pillar,
    })),
    { target: { field: 'respondent' as const }, label: 'Respondent (e-mail, name or response id)', group: 'Fields' },
    { target: { field: 'domain' as const }, label: 'Domain or team', group: 'Fields' },
    { target: { field: 'timestamp' as const }, label: 'Time of the response (not scored)', group: 'Fields' },
    { target: ignore, label: 'Ignore this column', group: 'Other' },
  ];
}

const listed = (names: readonly string[], max = 6) =>
  names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

function readSurveyFile(layout: SurveyLayout, file: FormatFile, context: FormatContext): FormatResult {
  const { rows, lines } = parseFile(file);
  const headerRows = layout.headerRows(rows);
  const headerRow = rows[headerRows - 1];
  if (!headerRow) throw new InputFileError(file.name, 'has no header');
  const headerLine = lines[headerRows - 1] ?? 1;
  const width = headerRow.length;
  for (let r = 0; r < rows.length; r++) {
    if (rows[r]!.length !== width) {
      throw new InputFileError(
        file.name,
        `this row has ${rows[r]!.length} values where the header has ${width} columns (a stray or mixed delimiter?)`,
        lines[r] ?? null,
      );
    }
  }
  const data = rows.slice(headerRows);
  if (data.length === 0) throw new InputFileError(file.name, 'has a header but no responses');

  const bank = new Bank(context.questions);
  const mapping = byHeaderKey(context.mapping ?? {}, isColumnTarget);
  const headers: string[] = [];
  const seen = new Map<string, number>();
  headerRow.forEach((raw, i) => {
    const header = raw.trim();
    if (header === '') throw new InputFileError(file.name, `column ${i + 1} of the header has no name`, headerLine);
    const key = headerKey(header);
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, i);
      headers.push(header);
      return;
    }
    const twice = new InputFileError(
      file.name,
      `the header names column "${header}" twice (columns ${earlier + 1} and ${i + 1})`,
      headerLine,
    );
    if (layout.repeatedHeaders === 'refuse') throw twice;
    // Typeform: an option label repeated across questions. Read, it would be ambiguous.
    const column = resolve(header, layout, bank, mapping);
    if (column.kind === 'question' || column.kind === 'field') throw twice;
    headers.push(`${header} (column ${i + 1})`);
  });

  const columns = headers.map((h) => resolve(h, layout, bank, mapping));
  const unmatched = headers.filter((_, i) => columns[i]!.kind === 'unmatched');
  if (unmatched.length > 0) {
    throw new MappingNeeded(
      file.name,
      `${unmatched.length} of ${headers.length} columns match no question of the question bank and no known field ` +
        `(${listed(unmatched.map((h) => `"${h}"`), 3)}): map them to questions, respondent or domain, or ignore them`,
      headers,
      unmatched,
      {
        for: 'survey',
        suggested: Object.fromEntries(headers.map((h, i) => [h, targetOf(columns[i]!)])) as ColumnMapping,
        targets: surveyTargets(context.questions),
      },
      samplesOf(headers, data.slice(0, 50)),
    );
  }

  const at = (kind: Column['kind']) => columns.flatMap((c, i) => (c.kind === kind ? [i] : []));
  const questionColumns = at('question');
  const respondentColumns = columns
    .flatMap((c, i) => (c.kind === 'field' && c.field === 'respondent' ? [{ i, rank: c.rank }] : []))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((c) => c.i);
  const domainColumns = columns.flatMap((c, i) => (c.kind === 'field' && c.field === 'domain' ? [i] : []));

  const out: CanonicalRow[] = [];
  const problems: FormatProblem[] = [];
  let declined = 0;
  let responses = 0;
  data.forEach((row, k) => {
    if (row.every((cell) => cell.trim() === '')) return;
    responses++;
    const line = lines[k + headerRows] ?? null;
    const firstOf = (cols: number[]) => cols.map((i) => row[i]!.trim()).find((v) => v !== '') ?? null;
    // Microsoft Forms writes `anonymous` where it collected no e-mail.
    const respondent =
      firstOf(respondentColumns.filter((i) => row[i]!.trim().toLowerCase() !== 'anonymous')) ?? `${file.name} response ${k + 1}`;
    const domain = firstOf(domainColumns);
    for (const i of questionColumns) {
      const { q } = columns[i] as Extract<Column, { kind: 'question' }>;
      const scored = scoreAnswer(row[i]!, q);
      if ('problem' in scored) {
        problems.push({ file: file.name, line, reason: scored.problem });
        continue;
      }
      if (scored.declined) declined++;
      out.push({ values: { respondent, domain, question_id: q.id, answer: scored.answer }, file: file.name, line });
    }
  });

  const by = (how: string) => columns.filter((c) => c.kind === 'question' && c.by === how).length;
  // "24 questions matched by id, 3 by text, 1 by your mapping"
  const matched =
    (
      [
        ['id', by('id')],
        ['text', by('text')],
        ['your mapping', by('mapping')],
      ] as const
    )
      .filter(([, n]) => n > 0)
      .map(([how, n], i) => (i === 0 ? `${n} ${n === 1 ? 'question' : 'questions'} matched by ${how}` : `${n} by ${how}`))
      .join(', ') || 'no column matched a question';
  const ignored = headers.filter((_, i) => {
    const c = columns[i]!;
    return c.kind === 'ignore' || (c.kind === 'field' && c.field === 'timestamp');
  });
  const notes = [
    `${layout.label}: ${responses} ${responses === 1 ? 'response' : 'responses'}; ${matched}` +
      (ignored.length > 0 ? `; ${ignored.length} ${ignored.length === 1 ? 'column' : 'columns'} ignored (${listed(ignored)})` : ''),
    respondentColumns.length > 0
      ? `respondents from ${respondentColumns.map((i) => `"${headers[i]}"`).join(', then ')}`
      : 'no e-mail, name or response id column: each response counts as its own respondent',
    domainColumns.length > 0
      ? `domains from ${domainColumns.map((i) => `"${headers[i]}"`).join(', then ')}`
      : 'no domain column: every answer counts under "unassigned"',
  ];
  const twice = [...new Set(questionColumns.map((i) => (columns[i] as Extract<Column, { kind: 'question' }>).q.id))].filter(
    (id) => questionColumns.filter((i) => (columns[i] as Extract<Column, { kind: 'question' }>).q.id === id).length > 1,
  );
  if (twice.length > 0) notes.push(`more than one column reads as ${listed(twice.map((id) => `"${id}"`))}: each counts as an answer`);
  if (declined > 0) notes.push(`${declined} "prefer not to say" ${declined === 1 ? 'answer' : 'answers'} skipped like blank ones`);
  return { rows: out, problems, notes };
}

function surveyFormat(layout: SurveyLayout): FormatAdapter {
  return {
    id: layout.id,
    label: layout.label,
    kind: 'answers',
    recognise(file) {
      try {
        const head = Papa.parse<string[]>(file.text.slice(0, 64 * 1024).replace(/^\uFEFF/, ''), {
          preview: 2,
          delimitersToGuess: [...DELIMITERS],
        }).data;
        return layout.recognise(head);
      } catch {
        return false;
      }
    },
    read(files, context) {
      const results = files.map((file) => readSurveyFile(layout, file, context));
      return {
        rows: results.flatMap((r) => r.rows),
        problems: results.flatMap((r) => r.problems),
        notes: results.flatMap((r, i) => (files.length === 1 ? r.notes : r.notes.map((n) => `${files[i]!.name}: ${n}`))),
      };
    },
  };
}

export const SURVEY_FORMATS: readonly FormatAdapter[] = [googleForms, microsoftForms, typeform].map(surveyFormat);
