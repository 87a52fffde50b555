// Shared by the format tests: the real example files as the engine receives them, and inline
// fixtures as files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputFile } from '../../../src/engine/inputs.ts';
import type { FormatFile } from '../../../src/engine/ingest/format.ts';
import { csv } from '../helpers.ts';

export const REAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/real');
export const REAL_DEPENDENCIES = path.join(REAL, 'dependencies');

/** Every file under `dir` (relative to `root`), named by its path under `dir`, sorted. */
export function realFiles(dir: string, root = REAL_DEPENDENCIES): InputFile[] {
  const base = path.join(root, dir);
  return walk(base)
    .sort()
    .map((p) => ({ name: path.relative(base, p).split(path.sep).join('/'), bytes: new Uint8Array(readFileSync(p)) }));
}

/** One file, named by its base name (as a browser names a picked file). */
export function fileAt(absolutePath: string): InputFile {
  return { name: path.basename(absolutePath), bytes: new Uint8Array(readFileSync(absolutePath)) };
}

/** A folder's files read together, or one file, under dependencies/. */
export function realInput(relativePath: string): InputFile[] {
  const absolute = path.join(REAL_DEPENDENCIES, relativePath);
  return statSync(absolute).isDirectory() ? realFiles(relativePath) : [fileAt(absolute)];
}

export function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function inputFile(name: string, text: string): InputFile {
  return { name, bytes: new TextEncoder().encode(text) };
}

/** An inline YAML/JSON fixture (indentation stripped like the CSV fixtures) as a file. */
export function yamlFile(name: string, text: string): InputFile {
  return inputFile(name, csv(text));
}

export function formatFile(file: InputFile): FormatFile {
  return { name: file.name, text: new TextDecoder().decode(file.bytes) };
}

/** The 1-based line of the first line of `file` that contains `needle`. */
export function lineWith(file: InputFile, needle: string): number {
  const lines = new TextDecoder().decode(file.bytes).split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i === -1) throw new Error(`${needle} is not in ${file.name}`);
  return i + 1;
}
