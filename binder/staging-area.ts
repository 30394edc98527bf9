/**
 * A temporary folder where the binder's files are written (and hashed) before they go into the ZIP,
 * so memory stays bounded by one file however many snapshots the binder cites.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  private counter = 0;

  private constructor(readonly dir: string) {}

  /** Creates the folder next to the output so the final rename stays on one file system. */
  static async create(parentDir: string): Promise<StagingArea> {
    return new StagingArea(await mkdtemp(join(parentDir, '.binder-staging-')));
  }

  /** Writes one file of the binder; a path may be added only once and must be a safe entry name. */
  async add(path: string, data: string | Uint8Array): Promise<StagedFile> {
    const unsafe = unsafeEntryNameReason(path);
    if (unsafe) throw new UnsafeEntryNameError(path, unsafe);
    if (this.files.has(path)) throw new Error(`binder file ${path} added twice`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const diskPath = join(this.dir, String(++this.counter).padStart(6, '0'));
    await writeFile(diskPath, bytes);
    const file: StagedFile = { path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), diskPath };
    this.files.set(path, file);
    return file;
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
