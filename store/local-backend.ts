/**
 * Write-once object storage in a local folder (the embedded default backend).
 *
 * Layout: the object for key `a/b.json` is the file `<root>/a/b.json`; its SHA-256 is in
 * `<root>/a/b.json.sha256` as a sha256sum line (`<hex>  a/b.json`), so from the root
 * `sha256sum -c a/b.json.sha256` checks it with no binder code. Temp files live in `<root>/.tmp/`.
 *
 * A put writes object and checksum to temp files, fsyncs them, then publishes the object with
 * link(2), which fails with EEXIST instead of overwriting (the write-once guarantee, also between
 * processes), then links the checksum beside it and fsyncs the directory. Published files are 0444.
 * A process killed before the object link leaves only temp files (cleaned when the store is next
 * opened); one killed between the two links is repaired on open from the temp checksum file.
 */
import { constants as fsc, promises as fs, type Dirent } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { sha256Hex } from '../model/canonical-json.ts';
import { crashPoint } from './crash-point.ts';
import { processIsAlive } from './process-alive.ts';
import { assertSha256Hex, assertValidKey } from './object-key.ts';
import {
  IntegrityError,
  ObjectExistsError,
  ObjectMissingError,
  type ObjectBackend,
  type PutOptions,
  type StoredObjectInfo,
  type StoreProblem,
} from './types.ts';

const TMP = '.tmp';
const SUM = '.sha256';
/** Temp files of live processes are never touched; others' are removed once older than this. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export class LocalFolderBackend implements ObjectBackend {
  readonly location: string;
  private readonly tmpDir: string;

  private constructor(readonly root: string) {
    this.location = `local folder ${root}`;
    this.tmpDir = join(root, TMP);
  }

  /**
   * Opens (creating if needed) a store folder and cleans temp files left by killed processes.
   * readOnly: a folder this user cannot write (an auditor's copy) is opened for reading only.
   */
  static async open(root: string, options: { readOnly?: boolean } = {}): Promise<LocalFolderBackend> {
    const backend = new LocalFolderBackend(resolve(root));
    if (options.readOnly) return backend;
    await fs.mkdir(backend.tmpDir, { recursive: true });
    await backend.recoverTemps();
    return backend;
  }

  /** Whether the folder holds anything besides binder's temp folder (cheap: one readdir). */
  async isEmpty(): Promise<boolean> {
    return (await fs.readdir(this.root)).every((n) => n === TMP);
  }

  async put(key: string, body: Uint8Array, options: PutOptions): Promise<StoredObjectInfo> {
    assertValidKey(key);
    assertSha256Hex(options.sha256, key);
    const actual = sha256Hex(body);
    if (actual !== options.sha256) {
      throw new IntegrityError(`refusing to store ${key}: caller said sha256 ${options.sha256} but the body hashes to ${actual}`, key);
    }
    const final = this.pathOf(key);
    if (await exists(final)) throw existsError(key, this.location);

    const stem = join(this.tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    const tmpObject = `${stem}.obj`;
    const tmpSum = `${stem}${SUM}`;
    try {
      await writeDurable(tmpObject, body);
      await writeDurable(tmpSum, Buffer.from(`${actual}  ${key}\n`));
      crashPoint(`temp files of ${key} written`);
      const created = await fs.mkdir(dirname(final), { recursive: true });
      if (created) await syncCreatedDirs(created, dirname(final));
      try {
        await fs.link(tmpObject, final);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(key, this.location);
        throw err;
      }
      crashPoint(`${key} published, its checksum not yet`);
      try {
        await fs.link(tmpSum, final + SUM);
      } catch (err) {
        // A checksum without its object can only be left by someone deleting the object; this
        // put now owns the key, so its checksum replaces the stale one.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        await fs.rename(tmpSum, final + SUM);
      }
      await syncDir(dirname(final));
      crashPoint(`${key} and its checksum published`);
    } finally {
      await fs.rm(tmpObject, { force: true });
      await fs.rm(tmpSum, { force: true });
    }
    return { key, size: body.byteLength, sha256: actual, versionId: null };
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    const path = this.pathOf(key);
    let body: Buffer;
    try {
      body = await fs.readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectMissingError(`${key} is not in ${this.location}`, key);
      throw err;
    }
    const expected = await this.recordedSha256(key);
    if (expected === null) {
      throw new IntegrityError(`${key} has no checksum file ${key}${SUM} in ${this.location}: its content cannot be verified`, key);
    }
    const actual = sha256Hex(body);
    if (actual !== expected) {
      throw new IntegrityError(`${key} in ${this.location} is altered: recorded sha256 ${expected}, content hashes to ${actual}`, key);
    }
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }

  async getUnchecked(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    try {
      const body = await fs.readFile(this.pathOf(key));
      return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectMissingError(`${key} is not in ${this.location}`, key);
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    return exists(this.pathOf(key));
  }

  async listKeys(prefix: string): Promise<string[]> {
    if (prefix !== '' && !prefix.endsWith('/')) assertValidKey(prefix);
    else if (prefix !== '') assertValidKey(prefix.slice(0, -1));
    // Walk only the deepest folder the prefix names, then filter by the full string prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const keys: string[] = [];
    await this.walk(base, keys);
    return keys.filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  async list(prefix: string): Promise<StoredObjectInfo[]> {
    const matching = await this.listKeys(prefix);
    const out: StoredObjectInfo[] = [];
    for (const key of matching) {
      const stat = await fs.stat(this.pathOf(key));
      const sha256 = await this.recordedSha256(key).catch(() => null); // damaged: get() reports it
      out.push({ key, size: stat.size, sha256: sha256 ?? '', versionId: null });
    }
    return out;
  }

  /** Findings a listing alone shows: checksum files without objects, writable or stray files, temp leftovers. */
  async inspect(): Promise<StoreProblem[]> {
    const problems: StoreProblem[] = [];
    const files: string[] = [];
    await this.walkAll('', files);
    const set = new Set(files);
    for (const file of files) {
      if (file.endsWith(SUM)) {
        const objectKey = file.slice(0, -SUM.length);
        if (!set.has(objectKey)) {
          problems.push({ severity: 'error', key: objectKey, message: `checksum file ${file} exists but its object is missing (deleted?)` });
        }
        continue;
      }
      try {
        assertValidKey(file);
      } catch {
        problems.push({ severity: 'warning', key: file, message: `file ${file} is not a valid store key (not written by binder?)` });
        continue;
      }
      if (!set.has(file + SUM)) {
        problems.push({ severity: 'error', key: file, message: `object ${file} has no checksum file ${file}${SUM}` });
      }
      const mode = (await fs.stat(this.pathOf(file))).mode;
      if (mode & 0o222) {
        problems.push({ severity: 'warning', key: file, message: `object ${file} is writable (mode ${(mode & 0o777).toString(8)}); published objects are 0444` });
      }
    }
    return problems;
  }

  private pathOf(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  private async recordedSha256(key: string): Promise<string | null> {
    let text: string;
    try {
      text = await fs.readFile(this.pathOf(key) + SUM, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const hex = text.slice(0, 64);
    if (!/^[0-9a-f]{64}$/.test(hex)) {
      throw new IntegrityError(`checksum file ${key}${SUM} in ${this.location} is malformed`, key);
    }
    return hex;
  }

  /** Object keys (not checksum files) under a folder; skips dot-folders such as .tmp. */
  private async walk(folder: string, out: string[]): Promise<void> {
    const all: string[] = [];
    await this.walkAll(folder, all);
    for (const f of all) if (!f.endsWith(SUM)) out.push(f);
  }

  private async walkAll(folder: string, out: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder === '' ? this.root : this.pathOf(folder), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw err;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const key = folder === '' ? e.name : `${folder}/${e.name}`;
      if (e.isDirectory()) await this.walkAll(key, out);
      else if (e.isFile()) out.push(key);
    }
  }

  /** Removes temp files of dead processes; finishes a publish killed between object and checksum links. */
  private async recoverTemps(): Promise<void> {
    const names = await fs.readdir(this.tmpDir);
    const now = Date.now();
    for (const name of names) {
      const path = join(this.tmpDir, name);
      const pid = Number(/^(\d+)-/.exec(name)?.[1] ?? NaN);
      const stat = await fs.stat(path).catch(() => null);
      if (!stat) continue;
      const ownerAlive = Number.isInteger(pid) && pid !== process.pid && processIsAlive(pid);
      const ours = pid === process.pid;
      if ((ownerAlive || ours) && now - stat.mtimeMs < STALE_TEMP_MS) continue;
      if (name.endsWith(SUM)) await this.repairChecksum(path);
      await fs.rm(path, { force: true });
    }
  }

  private async repairChecksum(tmpSum: string): Promise<void> {
    const line = await fs.readFile(tmpSum, 'utf8').catch(() => '');
    const m = /^([0-9a-f]{64}) {2}(.+)\n$/.exec(line);
    if (!m) return;
    const [, hex, key] = m as unknown as [string, string, string];
    try {
      assertValidKey(key);
    } catch {
      return;
    }
    const final = this.pathOf(key);
    if (!(await exists(final)) || (await exists(final + SUM))) return;
    if (sha256Hex(await fs.readFile(final)) !== hex) return; // not ours to vouch for: inspect() reports it
    await fs.link(tmpSum, final + SUM);
    await syncDir(dirname(final));
  }
}

export function openLocalFolderBackend(root: string): Promise<LocalFolderBackend> {
  return LocalFolderBackend.open(root);
}

function existsError(key: string, location: string): ObjectExistsError {
  return new ObjectExistsError(`${key} already exists in ${location}; evidence is write-once and is never overwritten`, key);
}

/** Byte order of the key (what S3 lists in), not locale order. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function writeDurable(path: string, body: Uint8Array): Promise<void> {
  const handle = await fs.open(path, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o444);
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(path: string): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** After mkdir -p, makes every new folder's entry durable in its parent. */
async function syncCreatedDirs(firstCreated: string, deepest: string): Promise<void> {
  const rel = relative(firstCreated, deepest);
  let dir = firstCreated;
  await syncDir(dirname(dir));
  for (const part of rel === '' ? [] : rel.split(sep)) {
    await syncDir(dir);
    dir = join(dir, part);
  }
  await syncDir(dir);
}

