/**
 * Writes a reproducible ZIP atomically: entries sorted by path, one fixed date and mode for every
 * entry, no directory entries, written under a temporary name and renamed into place only once
 * complete, so a half-written ZIP never carries the final name.
 */
import archiver from 'archiver';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { comparePaths } from './manifest.ts';

export interface ZipInput {
  /** Path inside the ZIP. */
  path: string;
  /** File on disk holding the bytes. */
  diskPath: string;
}

export async function writeZipAtomically(outPath: string, entries: readonly ZipInput[], date: Date): Promise<void> {
  const tempPath = join(dirname(outPath), `.${basename(outPath)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeZip(tempPath, entries, date);
    const fh = await open(tempPath, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tempPath, outPath);
  } catch (err) {
    await unlink(tempPath).catch(() => undefined);
    throw err;
  }
}

function writeZip(path: string, entries: readonly ZipInput[], date: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    const output = createWriteStream(path, { flags: 'wx' });
    // statConcurrency 1: archiver stats files in parallel and queues them in completion order otherwise.
    const archive = archiver('zip', { zlib: { level: 6 }, forceLocalTime: false, statConcurrency: 1 });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      archive.abort();
      output.destroy();
      reject(err);
    };
    output.on('close', () => {
      if (!failed) resolve();
    });
    output.on('error', fail);
    archive.on('error', fail);
    // Archiver reports a missing source file as a warning; for a binder that is an error.
    archive.on('warning', fail);
    archive.pipe(output);
    for (const entry of [...entries].sort((a, b) => comparePaths(a.path, b.path))) {
      archive.file(entry.diskPath, { name: entry.path, date, mode: 0o644 });
    }
    archive.finalize().catch(fail);
  });
}
