/**
 * Checks the folder a local store lives in before anything touches it, so a wrong store.path is
 * an error that names the field and says what is wrong (missing, a file, not writable, a kernel
 * filesystem) instead of a raw EACCES, an empty store, or a walk through /proc that never ends.
 */
import { constants as fsc, promises as fs } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { StorePathError } from './types.ts';

/** Kernel filesystems that are not storage (and /proc has cycles a walk would follow for ever). */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

export interface LocalStorePathOptions {
  /** Create the folder when missing (the first collect). */
  create: boolean;
  /** How the path is named in messages, e.g. `store.path "./evidence" (binder.config.yaml)`. */
  label: string;
}

/** Returns whether the folder is writable (read-only folders can still be verified and read). */
export async function checkLocalStorePath(root: string, options: LocalStorePathOptions): Promise<{ writable: boolean }> {
  const { label } = options;
  const real = await realpathOfNearest(resolve(root));
  const pseudo = PSEUDO_ROOTS.find((p) => real === p || real.startsWith(p + sep));
  if (pseudo) throw new StorePathError(`${label} is inside ${pseudo}, a kernel filesystem, not storage: choose a folder on a disk`);

  const stat = await fs.stat(root).catch((err: NodeJS.ErrnoException) => err);
  if (stat instanceof Error) {
    if (stat.code === 'ENOTDIR') throw new StorePathError(`${label}: a parent of ${root} is a file, not a folder`);
    if (stat.code === 'EACCES') throw new StorePathError(`${label}: ${root} cannot be reached: permission denied on a parent folder`);
    if (stat.code !== 'ENOENT') throw new StorePathError(`${label}: ${root} cannot be read: ${stat.message}`);
    if (!options.create) throw new StorePathError(`${label}: ${root} does not exist; run \`binder collect\` (or \`binder store init\`) to create a store there, or correct the path`);
    try {
      await fs.mkdir(root, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a parent is a file' : (err as Error).message;
      throw new StorePathError(`${label}: cannot create the folder ${root}: ${why}`);
    }
    return { writable: true };
  }
  if (!stat.isDirectory()) throw new StorePathError(`${label}: ${root} is a file, not a folder`);
  const writable = await fs.access(root, fsc.W_OK | fsc.X_OK).then(
    () => true,
    () => false,
  );
  if (!writable && options.create) throw new StorePathError(`${label}: the folder ${root} is not writable by this user (uid ${process.getuid?.() ?? '?'})`);
  return { writable };
}

/** realpath of the path, or of its nearest existing ancestor joined with the rest. */
async function realpathOfNearest(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return resolve(await fs.realpath(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}
