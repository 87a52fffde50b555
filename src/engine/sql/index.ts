// The engine's SQL, in the order its views depend on each other. The same text runs in
// DuckDB-WASM in the browser and in Node, and on native DuckDB over warehouse exports.
import schema from './schema.sql?raw';
import domains from './domains.sql?raw';
import autonomy from './autonomy.sql?raw';
import coupling from './coupling.sql?raw';
import maturity from './maturity.sql?raw';
import readiness from './readiness.sql?raw';
import roadmap from './roadmap.sql?raw';
import pilots from './pilots.sql?raw';
import summary from './summary.sql?raw';
import refresh from './refresh.sql?raw';

export const SQL_FILES = { schema, domains, autonomy, coupling, maturity, readiness, roadmap, pilots, summary };

export const ENGINE_SQL = Object.values(SQL_FILES).join('\n');

/** Rebuilds every derived fact table; run in the transaction of a change to the inputs. */
export const REFRESH_SQL = refresh;

/** The blocks of refresh.sql, each with the input kinds it reads. */
const REFRESH_BLOCKS = refresh
  .split(/\n(?=-- reads: )/)
  .slice(1)
  .map((block) => ({
    reads: new Set(/^-- reads: (.*)$/m.exec(block)![1]!.split(',').map((k) => k.trim())),
    sql: block,
  }));

/** The part of refresh.sql that a change to inputs of these kinds affects (in its order). */
export function refreshSqlFor(kinds: Iterable<string>): string {
  const changed = new Set(kinds);
  return REFRESH_BLOCKS.filter((b) => [...b.reads].some((k) => changed.has(k)))
    .map((b) => b.sql)
    .join('\n');
}
