/**
 * A temporary folder where the binder's files are written (and hashed) before they go into the ZIP,
 * so memory stays bounded by one file however many snapshots the binder cites.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { unsafeEntryNameReason, type ManifestFile } from './manifest.ts';

/** A file would get a name a binder may not hold (see unsafeEntryNameReason); `path` names it. */
export class UnsafeEntryNameError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      `cannot put ${JSON.stringify(path)} into the binder: ${reason}. Entry names may use only letters, digits, ".", "_" and "-" ` +
        'in segments joined by "/", no segment may start with "." and the whole name is at most 255 characters; rename the file',
    );
    this.name = 'UnsafeEntryNameError';
  }
}

export interface StagedFile extends ManifestFile {
  /** Where the bytes sit on disk until they are zipped. */
  diskPath: string;
}

export class StagingArea {
  private readonly files = new Map<string, StagedFile>();
  private readonly reserved = new Set<string>();
  private counter = 0;

  private constructor(readonly dir: string) {}

  /** Creates the folder next to the output so the final rename stays on one file system. */
  static async create(parentDir: string): Promise<StagingArea> {
    return new StagingArea(await mkdtemp(join(parentDir, '.binder-staging-')));
  }

  /** Writes one file of the binder; a path may be added only once and must be a safe entry name. */
  async add(path: string, data: string | Uint8Array): Promise<StagedFile> {
    const diskPath = this.reserve(path);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await writeFile(diskPath, bytes);
    const file: StagedFile = { path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), diskPath };
    this.files.set(path, file);
    return file;
  }

  /**
   * Writes one file from chunks (strings are UTF-8), hashing the bytes as they are written, so a
   * file larger than memory can be staged; its size and SHA-256 are those of the bytes on disk.
   */
  async addStream(path: string, chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<StagedFile> {
    const diskPath = this.reserve(path);
    const hash = createHash('sha256');
    let size = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        hash.update(bytes);
        size += bytes.byteLength;
        yield bytes;
      }
    }
    await pipeline(counted, createWriteStream(diskPath, { flags: 'wx' }));
    const file: StagedFile = { path, size, sha256: hash.digest('hex'), diskPath };
    this.files.set(path, file);
    return file;
  }

  /** Checks the entry name and that it is new; returns where its bytes go. */
  private reserve(path: string): string {
    const unsafe = unsafeEntryNameReason(path);
    if (unsafe) throw new UnsafeEntryNameError(path, unsafe);
    if (this.files.has(path) || this.reserved.has(path)) throw new Error(`binder file ${path} added twice`);
    this.reserved.add(path);
    return join(this.dir, String(++this.counter).padStart(6, '0'));
  }

  get(path: string): StagedFile | undefined {
    return this.files.get(path);
  }

  list(): StagedFile[] {
    return [...this.files.values()];
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
