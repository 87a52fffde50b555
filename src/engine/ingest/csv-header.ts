// Reads a CSV's header line: its delimiter and column names, checked, and matched
// case-insensitively to an adapter's canonical columns. File headers never reach SQL: columns
// are addressed by position under names of ours.
import Papa from 'papaparse';
import { InputFileError } from '../inputs.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface CsvHeader {
  fields: string[];
  delimiter: Delimiter;
}

export function readCsvHeader(fileName: string, text: string): CsvHeader {
  const head = text.slice(0, 64 * 1024);
  const parsed = Papa.parse<string[]>(head, {
    preview: 5,
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: true,
  });
  const delimiter = (DELIMITERS as readonly string[]).includes(parsed.meta.delimiter)
    ? (parsed.meta.delimiter as Delimiter)
    : ',';
  const fields = (parsed.data[0] ?? []).map((f) => f.trim());
  fields.forEach((field, i) => {
    if (field === '') throw new InputFileError(fileName, `column ${i + 1} of the header has no name`, 1);
  });
  const seen = new Map<string, number>();
  fields.forEach((field, i) => {
    const key = field.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputFileError(
        fileName,
        `the header names column "${field}" twice (columns ${first + 1} and ${i + 1})`,
        1,
      );
    }
    seen.set(key, i);
  });
  return { fields, delimiter };
}

export interface ColumnSpec {
  /** Our name, as in the canonical table. */
  name: string;
  /** Other header spellings accepted for it (`team` for an ownership map's `service`). */
  aliases?: readonly string[];
  required?: boolean;
}

/** Canonical column → its position in the file, or undefined when the file lacks it. */
export function matchColumns(
  fileName: string,
  header: CsvHeader,
  columns: readonly ColumnSpec[],
  requireOneOf: readonly (readonly string[])[] = [],
): Map<string, number> {
  const positions = new Map<string, number>();
  header.fields.forEach((field, i) => positions.set(field.toLowerCase(), i));
  const matched = new Map<string, number>();
  for (const column of columns) {
    const names = [column.name, ...(column.aliases ?? [])];
    const at = names.map((n) => positions.get(n)).find((p) => p !== undefined);
    if (at !== undefined) matched.set(column.name, at);
  }
  const found = header.fields.map((f) => `"${f}"`).join(', ');
  for (const column of columns) {
    if (column.required && !matched.has(column.name)) {
      const names = [column.name, ...(column.aliases ?? [])].map((n) => `"${n}"`).join(' or ');
      throw new InputFileError(fileName, `has no ${names} column (its header has ${found})`, 1);
    }
  }
  for (const group of requireOneOf) {
    if (!group.some((name) => matched.has(name))) {
      throw new InputFileError(
        fileName,
        `needs a ${group.map((n) => `"${n}"`).join(' or ')} column (its header has ${found})`,
        1,
      );
    }
  }
  return matched;
}
