// Canonical deployment log (SPEC "Deployment log").
import { unassignedWarning, type CsvAdapter } from './adapter.ts';

export const deploymentLogCsv: CsvAdapter = {
  kind: 'deployments',
  table: 'deployments',
  columns: [
    { name: 'deployed_at', required: true },
    { name: 'domain' },
    { name: 'service' },
    { name: 'deployment_id' },
    { name: 'change_id' },
    { name: 'coordinated_with' },
    { name: 'independent' },
    { name: 'status' },
    { name: 'environment' },
  ],
  requireOneOf: [['domain', 'service']],
  outputs: ['deployed_at', 'domain', 'service', 'deployment_id', 'change_id', 'coordinated_with',
    'independent', 'status', 'environment'],
  validate: `
    SELECT line,
      CASE WHEN deployed_at IS NULL THEN 'deployed_at is empty'
           WHEN utc IS NULL THEN 'deployed_at ' || quoted(deployed_at)
             || ' is not a valid date or time (ISO 8601, e.g. 2024-03-01T10:00:00Z)'
           WHEN independent IS NOT NULL AND boolean_of(independent) IS NULL THEN 'independent '
             || quoted(independent) || ' is neither true nor false'
      END AS problem,
      false AS skipped,
      utc AS deployed_at, domain, service, deployment_id, change_id, coordinated_with,
      boolean_of(independent) AS independent, status, environment
    FROM (SELECT *, utc_timestamp_of(deployed_at) AS utc FROM {raw})`,
  warning: {
    countSql: `SELECT count(*) AS n FROM {stage} WHERE problem IS NULL AND domain IS NULL
      AND coalesce(asset_key_of(service), '') NOT IN (SELECT asset_key FROM owner_of)`,
    message: unassignedWarning('owner for its service'),
  },
};
