/**
 * An auditor's own selection (`--items <file>`): one item key, or for a sample by time one date
 * (YYYY-MM-DD) or unit label, per line; blank lines and lines starting with "#" are skipped.
 * Every line must name something in the population: the error names the file, the line and what
 * the population holds.
 */
import { readFile } from 'node:fs/promises';
import { sha256Hex } from '../model/canonical-json.ts';
import { FieldworkInputError } from './fieldwork-input-error.ts';

export interface ItemsFile {
  file: string;
  /** SHA-256 of the file as read, recorded with the sample. */
  sha256: string;
  lines: { line: number; text: string }[];
}

export async function readItemsFile(file: string): Promise<ItemsFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new FieldworkInputError(`--items ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lines = bytes
    .toString('utf8')
    .split(/\r?\n/)
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
  if (lines.length === 0) throw new FieldworkInputError(`--items ${file}: no items in it (one item key or date per line)`);
  return { file, sha256: sha256Hex(bytes), lines };
}
