// The checks every text input passes before any parser sees it: not empty, not too big,
// UTF-8 (a BOM is dropped), not binary.
import { InputFileError, MAX_FILE_BYTES, type InputFile } from '../inputs.ts';

export interface CheckedText {
  /** The file's bytes without a UTF-8 BOM: what DuckDB reads. */
  bytes: Uint8Array;
  text: string;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/** The largest file this process takes: what a tab's DuckDB-WASM can hold, unless the command
 *  line runs native DuckDB (`setFileSizeLimit(Infinity)`). */
let fileSizeLimit = MAX_FILE_BYTES;
export function setFileSizeLimit(bytes: number): void {
  fileSizeLimit = bytes;
}
const tooBig = (bytes: number) =>
  `is ${mib(bytes)}, more than the ${mib(MAX_FILE_BYTES)} a browser tab can hold; split it or use the command line with --engine native`;

/** Parquet's magic number, at both ends of every Parquet file. */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

export function checkedText(file: InputFile): CheckedText {
  const { name, bytes } = file;
  if (bytes.byteLength > fileSizeLimit) throw new InputFileError(name, tooBig(bytes.byteLength));
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputFileError(name, 'is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again');
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.indexOf(0) !== -1) {
    throw new InputFileError(name, 'is not a text file (it contains binary data)');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new InputFileError(name, 'is not UTF-8 text; save it as UTF-8 (CSV UTF-8) and try again');
  }
  if (text.trim() === '') throw new InputFileError(name, 'is empty');
  return { bytes: body, text };
}

/**
 * A CSV file's bytes for DuckDB's reader, checked like `checkedText` without decoding the whole
 * file on the page's thread: DuckDB checks the UTF-8 of every value as it reads. `head` is the
 * start of the text (at most 64 KB, cut at a whole character): enough for the header.
 */
export function checkedCsvBytes(file: InputFile): { bytes: Uint8Array; head: string } {
  const problem = quickTextProblem(file);
  if (problem) throw new InputFileError(file.name, problem);
  const { bytes } = file;
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const head = new TextDecoder('utf-8').decode(body.subarray(0, 64 * 1024), { stream: true });
  return { bytes: body, head };
}

/**
 * The same checks without reading the whole file: what a file is not (empty, too big, UTF-16,
 * binary, not UTF-8 at its start). Cheap enough to run on every dropped file before recognition.
 */
export function quickTextProblem(file: InputFile): string | null {
  const { bytes } = file;
  if (bytes.byteLength > fileSizeLimit) return tooBig(bytes.byteLength);
  if (isParquet(bytes)) {
    return 'is a Parquet file: Parquet is read by the command line with --engine native (the browser reads CSV, JSON and YAML)';
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again';
  }
  // Binary files show it at once (a NUL in their first bytes); the page's thread does not scan
  // a whole large file for it, and DuckDB checks the rest as text.
  if (bytes.subarray(0, 64 * 1024).indexOf(0) !== -1) return 'is not a text file (it contains binary data)';
  try {
    // `stream` lets the 64 KB cut fall inside a character without an error.
    const head = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 64 * 1024), { stream: true });
    if (head.replace(/^\uFEFF/, '').trim() === '' && isBlank(bytes)) return 'is empty';
  } catch {
    return 'is not UTF-8 text; save it as UTF-8 (CSV UTF-8) and try again';
  }
  return null;
}

/** Only spaces, tabs, line breaks (and a BOM): a file that holds nothing. */
function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && !(i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) return false;
  }
  return true;
}
