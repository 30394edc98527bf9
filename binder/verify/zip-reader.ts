/**
 * Reads a binder ZIP in place: nothing is extracted to disk. Every entry is streamed once through
 * SHA-256 (bounded memory), with limits that refuse zip bombs; entries an extractor or a line-based
 * check could abuse (unsafe names, symlinks and other non-files, duplicates, encryption) are refused
 * without being read. Only the entries the caller asks to keep (manifest, checksums, key, signature,
 * PDF) are held in memory, each up to its own cap, checked against the declared size before reading
 * and against the actual size while reading.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { unsafeEntryNameReason } from '../manifest.ts';
import type { VerifyLimits } from './limits.ts';
import { displayName, type ProblemList } from './problems.ts';

export interface EntryFacts {
  size: number;
  sha256: string;
}

export interface ZipScan {
  /** Entries the central directory declares. */
  entryCount: number;
  /** Every entry with a safe name, read or refused. */
  names: Set<string>;
  /** The entries read and hashed. */
  facts: Map<string, EntryFacts>;
  /** The bytes of the entries asked for, when within their cap. */
  kept: Map<string, Buffer>;
  bytesHashed: number;
}

/** The archive itself cannot be read (not a ZIP, damaged central directory). */
export class UnreadableZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableZipError';
  }
}

/** `keep`: entry name -> largest size to hold in memory (a larger entry is refused). */
export async function scanZip(zipPath: string, limits: VerifyLimits, keep: ReadonlyMap<string, number>, problems: ProblemList): Promise<ZipScan> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (err) {
    throw new UnreadableZipError(`not a readable ZIP: ${(err as Error).message}`);
  }
  const scan: ZipScan = { entryCount: zip.entryCount, names: new Set(), facts: new Map(), kept: new Map(), bytesHashed: 0 };
  try {
    if (zip.entryCount > limits.maxEntries) {
      problems.add(zipPath, `${zip.entryCount} entries, more than the limit of ${limits.maxEntries}; refused`);
      return scan;
    }
    let declaredTotal = 0;
    for await (const entry of iterateEntries(zip)) {
      const name = entryName(entry);
      const cap = keep.get(name);
      const refusal = refuseEntry(entry, name, scan.names, limits, declaredTotal, cap);
      if (unsafeEntryNameReason(name) === null) scan.names.add(name);
      if (refusal) {
        problems.add(displayName(name), `${refusal}; refused, not read`);
        continue;
      }
      declaredTotal += entry.uncompressedSize;
      try {
        const hashed = await hashEntry(zip, entry, name, Math.min(cap ?? limits.maxEntryBytes, limits.maxEntryBytes), cap !== undefined);
        scan.bytesHashed += hashed.size;
        scan.facts.set(name, { size: hashed.size, sha256: hashed.sha256 });
        if (hashed.kept) scan.kept.set(name, hashed.kept);
      } catch (err) {
        problems.add(name, (err as Error).message);
      }
    }
  } catch (err) {
    throw new UnreadableZipError(`ZIP structure is damaged: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
  return scan;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: true });
}

/** Entries one at a time (yauzl's eachEntry, lazy), so each is fully hashed before the next is read. */
function iterateEntries(zip: yauzl.ZipFile): AsyncIterableIterator<yauzl.Entry> {
  return zip.eachEntry();
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
}

/** Why an entry must not be read or extracted, or null when it is a plain file with a safe name. */
function refuseEntry(
  entry: yauzl.Entry,
  name: string,
  seen: ReadonlySet<string>,
  limits: VerifyLimits,
  declaredTotal: number,
  keepCap: number | undefined,
): string | null {
  const unsafe = unsafeEntryNameReason(name);
  if (unsafe) return unsafe;
  if (seen.has(name)) return 'duplicate entry name';
  const unixMode = entry.externalFileAttributes >>> 16;
  const fileType = unixMode & 0o170000;
  if (entry.versionMadeBy >> 8 === 3 && fileType === 0o120000) return 'symbolic link';
  if (entry.versionMadeBy >> 8 === 3 && fileType !== 0 && fileType !== 0o100000) return `not a regular file (mode ${unixMode.toString(8)})`;
  if (entry.generalPurposeBitFlag & 0x1) return 'encrypted entry';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return `unsupported compression method ${entry.compressionMethod}`;
  if (keepCap !== undefined && entry.uncompressedSize > keepCap) {
    return `uncompressed size ${entry.uncompressedSize} bytes exceeds the ${keepCap} bytes verify reads for ${name} (no binder's is that large)`;
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) return `uncompressed size ${entry.uncompressedSize} bytes exceeds the limit of ${limits.maxEntryBytes}`;
  if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
    return `compression ratio ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1 exceeds ${limits.maxRatio}:1 (zip bomb?)`;
  }
  if (declaredTotal + entry.uncompressedSize > limits.maxTotalBytes) return `total uncompressed size would exceed the limit of ${limits.maxTotalBytes} bytes`;
  return null;
}

interface Hashed {
  size: number;
  sha256: string;
  kept: Buffer | null;
}

/** Streams one entry through SHA-256; never trusts the declared size beyond `cap`. */
async function hashEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, cap: number, keep: boolean): Promise<Hashed> {
  let header: yauzl.LocalFileHeader;
  try {
    header = await zip.readLocalFileHeaderPromise(entry, {});
  } catch (err) {
    throw new Error(`local header unreadable: ${(err as Error).message}`);
  }
  const localName = header.fileName as unknown as Buffer;
  if (!Buffer.from(localName).equals(Buffer.from(entry.fileName as unknown as Buffer))) {
    throw new Error(`local header names the file ${JSON.stringify(localName.toString('utf8').slice(0, 300))}, the central directory ${JSON.stringify(name)}`);
  }
  if (header.generalPurposeBitFlag & 0x1) throw new Error('encrypted entry (local header); refused, not read');
  let stream: Readable;
  try {
    stream = await openLowLevel(zip, header.fileDataStart, entry);
  } catch (err) {
    throw new Error(`cannot read: ${(err as Error).message}`);
  }
  try {
    return await consume(stream, cap, keep);
  } catch (err) {
    throw new Error(`cannot read: ${(err as Error).message}`);
  }
}

/**
 * The entry's data from its local header's data start (the central directory's offset is not
 * trusted). Not yauzl's openReadStreamLowLevelPromise: in yauzl 3.4.0 (the newest) it calls
 * openReadStream with the low-level arguments and fails on every entry.
 */
function openLowLevel(zip: yauzl.ZipFile, fileDataStart: number, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStreamLowLevel(fileDataStart, entry.compressedSize, 0, entry.compressedSize, entry.compressionMethod === 8, entry.uncompressedSize, (err, stream) =>
      err ? reject(err) : resolve(stream),
    );
  });
}

function consume(stream: Readable, cap: number, keep: boolean): Promise<Hashed> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    let size = 0;
    let done = false;
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > cap) {
        done = true;
        stream.destroy();
        reject(new Error(`more than ${cap} bytes uncompressed; stopped reading`));
        return;
      }
      hash.update(chunk);
      if (keep) kept.push(chunk);
    });
    stream.on('error', (err: Error) => {
      if (done) return;
      done = true;
      reject(err);
    });
    stream.on('end', () => {
      if (done) return;
      done = true;
      resolve({ size, sha256: hash.digest('hex'), kept: keep ? Buffer.concat(kept) : null });
    });
  });
}
