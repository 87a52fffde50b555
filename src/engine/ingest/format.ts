// A real-world input format (a Backstage catalog, a dbt manifest, GitHub deployment events,
// a Google Forms export…) is one small adapter: it recognises its files and maps them onto the
// canonical rows of one input kind. The engine then writes those rows as a canonical CSV of its
// own and validates them with the same SQL as a hand-made canonical file, so every format gets
// the same checks, and problems point at the line of the original file.
import type { InputKind } from '../inputs.ts';
import type { Pillar } from '../metrics-schema.ts';

/** A file that passed the text checks (UTF-8, not binary, not empty, under the size cap). */
export interface FormatFile {
  name: string;
  text: string;
}

/** One canonical row: canonical column → text (null when absent), and where it came from. */
export interface CanonicalRow {
  values: Record<string, string | null>;
  /** The file it came from (one of the files given to `read`). */
  file: string;
  /** Its line in that file (1-based), or null where a format has no lines to speak of. */
  line: number | null;
}

export interface FormatProblem {
  file: string;
  line: number | null;
  reason: string;
}

/** What a format adapter understood of its files. */
export interface FormatResult {
  /** Rows of the adapter's kind. */
  rows: CanonicalRow[];
  /** Entries the adapter could not map: shown like bad rows of a CSV. */
  problems: FormatProblem[];
  /** What the user should know about how the files were read ("3 components have no system:
   *  their owner group stands for their domain"). */
  notes: string[];
}

/** What an adapter may need from what is loaded already. */
export interface FormatContext {
  /** The question bank: to match survey columns by question text. */
  questions: readonly { question_id: string; pillar: Pillar; text: string; scale_min: number; scale_max: number }[];
  /** A saved column mapping for a survey export of this shape (header → target). */
  mapping?: ColumnMapping;
  /** The ownership map loaded now: asset key (lower-case, trimmed) → domain name. Formats that
   *  know a better default than the map (DevLake's project) leave mapped assets to it. */
  owners?: ReadonlyMap<string, string>;
}

/** A survey column's meaning, chosen in the mapping step: a question id, a field, or ignored. */
export type ColumnTarget = { question: string } | { field: 'respondent' | 'domain' | 'timestamp' } | { ignore: true };
export type ColumnMapping = Record<string, ColumnTarget>;

export interface FormatAdapter {
  /** Stable id, also shown in the drop zone: `backstage-catalog`. */
  id: string;
  /** What users call it: "Backstage catalog". */
  label: string;
  kind: InputKind;
  /** True when the file is of this format (by its content; the name is a hint). Must be cheap
   *  and must not throw. */
  recognise(file: FormatFile): boolean;
  /** Reads all files of this format together (a catalog spans files, DevLake is three tables).
   *  Throws `InputFileError` when a file cannot be used at all. */
  read(files: readonly FormatFile[], context: FormatContext): FormatResult;
}

/** Canonical columns of each kind, in the order the generated CSV writes them. */
export const CANONICAL_COLUMNS: Record<InputKind, readonly string[]> = {
  deployments: ['deployed_at', 'domain', 'service', 'deployment_id', 'change_id', 'coordinated_with',
    'independent', 'status', 'environment'],
  dependencies: ['from_domain', 'to_domain', 'from_asset', 'to_asset', 'kind'],
  answers: ['respondent', 'domain', 'question_id', 'answer'],
  questions: ['question_id', 'pillar', 'text', 'weight', 'reverse', 'scale_min', 'scale_max'],
  ownership: ['service', 'domain'],
};
