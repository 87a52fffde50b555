// mesh-readiness: the same engine from the command line.
//   exit 0  every row accepted
//   exit 3  some rows rejected (each on stderr as file:line: reason); output written from the valid rows
//   exit 2  usage error or an unreadable or unrecognised file; nothing written
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Assessment } from '../engine/assessment.ts';
import type { Connector } from '../engine/db/connector.ts';
import { openNodeConnector } from '../engine/db/node.ts';
import { isParquet, setFileSizeLimit } from '../engine/ingest/file-text.ts';
import type { ColumnMapping } from '../engine/ingest/format.ts';
import type { CsvColumnMapping } from '../engine/ingest/csv-header.ts';
import { planImports, type PlannedImport } from '../engine/ingest/recognise.ts';
import { InputFileError, type InputFile, type InputKind, type StagedImport } from '../engine/inputs.ts';
import { textSummary } from './summary.ts';

const USAGE = `Usage: mesh-readiness [--deployments F]... [--dependencies F]... [--answers F]... [--questions F]
                      [--ownership F]... [--mapping F] [--engineers N] [--domains N]
                      [--assessed-at ISO] [--json OUT] [--engine wasm|native]
At least one input file. Each input flag may be repeated; files of one kind add up. Any format
the README lists is recognised (canonical CSV, Backstage, dbt, OpenLineage, GitHub, GitLab,
DevLake, Google/Microsoft Forms, Typeform). --mapping: a column mapping saved from the app.
--engine: wasm (default) is DuckDB-WASM, the browser's engine, and holds what a tab holds;
native is DuckDB itself (the optional package @duckdb/node-api), on every core, for logs that
outgrow a tab, and reads Parquet exports with the canonical columns too.`;

const FILE_FLAGS: readonly InputKind[] = ['questions', 'ownership', 'deployments', 'dependencies', 'answers'];

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const flagged = FILE_FLAGS.flatMap((kind) => (args[kind] ?? []).map((path) => ({ kind, path })));
  if (flagged.length === 0) throw new UsageError('give at least one input file');
  if ((args.questions?.length ?? 0) > 1) throw new UsageError('give one --questions file (a bank replaces the built-in one)');
  const engineers = wholeNumber('--engineers', args.engineers);
  const domains = wholeNumber('--domains', args.domains);
  const assessedAt = args['assessed-at'] ? new Date(args['assessed-at']) : new Date();
  if (Number.isNaN(assessedAt.getTime())) throw new UsageError('--assessed-at must be an ISO 8601 time');
  const mapping = args.mapping ? await readMapping(args.mapping) : undefined;
  const engine = args.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'native') throw new UsageError(`--engine is wasm or native, not "${engine}"`);
  // Native DuckDB is not bound by a tab's memory.
  if (engine === 'native') setFileSizeLimit(Number.POSITIVE_INFINITY);

  // Read and recognise every file before loading any, so that a bad one writes nothing.
  const files = await Promise.all(flagged.map(async ({ kind, path }) => ({ kind, file: await readInput(path) })));
  const parquet = files.filter((f) => isParquet(f.file.bytes));
  if (parquet.length > 0 && engine !== 'native') {
    throw new InputFileError(parquet[0]!.file.name, 'is a Parquet file: read it with --engine native');
  }
  const imports = plan(files.filter((f) => !isParquet(f.file.bytes)), mapping !== undefined);

  // Batch mode: the derived tables are rebuilt once after the loads, not inside each one.
  const assessment = await Assessment.open(await openEngine(engine), { batch: true });
  let rejected = 0;
  const stagings = [
    ...parquet.map((p) => ({ kind: p.kind, stage: async () => [await assessment.stageParquet(p.kind, p.file, { problemLimit: Infinity })] })),
    ...imports.map((planned) => ({ kind: planned.kind, stage: () => stageAll(assessment, planned, mapping) })),
  ];
  // The ownership map first: the other inputs resolve services through it.
  stagings.sort((x, y) => FILE_FLAGS.indexOf(x.kind) - FILE_FLAGS.indexOf(y.kind));
  for (const planned of stagings) {
    for (const staged of await planned.stage()) {
      for (const p of staged.problems) {
        const where = p.line === null ? (p.file ?? staged.fileName) : `${p.file ?? staged.fileName}:${p.line}`;
        process.stderr.write(`${where}: ${p.reason}\n`);
      }
      for (const warning of staged.warnings) process.stderr.write(`${staged.fileName}: note: ${warning}\n`);
      rejected += staged.problemCount;
      await assessment.commit(staged, planned.kind === 'questions' ? { replace: 'kind' } : { add: true });
    }
  }
  await assessment.setProfile({ engineers, domainCountOverride: domains });
  const metrics = await assessment.metrics(assessedAt);
  await assessment.close();

  if (args.json) await writeFile(args.json, `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(textSummary(metrics));
  if (rejected > 0) {
    process.stderr.write(`${rejected} ${rejected === 1 ? 'row was' : 'rows were'} rejected; figures use the valid rows\n`);
    return 3;
  }
  return 0;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        deployments: { type: 'string', multiple: true },
        dependencies: { type: 'string', multiple: true },
        answers: { type: 'string', multiple: true },
        questions: { type: 'string', multiple: true },
        ownership: { type: 'string', multiple: true },
        mapping: { type: 'string' },
        engineers: { type: 'string' },
        domains: { type: 'string' },
        'assessed-at': { type: 'string' },
        json: { type: 'string' },
        engine: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function openEngine(engine: 'wasm' | 'native'): Promise<Connector> {
  if (engine === 'wasm') return openNodeConnector();
  try {
    const { openNativeConnector } = await import('../engine/db/native.ts');
    return await openNativeConnector();
  } catch (error) {
    throw new UsageError(`--engine native: ${(error as Error).message}`);
  }
}

async function readInput(path: string): Promise<InputFile> {
  try {
    // The path is the name: problems then read `path:line: reason`.
    return { name: path, bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_FS_FILE_TOO_LARGE') {
      throw new InputFileError(path, 'is over 2 GB, more than one file can be here: split it (the flags repeat and files add up) or export it as Parquet');
    }
    throw new InputFileError(path, `cannot be read (${code ?? 'error'})`);
  }
}

/** Plans each flag's files as that kind, then joins imports of the same adapter across flags. */
function plan(files: { kind: InputKind; file: InputFile }[], mapped: boolean): PlannedImport[] {
  const joined = new Map<string, PlannedImport>();
  for (const kind of FILE_FLAGS) {
    const group = files.filter((f) => f.kind === kind).map((f) => f.file);
    if (group.length === 0) continue;
    const { imports, unrecognised } = planImports(group, kind);
    for (const u of unrecognised) {
      // A CSV whose headers are not canonical is read as the flag's kind through --mapping.
      if (mapped && u.csvHeader) imports.push({ kind, adapter: null, files: [u.file] });
      else throw new InputFileError(u.file.name, `not recognised: ${u.reason}${u.csvHeader ? ' (map its columns with --mapping FILE)' : ''}`);
    }
    for (const planned of imports) {
      const key = planned.adapter ? planned.adapter.id : `canonical:${planned.kind}`;
      const known = joined.get(key);
      if (known) known.files.push(...planned.files);
      else joined.set(key, { ...planned, files: [...planned.files] });
    }
  }
  return [...joined.values()];
}

async function stageAll(a: Assessment, planned: PlannedImport, mapping: ColumnMapping | undefined): Promise<StagedImport[]> {
  const options = { problemLimit: Number.POSITIVE_INFINITY };
  if (planned.adapter) return [await a.stageFormat(planned.adapter, planned.files, { ...options, mapping })];
  const staged: StagedImport[] = [];
  // One saved mapping file may hold both shapes; each reader skips the other's entries.
  const columnMapping = mapping as CsvColumnMapping | undefined;
  for (const file of planned.files) staged.push(await a.stage(planned.kind, file, { ...options, columnMapping }));
  return staged;
}

async function readMapping(path: string): Promise<ColumnMapping> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new InputFileError(path, 'cannot be read');
  });
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as ColumnMapping;
  } catch {
    throw new InputFileError(path, 'is not a column mapping (a JSON object of column → target, as the app saves it)');
  }
}

function wholeNumber(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, not "${value}"`);
  return Number(value);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`mesh-readiness: ${error.message}\n${USAGE}\n`);
    else if (error instanceof InputFileError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`mesh-readiness: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
