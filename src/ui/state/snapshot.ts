// What a saved assessment holds: enough to read every loaded input again through the engine
// (the original files, how they were read), the answers entered in the app, the profile, and
// the metrics document computed from them. The page's state writes one after every change
// (`assessment.snapshot()`) and reads one back on start, on open and on import (`restore`).
import type { ColumnMapping } from '../../engine/ingest/format.ts';
import type { CsvColumnMapping } from '../../engine/ingest/csv-header.ts';
import type { InputFile, InputKind } from '../../engine/inputs.ts';
import type { Metrics, Pillar } from '../../engine/metrics-schema.ts';

/** An assessment file's name ends so. */
export const FILE_EXTENSION = '.meshreadiness.json';

/** The name of the source that holds the answers entered in the app (the workshop). */
export const ENTERED_SOURCE_NAME = 'Workshop answers';
/** The `format` of that source, as the engine's `stageRows` records it. */
export const ENTERED_FORMAT = 'entered';

/** One loaded source: its files and how they were read. */
export interface SourceSnapshot {
  kind: InputKind;
  /** `canonical-csv`, or the id of the format adapter that read the files (`backstage-catalog`). */
  format: string;
  fileName: string;
  /** The original files, byte for byte. A demo file's bytes may be left out (`demo: true`): it is
   *  read again from `static/demo/` under its name. */
  files: InputFile[];
  demo: boolean;
  /** The column mapping chosen for it in the mapping step (a survey export's, or a CSV's). */
  mapping?: ColumnMapping | CsvColumnMapping;
}

/** One answer entered in the app: the same row as a line of the long answers CSV. */
export interface AnswerRow {
  respondent: string;
  /** Empty for the room's consensus on the whole organisation (counted under `unassigned`). */
  domain: string;
  question_id: string;
  /** A number on the question's scale, or `don't know`. */
  answer: string;
}

/** A statement of the question bank loaded now, as the workshop asks it. */
export interface BankQuestion {
  question_id: string;
  pillar: Pillar;
  text: string;
  scale_min: number;
  scale_max: number;
}

export interface StateSnapshot {
  organisation: string;
  /** The demo's organisation name while the header still shows it. */
  demoOrganisation: string;
  engineers: number | null;
  domainCountOverride: number | null;
  /** The assessment date the figures are computed for (the demo's, or the last change of inputs). */
  assessedAt: string | null;
  /** Inputs whose rows are the demo's. */
  demoKinds: InputKind[];
  /** Loaded sources in the order they were loaded; the built-in question bank is not listed. */
  sources: SourceSnapshot[];
  /** Answers entered in the app, and whether they are in the figures now (they are kept when a
   *  loaded answers file replaced them, to be counted again). */
  entered: { rows: AnswerRow[]; inFigures: boolean };
  /** The figures of these inputs (unrounded), for the list and for progress over time. */
  metrics: Metrics | null;
}

export const EMPTY_SNAPSHOT: StateSnapshot = {
  organisation: '',
  demoOrganisation: '',
  engineers: null,
  domainCountOverride: null,
  assessedAt: null,
  demoKinds: [],
  sources: [],
  entered: { rows: [], inFigures: false },
  metrics: null,
};
