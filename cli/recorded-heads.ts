/**
 * Ledger heads recorded by binders: those given with --against, and those uploaded into the store
 * itself (`binder build --upload`, under artifacts/binders/; on S3 they are locked like evidence).
 * Each binder is verified first: a head is only taken from a binder whose own checks pass.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBinder } from '../binder/verify-binder.ts';
import type { EvidenceStore, LedgerHead } from '../store/types.ts';

export type RecordedHead = LedgerHead & { label: string };

async function headOfBinder(path: string, label: string): Promise<RecordedHead | string> {
  const result = await verifyBinder(path);
  if (!result.manifest || result.problems.length > 0) {
    const p = result.problems[0];
    return `${label} does not verify (${p ? `${p.path}: ${p.message}` : result.status}); its ledger head cannot be trusted`;
  }
  const l = result.manifest.ledger;
  return { ...l, label: `${label} (ledger head ${l.headSeq})` };
}

export async function headsOfBinderFiles(paths: readonly string[]): Promise<{ heads: RecordedHead[]; errors: string[] }> {
  const heads: RecordedHead[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    const h = await headOfBinder(path, `binder ${path}`);
    if (typeof h === 'string') errors.push(`--against ${path}: ${h}`);
    else heads.push(h);
  }
  return { heads, errors };
}

/** Heads of the binders uploaded into the store; a damaged one is a problem to report, not a head. */
export async function headsOfUploadedBinders(store: EvidenceStore): Promise<{ heads: RecordedHead[]; errors: string[] }> {
  const heads: RecordedHead[] = [];
  const errors: string[] = [];
  const names = (await store.listArtifacts('binders/')).filter((n) => n.endsWith('.zip'));
  if (names.length === 0) return { heads, errors };
  const dir = await mkdtemp(join(tmpdir(), 'binder-heads-'));
  try {
    for (const name of names) {
      const file = join(dir, 'binder.zip');
      try {
        await writeFile(file, await store.getArtifact(name));
      } catch (err) {
        errors.push(`uploaded binder artifacts/${name} cannot be read: ${(err as Error).message}`);
        continue;
      }
      const h = await headOfBinder(file, `uploaded binder artifacts/${name}`);
      if (typeof h === 'string') errors.push(h);
      else heads.push(h);
      await rm(file, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { heads, errors };
}
