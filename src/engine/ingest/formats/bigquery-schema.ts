// A BigQuery table schema (a JSON list of column definitions: name, type, mode…), such as Four
// Keys' `setup/events_raw_schema.json`. It describes a table and holds no data, so it is
// recognised only to be refused with a reason the user can act on, instead of "unrecognised".
import { InputFileError } from '../../inputs.ts';
import type { FormatAdapter, FormatFile, FormatResult } from '../format.ts';
import { field, isObject, peekJsonEntries, readJsonEntries, textField } from './deployment-common.ts';

const SCHEMA_KEYS = new Set([
  'name', 'type', 'mode', 'fields', 'description', 'policyTags', 'maxLength', 'precision', 'scale',
  'defaultValueExpression', 'collation', 'roundingMode', 'rangeElementType',
]);
const TYPES = new Set([
  'STRING', 'BYTES', 'INTEGER', 'INT64', 'FLOAT', 'FLOAT64', 'NUMERIC', 'BIGNUMERIC', 'BOOLEAN', 'BOOL',
  'TIMESTAMP', 'DATE', 'TIME', 'DATETIME', 'INTERVAL', 'GEOGRAPHY', 'JSON', 'RECORD', 'STRUCT', 'RANGE',
]);

function isColumnDefinition(value: unknown): boolean {
  if (!isObject(value)) return false;
  const type = field(value, 'type');
  return (
    typeof field(value, 'name') === 'string' &&
    typeof type === 'string' &&
    TYPES.has(type.toUpperCase()) &&
    Object.keys(value).every((k) => SCHEMA_KEYS.has(k))
  );
}

function recognise(file: FormatFile): boolean {
  try {
    if (file.text.trimStart()[0] !== '[') return false;
    const entries = peekJsonEntries(file.text, 20);
    return entries !== null && entries.length > 0 && entries.every(isColumnDefinition);
  } catch {
    return false;
  }
}

const FOUR_KEYS_COLUMNS = ['event_type', 'id', 'metadata', 'time_created', 'source'];

function read(files: readonly FormatFile[]): FormatResult {
  const file = files[0];
  if (!file) throw new InputFileError('BigQuery schema', 'no file was given');
  const columns = readJsonEntries(file, 'column definitions').entries.map(({ value }) =>
    isObject(value) ? (textField(value, 'name') ?? '?') : '?',
  );
  const list = `${columns.slice(0, 8).join(', ')}${columns.length > 8 ? ', …' : ''}`;
  if (FOUR_KEYS_COLUMNS.every((c) => columns.includes(c))) {
    throw new InputFileError(
      file.name,
      `is the BigQuery schema of Four Keys' events_raw table (${columns.length} column definitions: ${list}), not data: it holds no deployment.` +
        ' Load the deployment events themselves: GitHub deployment / deployment_status or GitLab deployment events, as the webhook or the REST API gives them',
    );
  }
  throw new InputFileError(
    file.name,
    `is a BigQuery table schema (${columns.length} column definitions: ${list}), not data: it holds no deployment. Export the table's rows instead`,
  );
}

export const bigQuerySchema: FormatAdapter = {
  id: 'bigquery-schema',
  label: 'BigQuery table schema (not data)',
  kind: 'deployments',
  recognise,
  read,
};
