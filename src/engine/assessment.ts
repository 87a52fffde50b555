// One assessment: the canonical tables in DuckDB, the imports that fill them, and the metrics
// document read from the SQL views. The browser, the command line and the tests all use this.
import type { Connector } from './db/connector.ts';
import {
  INPUT_KINDS,
  INPUT_LABELS,
  InputFileError,
  PROBLEM_LIST_LIMIT,
  type InputFile,
  type InputKind,
  type InputSummary,
  type LoadedFile,
  type PillarKnowledge,
  type Profile,
  type StagedImport,
} from './inputs.ts';
import type { CsvAdapter } from './ingest/adapter.ts';
import { answersCsv } from './ingest/answers-csv.ts';
import { dependencyCsv } from './ingest/dependency-csv.ts';
import { deploymentLogCsv } from './ingest/deployment-log-csv.ts';
import { ownershipCsv } from './ingest/ownership-csv.ts';
import { questionBankCsv } from './ingest/question-bank-csv.ts';
import { stageCsv, type StagedCsv } from './ingest/stage-csv.ts';
import { stageParquet } from './ingest/stage-parquet.ts';
import type { CsvColumnMapping } from './ingest/csv-header.ts';
import { CANONICAL_COLUMNS, type CanonicalRow, type FormatAdapter, type FormatContext } from './ingest/format.ts';
import { checkedText } from './ingest/file-text.ts';
import Papa from 'papaparse';
import { readMetrics } from './read-metrics.ts';
import type { Metrics, Pillar } from './metrics-schema.ts';
import { ENGINE_SQL, REFRESH_SQL, refreshSqlFor } from './sql/index.ts';
import builtInQuestionBank from './builtin/question-bank.csv?raw';

export const BUILT_IN_QUESTION_BANK = 'built-in question bank';

const ADAPTERS: Record<InputKind, CsvAdapter> = {
  deployments: deploymentLogCsv,
  dependencies: dependencyCsv,
  answers: answersCsv,
  questions: questionBankCsv,
  ownership: ownershipCsv,
};

interface Pending extends StagedImport {
  readonly csv: StagedCsv;
}

/** How a commit treats what is loaded: replace every file of the kind (the labelled inputs),
 *  replace the listed sources (a re-read catalog), or add (a second deployment log). */
export type CommitMode = { replace: 'kind' } | { replace: readonly number[] } | { add: true };

export class Assessment {
  #nextId = 1;
  /** The last metrics document while no input has changed since (a profile change keeps it). */
  #metricsOfInputs: Metrics | null = null;
  readonly #pending = new Map<number, Pending>();
  /** Operations run one after another: DuckDB has one connection, and a commit is a transaction. */
  #queue: Promise<unknown> = Promise.resolve();

  /** Kinds committed since the derived tables were last rebuilt (batch mode only). */
  readonly #stale = new Set<InputKind>();

  private constructor(
    private readonly db: Connector,
    private readonly batch: boolean,
  ) {}

  /**
   * Creates the canonical tables and views and loads the built-in question bank.
   *
   * `batch` (the command line, which writes nothing when any file fails): a commit only inserts,
   * and the derived tables are rebuilt once, before the next read of them, instead of inside
   * each commit's transaction. On native DuckDB a rebuild in the transaction that appended
   * millions of rows reads them from its transaction-local storage, four times slower.
   */
  static async open(db: Connector, options: { batch?: boolean } = {}): Promise<Assessment> {
    const assessment = new Assessment(db, options.batch ?? false);
    await db.exec(ENGINE_SQL);
    await db.exec('INSERT INTO profile VALUES (NULL, NULL)');
    await assessment.useBuiltInQuestions();
    return assessment;
  }

  /**
   * Reads and validates a file without touching what is loaded. Throws `InputFileError` when
   * the whole file is unusable; otherwise returns its valid rows, bad rows and warnings.
   */
  stage(
    kind: InputKind,
    file: InputFile,
    options: { problemLimit?: number; columnMapping?: CsvColumnMapping } = {},
  ): Promise<StagedImport> {
    return this.#serial(async () => {
      const id = this.#nextId++;
      const csv = await stageCsv(this.db, id, file, ADAPTERS[kind], options.problemLimit, {
        columnMapping: options.columnMapping,
      });
      return this.#keep({ id, kind, fileName: file.name, format: 'canonical-csv', formatLabel: 'Canonical CSV', files: [file.name], csv });
    });
  }

  /**
   * Reads a Parquet file with the canonical columns of `kind` (a warehouse export), validated
   * like a canonical CSV. Needs native DuckDB (the command line's `--engine native`).
   */
  stageParquet(kind: InputKind, file: InputFile, options: { problemLimit?: number } = {}): Promise<StagedImport> {
    return this.#serial(async () => {
      const id = this.#nextId++;
      const csv = await stageParquet(this.db, id, file, ADAPTERS[kind], options.problemLimit);
      return this.#keep({ id, kind, fileName: file.name, format: 'parquet', formatLabel: 'Parquet', files: [file.name], csv });
    });
  }

  /**
   * Reads files of a real-world format through its adapter, then validates the canonical rows
   * it yields exactly like a canonical CSV. Problems point at the original files and lines.
   */
  stageFormat(
    adapter: FormatAdapter,
    files: readonly InputFile[],
    options: { problemLimit?: number; mapping?: FormatContext['mapping'] } = {},
  ): Promise<StagedImport> {
    return this.#serial(async () => {
      const texts = files.map((f) => ({ name: f.name, text: checkedText(f).text }));
      const questions = await this.db.query<FormatContext['questions'][number]>(
        'SELECT question_id, pillar, text, scale_min, scale_max FROM questions ORDER BY source, line',
      );
      const ownership = await this.db.query<{ asset_key: string; domain: string }>('SELECT asset_key, domain FROM owner_of');
      const owners = new Map(ownership.map((o) => [o.asset_key, o.domain]));
      const result = adapter.read(texts, { questions, mapping: options.mapping, owners });
      const names = files.map((f) => f.name);
      const fileName = names.length === 1 ? names[0]! : `${adapter.label} (${names.length} files)`;
      if (result.rows.length === 0 && result.problems.length === 0) {
        throw new InputFileError(fileName, `holds nothing that reads as ${INPUT_LABELS[adapter.kind].toLowerCase()}`);
      }
      const id = this.#nextId++;
      const csv = await stageCsv(
        this.db,
        id,
        { name: fileName, bytes: canonicalCsv(adapter.kind, result.rows) },
        ADAPTERS[adapter.kind],
        Number.POSITIVE_INFINITY,
        { allowEmpty: true },
      );
      // Generated line n is canonical row n - 2 (line 1 is our header): map problems back.
      const mapped = csv.problems.map((p) => {
        const origin = result.rows[(p.line ?? 0) - 2];
        return { reason: p.reason, line: origin?.line ?? null, file: origin?.file };
      });
      const problems = [...result.problems.map((p) => ({ ...p })), ...mapped];
      const limit = options.problemLimit ?? PROBLEM_LIST_LIMIT;
      return this.#keep({
        id,
        kind: adapter.kind,
        fileName,
        format: adapter.id,
        formatLabel: adapter.label,
        files: names,
        csv: {
          ...csv,
          rows: csv.rows + result.problems.length,
          problems: problems.slice(0, Number.isFinite(limit) ? limit : undefined),
          problemCount: csv.problemCount + result.problems.length,
          warnings: [...result.notes, ...csv.warnings],
        },
      });
    });
  }

  /**
   * Rows entered in the app (the workshop's answers), validated like an imported file of the
   * kind: the same rows as imported ones. Problems give the row's position (1-based) as line.
   */
  stageRows(kind: InputKind, name: string, rows: readonly Record<string, string | null>[]): Promise<StagedImport> {
    return this.#serial(async () => {
      const canonical = rows.map((values, i) => ({ values, file: name, line: i + 1 }));
      const id = this.#nextId++;
      const csv = await stageCsv(this.db, id, { name, bytes: canonicalCsv(kind, canonical) }, ADAPTERS[kind],
        Number.POSITIVE_INFINITY, { allowEmpty: true });
      // Generated line n is entered row n - 1 (line 1 is our header).
      const problems = csv.problems.map((p) => ({ ...p, line: p.line === null ? null : p.line - 1 }));
      return this.#keep({
        id, kind, fileName: name, format: 'entered', formatLabel: 'Entered in the app', files: [name],
        csv: { ...csv, problems },
      });
    });
  }

  /**
   * Loads the staged file's valid rows, in one transaction with the refresh of the derived facts.
   * By default it replaces every row of its kind (the labelled inputs).
   */
  commit(staged: StagedImport, mode: CommitMode = { replace: 'kind' }): Promise<void> {
    return this.#serial(async () => {
      this.#metricsOfInputs = null;
      const pending = this.#take(staged);
      const adapter = ADAPTERS[pending.kind];
      const outputs = adapter.outputs.join(', ');
      const changed = new Set<InputKind>([pending.kind]);
      try {
        await this.db.exec('BEGIN TRANSACTION');
        if ('add' in mode) {
          // nothing leaves
        } else if (mode.replace === 'kind') {
          await this.db.query(`DELETE FROM ${adapter.table}`);
          await this.db.query('DELETE FROM sources WHERE kind = ?', [pending.kind]);
        } else {
          for (const kind of await this.#deleteSources(mode.replace)) changed.add(kind);
        }
        await this.db.query(
          `INSERT INTO ${adapter.table} (source, line, ${outputs})
           SELECT ?, line, ${outputs} FROM ${pending.csv.table} WHERE problem IS NULL AND NOT skipped`,
          [pending.id],
        );
        // The file names go in as one parameter, joined by NUL (no file name holds one).
        await this.db.query('INSERT INTO sources VALUES (?, ?, ?, ?, ?, string_split(?, chr(0)), ?, ?, ?, ?)', [
          pending.id,
          pending.kind,
          pending.format,
          pending.formatLabel,
          pending.fileName,
          pending.files.join('\0'),
          pending.rows,
          pending.accepted,
          pending.skipped,
          pending.problemCount,
        ]);
        // Only the derived tables that read what changed (in batch mode, before they are read).
        if (this.batch) for (const kind of changed) this.#stale.add(kind);
        else await this.db.exec(refreshSqlFor(changed));
        await this.db.exec('COMMIT');
      } catch (error) {
        await this.db.exec('ROLLBACK');
        throw error;
      } finally {
        await this.db.exec(`DROP TABLE IF EXISTS ${pending.csv.table}`);
      }
    }, { readsFacts: false });
  }

  /** Unloads files by source id (a file removed from the drop zone), in one transaction. */
  remove(sources: readonly number[]): Promise<void> {
    return this.#serial(async () => {
      this.#metricsOfInputs = null;
      try {
        await this.db.exec('BEGIN TRANSACTION');
        const changed = await this.#deleteSources(sources);
        if (changed.size > 0) await this.db.exec(refreshSqlFor(changed));
        await this.db.exec('COMMIT');
      } catch (error) {
        await this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Deletes the files' rows; gives the kinds of input that changed. */
  async #deleteSources(sources: readonly number[]): Promise<Set<InputKind>> {
    const kinds = new Set<InputKind>();
    for (const source of sources) {
      const [row] = await this.db.query<{ kind: InputKind }>('SELECT kind FROM sources WHERE source = ?', [source]);
      if (!row) continue;
      kinds.add(row.kind);
      await this.db.query(`DELETE FROM ${ADAPTERS[row.kind].table} WHERE source = ?`, [source]);
      await this.db.query('DELETE FROM sources WHERE source = ?', [source]);
    }
    return kinds;
  }

  #keep(staged: Omit<Pending, 'rows' | 'accepted' | 'skipped' | 'problems' | 'problemCount' | 'warnings'>): StagedImport {
    const { csv } = staged;
    const pending: Pending = {
      ...staged,
      rows: csv.rows,
      accepted: csv.accepted,
      skipped: csv.skipped,
      problems: csv.problems,
      problemCount: csv.problemCount,
      warnings: csv.warnings,
    };
    this.#pending.set(pending.id, pending);
    return publicView(pending);
  }

  /** Cancels a staged import: nothing changes. */
  discard(staged: StagedImport): Promise<void> {
    return this.#serial(async () => {
      const pending = this.#take(staged);
      await this.db.exec(`DROP TABLE IF EXISTS ${pending.csv.table}`);
    });
  }

  /** Stages and commits in one step (the demo, the built-in bank, the command line). */
  async load(
    kind: InputKind,
    file: InputFile,
    options: { problemLimit?: number; columnMapping?: CsvColumnMapping } = {},
  ): Promise<StagedImport> {
    const staged = await this.stage(kind, file, options);
    await this.commit(staged);
    return staged;
  }

  async useBuiltInQuestions(): Promise<void> {
    await this.load('questions', {
      name: BUILT_IN_QUESTION_BANK,
      bytes: new TextEncoder().encode(builtInQuestionBank),
    });
  }

  /** The question bank loaded now, in its order (what the workshop asks). */
  questions(): Promise<
    { question_id: string; pillar: Pillar; text: string; weight: number; reverse: boolean; scale_min: number; scale_max: number }[]
  > {
    return this.#serial(() =>
      this.db.query('SELECT question_id, pillar, text, weight, reverse, scale_min, scale_max FROM questions ORDER BY source, line'),
    );
  }

  setProfile(profile: Partial<Profile>): Promise<void> {
    return this.#serial(async () => {
      if (profile.engineers !== undefined) {
        await this.db.query('UPDATE profile SET engineers = ?', [wholeOrNull(profile.engineers)]);
      }
      if (profile.domainCountOverride !== undefined) {
        await this.db.query('UPDATE profile SET domain_count_override = ?', [
          wholeOrNull(profile.domainCountOverride),
        ]);
      }
    });
  }

  /** Empties every input and goes back to the built-in question bank. */
  async reset(): Promise<void> {
    await this.#serial(async () => {
      this.#metricsOfInputs = null;
      for (const pending of this.#pending.values()) {
        await this.db.exec(`DROP TABLE IF EXISTS ${pending.csv.table}`);
      }
      this.#pending.clear();
      await this.db.exec(`BEGIN TRANSACTION;
        DELETE FROM deployments; DELETE FROM dependencies; DELETE FROM answers;
        DELETE FROM questions; DELETE FROM ownership; DELETE FROM sources;
        UPDATE profile SET engineers = NULL, domain_count_override = NULL;
        ${REFRESH_SQL}
        COMMIT;`);
    });
    await this.useBuiltInQuestions();
  }

  /** The SPEC metrics document, validated against its schema. */
  metrics(assessedAt: Date = new Date()): Promise<Metrics> {
    return this.#serial(async () => {
      const metrics = await readMetrics(this.db, assessedAt, this.#metricsOfInputs ?? undefined);
      this.#metricsOfInputs = metrics;
      return metrics;
    });
  }

  summary(): Promise<InputSummary> {
    return this.#serial(async () => {
      const [s] = await this.db.query<Record<string, number | string | null>>('SELECT * FROM input_summary');
      const files = await this.db.query<Omit<LoadedFile, 'fileName' | 'formatLabel' | 'files'> & {
        file_name: string;
        format_label: string;
        file_list: string;
      }>(
        `SELECT source, kind, format, format_label, file_name, array_to_string(files, chr(0)) AS file_list,
                rows, accepted, skipped, rejected, domains, first, last
         FROM sources JOIN source_facts USING (source) ORDER BY source`,
      );
      const byPillar = await this.db.query<{ pillar: Pillar; questions: number }>('SELECT * FROM question_counts');
      const knowledge = await this.db.query<{ pillar: Pillar; scored: number; unknown: number; unknown_share: number | null }>(
        'SELECT pillar, scored, unknown, unknown_share FROM pillar_knowledge',
      );
      const [profile] = await this.db.query<{ engineers: number | null; domain_count_override: number | null }>(
        'SELECT engineers, domain_count_override FROM profile',
      );
      const n = (key: string) => Number(s?.[key] ?? 0);
      const t = (key: string) => (s?.[key] ?? null) as string | null;
      return {
        files: files
          .map(({ file_name, format_label, file_list, ...rest }) => ({
            ...rest,
            fileName: file_name,
            formatLabel: format_label,
            files: file_list.split('\0'),
          }))
          .sort((a, b) => INPUT_KINDS.indexOf(a.kind) - INPUT_KINDS.indexOf(b.kind)),
        deployments: {
          rows: n('deployment_rows'),
          counted: n('deployments_counted'),
          first: t('deployments_first'),
          last: t('deployments_last'),
          unassigned: n('deployments_unassigned'),
          domains: n('deployment_domains'),
        },
        dependencies: {
          rows: n('dependency_rows'),
          distinctEdges: n('dependency_edges'),
          unassigned: n('dependencies_unassigned'),
          domains: n('dependency_domains'),
        },
        answers: {
          rows: n('answer_rows'),
          respondents: n('respondents'),
          domains: n('answer_domains'),
          unknown: n('answers_unknown'),
          unmatched: n('answers_unmatched'),
          byPillar: Object.fromEntries(
            knowledge.map(({ pillar, scored, unknown, unknown_share }) => [
              pillar,
              { scored, unknown, unknownShare: unknown_share },
            ]),
          ) as Record<Pillar, PillarKnowledge>,
        },
        questions: {
          count: n('question_count'),
          builtIn: files.some((f) => f.kind === 'questions' && f.file_name === BUILT_IN_QUESTION_BANK),
          byPillar: Object.fromEntries(byPillar.map((p) => [p.pillar, p.questions])) as Record<Pillar, number>,
        },
        ownership: { rows: n('ownership_rows') },
        profile: {
          engineers: profile?.engineers ?? null,
          domainCountOverride: profile?.domain_count_override ?? null,
        },
      };
    });
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.db.close();
  }

  #take(staged: StagedImport): Pending {
    const pending = this.#pending.get(staged.id);
    if (!pending) throw new Error(`${staged.fileName} was already committed or discarded`);
    this.#pending.delete(staged.id);
    return pending;
  }

  #serial<T>(operation: () => Promise<T>, options: { readsFacts?: boolean } = {}): Promise<T> {
    // What runs next may read the derived tables: rebuild them first if a batch left them stale.
    // (A commit does not read them: a batch of commits rebuilds once, after the last.)
    const refreshed = async () => {
      if (this.#stale.size > 0 && options.readsFacts !== false) {
        const sql = refreshSqlFor(this.#stale);
        this.#stale.clear();
        await this.db.exec(`BEGIN TRANSACTION;\n${sql}\nCOMMIT;`);
      }
      return operation();
    };
    const run = this.#queue.then(refreshed, refreshed);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function publicView({ csv: _csv, ...staged }: Pending): StagedImport {
  return staged;
}

/** Canonical rows as a canonical CSV of ours (papaparse quotes what needs quoting). */
function canonicalCsv(kind: InputKind, rows: readonly CanonicalRow[]): Uint8Array {
  const fields = CANONICAL_COLUMNS[kind];
  const data = rows.map((row) => fields.map((f) => row.values[f] ?? ''));
  return new TextEncoder().encode(`${Papa.unparse({ fields: [...fields], data }, { newline: '\n' })}\n`);
}

function wholeOrNull(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${value} is not a whole number of 0 or more`);
  return value;
}
