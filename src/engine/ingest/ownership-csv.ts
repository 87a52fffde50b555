// Ownership map (SPEC "Ownership map"): `service, domain` or `team, domain` rows.
import type { CsvAdapter } from './adapter.ts';

export const ownershipCsv: CsvAdapter = {
  kind: 'ownership',
  table: 'ownership',
  columns: [
    { name: 'service', aliases: ['team', 'asset', 'component'], required: true },
    { name: 'domain', required: true },
  ],
  outputs: ['asset', 'domain'],
  validate: `
    SELECT line,
      CASE WHEN service IS NULL THEN 'service is empty'
           WHEN domain IS NULL THEN 'domain is empty' END AS problem,
      false AS skipped, service AS asset, domain
    FROM {raw}`,
};
