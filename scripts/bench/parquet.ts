/**
 * Beyond one tab: the engine's metric SQL where the data already is, on native DuckDB, over
 * Parquet files as a warehouse exports them. Shows (and times) the path the README describes:
 *
 *   1. a warehouse export to Parquet (simulated: the generated organisation's CSVs written as
 *      typed Parquet by DuckDB — deployed_at a UTC TIMESTAMP, independent a BOOLEAN);
 *   2. native DuckDB with extension autoloading off (Parquet is built into the native binaries)
 *      loads the canonical tables straight from the Parquet files, runs the engine's own SQL files
 *      (schema, views, refresh) and reads the metrics document with the engine's `readMetrics`;
 *   3. the same organisation's CSVs through the command line's path (`Assessment` on native
 *      DuckDB, `--engine native`): both documents must be equal.
 *
 *   tsx scripts/bench/parquet.ts [--size 1M|5M] [--out DIR]
 */
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { generateOrganisation, SIZES } from './generate.ts';
import { closeRunners, filesOf, loadModule } from './node-engines.ts';

type NativeModule = typeof import('../../src/engine/db/native.ts');
type SqlModule = typeof import('../../src/engine/sql/index.ts');
type ReadMetricsModule = typeof import('../../src/engine/read-metrics.ts');
type StagesModule = typeof import('./engine-stages.ts');

const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const size = option('--size') ?? '1M';
const spec = SIZES[size];
if (!spec) throw new Error(`--size is one of ${Object.keys(SIZES).join(', ')}`);
const ASSESSED_AT = new Date('2026-01-05T00:00:00Z');
const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;

const org = await generateOrganisation(spec);
const dir = resolve(option('--out') ?? join(tmpdir(), 'mesh-readiness-bench', `parquet-${size}`));
await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
const { openNativeConnector } = await loadModule<NativeModule>('src/engine/db/native.ts');
const { ENGINE_SQL, REFRESH_SQL } = await loadModule<SqlModule>('src/engine/sql/index.ts');
const { readMetrics } = await loadModule<ReadMetricsModule>('src/engine/read-metrics.ts');
const stages = await loadModule<StagesModule>('scripts/bench/engine-stages.ts');

// 1. The "warehouse export": typed Parquet, one file per canonical table.
const exporter = await openNativeConnector();
let t = performance.now();
const text = (path: string) => `read_csv(${sql(path)}, all_varchar = true)`;
await exporter.exec(`SET TimeZone = 'UTC'; CREATE MACRO t(x) AS nullif(trim(x), '');`);
// `line` here stands for the row's place in the export (a warehouse has no file lines).
await exporter.exec(`
  COPY (SELECT row_number() OVER () + 1 AS line, deployed_at::TIMESTAMPTZ::TIMESTAMP AS deployed_at, t(domain) AS domain,
               t(service) AS service, deployment_id, change_id, coordinated_with,
               CASE WHEN lower(independent) IN ('true', 'yes', '1') THEN true
                    WHEN lower(independent) IN ('false', 'no', '0') THEN false END AS independent,
               status, environment
        FROM ${text(org.deployments)}) TO ${sql(join(dir, 'deployments.parquet'))} (FORMAT parquet);
  COPY (SELECT row_number() OVER () + 1 AS line, t(from_domain) AS from_domain, t(to_domain) AS to_domain,
               t(from_asset) AS from_asset, t(to_asset) AS to_asset, t(kind) AS kind FROM ${text(org.dependencies)}) TO ${sql(join(dir, 'dependencies.parquet'))} (FORMAT parquet);
  COPY (SELECT row_number() OVER () + 1 AS line, service AS asset, domain FROM ${text(org.ownership)}) TO ${sql(join(dir, 'ownership.parquet'))} (FORMAT parquet);
`);
const exportMs = performance.now() - t;
await exporter.close();

// 2. The metric SQL over the Parquet files, on native DuckDB, no extension loaded on demand.
t = performance.now();
const db = await openNativeConnector();
const [{ autoload }] = (await db.query<{ autoload: boolean }>(
  "SELECT current_setting('autoload_known_extensions') AS autoload",
)) as [{ autoload: boolean }];
const [{ loaded }] = (await db.query<{ loaded: string }>(
  "SELECT string_agg(extension_name, ', ' ORDER BY extension_name) AS loaded FROM duckdb_extensions() WHERE loaded",
)) as [{ loaded: string }];
await db.exec(ENGINE_SQL);
await db.exec('INSERT INTO profile VALUES (NULL, NULL)');
const parquet = (name: string) => `read_parquet(${sql(join(dir, `${name}.parquet`))})`;
await db.exec(`
  BEGIN TRANSACTION;
  INSERT INTO ownership (source, line, asset, domain) SELECT 1, line, asset, domain FROM ${parquet('ownership')};
  INSERT INTO deployments (source, line, deployed_at, domain, service, deployment_id, change_id, coordinated_with, independent, status, environment)
    SELECT 2, line, deployed_at, domain, service, deployment_id, change_id, coordinated_with, independent, status, environment FROM ${parquet('deployments')};
  INSERT INTO dependencies (source, line, from_domain, to_domain, from_asset, to_asset, kind)
    SELECT 3, line, from_domain, to_domain, from_asset, to_asset, kind FROM ${parquet('dependencies')};
  ${REFRESH_SQL}
  COMMIT;`);
await db.query('UPDATE profile SET engineers = ?', [org.engineers]);
const fromParquet = await readMetrics(db, ASSESSED_AT);
const parquetMs = performance.now() - t;
await db.close();

// 3. The command line's path on the same organisation's CSVs (ownership, deployments, dependencies).
t = performance.now();
const connector = stages.timedConnector(await openNativeConnector());
const run = await stages.assessFiles(connector, filesOf(org, ['ownership', 'deployments', 'dependencies']), {
  engineers: org.engineers - 1, // assessFiles changes the profile by one at its end
  assessedAt: ASSESSED_AT,
});
const csvMs = performance.now() - t;
await closeRunners();

const equal = isDeepStrictEqual(fromParquet, run.metrics);
console.log(
  JSON.stringify(
    {
      size,
      rows: spec.rows,
      autoloadKnownExtensions: autoload,
      extensionsLoaded: loaded,
      exportToParquetMs: Math.round(exportMs),
      metricSqlOverParquetMs: Math.round(parquetMs),
      commandLinePathOverCsvMs: Math.round(csvMs),
      sameMetricsDocument: equal,
      dir,
    },
    null,
    2,
  ),
);
process.exit(equal ? 0 : 1);
