// Canonical dependency export (SPEC "Dependency export"): `from` depends on `to`.
import { unassignedWarning, type CsvAdapter } from './adapter.ts';

export const dependencyCsv: CsvAdapter = {
  kind: 'dependencies',
  table: 'dependencies',
  columns: [
    { name: 'from_domain' },
    { name: 'to_domain' },
    { name: 'from_asset' },
    { name: 'to_asset' },
    { name: 'kind' },
  ],
  requireOneOf: [['from_domain', 'from_asset'], ['to_domain', 'to_asset']],
  outputs: ['from_domain', 'to_domain', 'from_asset', 'to_asset', 'kind'],
  validate: `
    SELECT line,
      CASE WHEN from_domain IS NULL AND from_asset IS NULL THEN 'from_domain and from_asset are both empty'
           WHEN to_domain IS NULL AND to_asset IS NULL THEN 'to_domain and to_asset are both empty'
      END AS problem,
      false AS skipped, from_domain, to_domain, from_asset, to_asset, kind
    FROM {raw}`,
  warning: {
    countSql: `SELECT count(*) AS n FROM {stage} WHERE problem IS NULL AND (
         (from_domain IS NULL AND asset_key_of(from_asset) NOT IN (SELECT asset_key FROM owner_of))
      OR (to_domain IS NULL AND asset_key_of(to_asset) NOT IN (SELECT asset_key FROM owner_of)))`,
    message: unassignedWarning('owner for its asset'),
  },
};
