/** The contract-suite harness for the local folder backend: a temp dir and an intruder's hands. */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../model/canonical-json.ts';
import { LocalFolderBackend } from '../../store/local-backend.ts';
import type { BackendHarness } from './backend-contract.ts';

export async function makeLocalHarness(): Promise<BackendHarness & { root: string; backend: LocalFolderBackend }> {
  const root = await fs.mkdtemp(join(tmpdir(), 'binder-store-'));
  const backend = await LocalFolderBackend.open(root);
  const path = (key: string) => join(root, ...key.split('/'));
  const writeAnyway = async (file: string, body: Uint8Array | string) => {
    await fs.chmod(file, 0o644);
    await fs.writeFile(file, body);
    await fs.chmod(file, 0o444);
  };
  return {
    root,
    backend,
    async tamper(key) {
      const body = await fs.readFile(path(key));
      const i = Math.floor(body.length / 2);
      body[i] = body[i]! ^ 0x01;
      await writeAnyway(path(key), body);
    },
    async remove(key) {
      await fs.rm(path(key), { force: true });
      await fs.rm(path(key) + '.sha256', { force: true });
    },
    async replace(key, body) {
      await writeAnyway(path(key), body);
      await writeAnyway(path(key) + '.sha256', `${sha256Hex(body)}  ${key}\n`);
    },
    async cleanup() {
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
