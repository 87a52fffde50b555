// What the user gives the engine, and what the engine says back about it.
import type { Pillar } from './metrics-schema.ts';

export const INPUT_KINDS = ['deployments', 'dependencies', 'answers', 'questions', 'ownership'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export const INPUT_LABELS: Record<InputKind, string> = {
  deployments: 'Deployment log',
  dependencies: 'Dependency export',
  answers: 'Questionnaire answers',
  questions: 'Question bank',
  ownership: 'Ownership map',
};

/** Files above this size are refused before they are read (the tab could not hold them). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** One rejected row, by its line in the file (the header is line 1). */
export interface RowProblem {
  /** null where the format has no lines (an entry of a JSON document without position). */
  line: number | null;
  reason: string;
  /** The file, where an import reads several (a Backstage catalog, DevLake's tables). */
  file?: string;
}

/** A whole file refused: nothing of it is loaded and nothing loaded before changes. */
export class InputFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? `${fileName}: ${reason}` : `${fileName}:${line}: ${reason}`);
    this.name = 'InputFileError';
  }
}

/** A validated file waiting for the user's decision: commit its valid rows or discard it. */
export interface StagedImport {
  readonly id: number;
  readonly kind: InputKind;
  readonly fileName: string;
  /** The format it was read as (`canonical-csv`, `backstage-catalog`, …) and its files. */
  readonly format: string;
  /** What users call the format: "Backstage catalog", "Canonical CSV". */
  readonly formatLabel: string;
  readonly files: readonly string[];
  /** Data rows in the file (header excluded); for other formats, the canonical rows read. */
  readonly rows: number;
  /** Rows that will be loaded on commit. */
  readonly accepted: number;
  /** Blank answers: skipped by SPEC, neither loaded nor an error. */
  readonly skipped: number;
  /** The first problems in line order (at most PROBLEM_LIST_LIMIT); `problemCount` is all. */
  readonly problems: RowProblem[];
  readonly problemCount: number;
  /** Things the user should know that are not errors (rows landing in `unassigned`). */
  readonly warnings: string[];
}

export const PROBLEM_LIST_LIMIT = 500;

export interface LoadedFile {
  /** The source id: what `remove` and a replacing commit name. */
  source: number;
  kind: InputKind;
  format: string;
  formatLabel: string;
  fileName: string;
  /** Every file read into this source (several for a catalog spread over files). */
  files: string[];
  /** Distinct domains its rows name (after the ownership map), and its time span (deployments). */
  domains: number;
  first: string | null;
  last: string | null;
  rows: number;
  accepted: number;
  /** Blank answers, skipped by SPEC. */
  skipped: number;
  rejected: number;
}

/** How much of a pillar's score rests on knowledge: unknown ÷ (scored + unknown) answers. */
export interface PillarKnowledge {
  scored: number;
  unknown: number;
  /** null when nobody answered the pillar at all. */
  unknownShare: number | null;
}

/** What the current figures rest on: shown beside every figure's explanation. */
export interface InputSummary {
  files: LoadedFile[];
  deployments: {
    rows: number;
    counted: number;
    first: string | null;
    last: string | null;
    unassigned: number;
    domains: number;
  };
  dependencies: { rows: number; distinctEdges: number; unassigned: number; domains: number };
  answers: {
    rows: number;
    respondents: number;
    domains: number;
    unknown: number;
    unmatched: number;
    byPillar: Record<Pillar, PillarKnowledge>;
  };
  questions: { count: number; builtIn: boolean; byPillar: Record<Pillar, number> };
  ownership: { rows: number };
  profile: { engineers: number | null; domainCountOverride: number | null };
}

export interface Profile {
  engineers: number | null;
  domainCountOverride: number | null;
}
