/**
 * Reads a document to attach, once: the bytes returned are the bytes hashed and stored, so a file
 * changed on disk after `binder attach` cannot change what the store holds.
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { FieldworkInputError } from './fieldwork-input-error.ts';

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
};

export interface ReadDocument {
  /** The name the document is kept under: the file's name with characters outside letters, digits, . _ - replaced by -. */
  fileName: string;
  mediaType: string;
  body: Uint8Array;
}

export function mediaTypeOf(fileName: string): string {
  return MEDIA_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** A file name the binder can use as an entry name (binder/manual-evidence.ts's rule). */
export function safeFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 151);
  return safe === '' ? 'document' : safe;
}

/** Throws FieldworkInputError naming the file: missing, not a file, unreadable, or larger than maxBytes. */
export async function readDocument(path: string, maxBytes: number, limitLabel: string): Promise<ReadDocument> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new FieldworkInputError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new FieldworkInputError(`${path}: not a file`);
    if (info.size > maxBytes) throw new FieldworkInputError(`${path}: ${info.size} bytes, over the limit of ${maxBytes} bytes (${limitLabel})`);
    const body = await handle.readFile();
    // The file may have grown between stat and read.
    if (body.length > maxBytes) throw new FieldworkInputError(`${path}: ${body.length} bytes, over the limit of ${maxBytes} bytes (${limitLabel})`);
    const fileName = safeFileName(basename(path));
    return { fileName, mediaType: mediaTypeOf(fileName), body };
  } catch (err) {
    if (err instanceof FieldworkInputError) throw err;
    throw new FieldworkInputError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  } finally {
    await handle.close();
  }
}
