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

export const SQL_FILES = { schema, domains, autonomy, coupling, maturity, readiness, roadmap, pilots, summary };

export const ENGINE_SQL = Object.values(SQL_FILES).join('\n');
