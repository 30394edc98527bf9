/**
 * What an attacker with this repository's source does to a binder: change files, then recompute
 * manifest.json, SHA256SUMS and the signature with the project's own functions, re-signing with a
 * key of their own (whose public key replaces the bundled one) or leaving the binder unsigned.
 */
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { canonicalPrettyJson } from '../../binder/evidence-files.ts';
import { fingerprint } from '../../binder/keys.ts';
import {
  comparePaths,
  evidenceDigest,
  filesDigest,
  Manifest,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  renderSums,
  SIGNATURE_FILE,
  SUMS_FILE,
} from '../../binder/manifest.ts';
import type { CraftEntry } from './zip-craft.ts';

export type Entry = CraftEntry;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function entry(entries: readonly Entry[], name: string): Entry {
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`no entry ${name}`);
  return e;
}

export function replaceEntry(entries: readonly Entry[], name: string, data: Buffer): Entry[] {
  entry(entries, name);
  return entries.map((e) => (e.name === name ? { ...e, data } : e));
}

export function manifestOf(entries: readonly Entry[]): Manifest {
  return Manifest.parse(JSON.parse(entry(entries, MANIFEST_FILE).data.toString('utf8')));
}

/** Drops the first data row of a CSV (an exception the auditor should not see). */
export function dropFirstRow(csv: Buffer): Buffer {
  const lines = csv.toString('utf8').split('\r\n');
  return Buffer.from([lines[0], ...lines.slice(2)].join('\r\n'));
}

/** Recomputes manifest.json, SHA256SUMS and manifest.sig over `entries`, signed by `signer` (null: unsigned). */
export function reseal(entries: readonly Entry[], signer: KeyObject | null): Entry[] {
  const manifest = manifestOf(entries);
  const kept = entries.filter((e) => ![MANIFEST_FILE, SUMS_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE].includes(e.name));
  if (signer) kept.push({ name: PUBLIC_KEY_FILE, data: Buffer.from(createPublicKey(signer).export({ type: 'spki', format: 'pem' }) as string) });
  kept.sort((a, b) => comparePaths(a.name, b.name));
  const files = kept.map((e) => ({ path: e.name, size: e.data.length, sha256: sha256(e.data) }));
  const forged: Manifest = {
    ...manifest,
    files,
    filesDigest: filesDigest(files),
    evidenceDigest: evidenceDigest(files),
    signing: signer
      ? { algorithm: 'Ed25519', publicKeyFile: PUBLIC_KEY_FILE, signatureFile: SIGNATURE_FILE, publicKeyFingerprint: fingerprint(signer) }
      : null,
  };
  const manifestBytes = Buffer.from(canonicalPrettyJson(forged));
  const sums = Buffer.from(renderSums([...files, { path: MANIFEST_FILE, sha256: sha256(manifestBytes) }]));
  const out: Entry[] = [...kept, { name: MANIFEST_FILE, data: manifestBytes }, { name: SUMS_FILE, data: sums }];
  if (signer) out.push({ name: SIGNATURE_FILE, data: sign(null, manifestBytes, signer) });
  return out.sort((a, b) => comparePaths(a.name, b.name));
}

/** Adds `extra` to the ZIP and lists it in SHA256SUMS under `listedAs` (the manifest is left alone). */
export function addListedEntry(entries: readonly Entry[], extra: Entry, listedAs: string): Entry[] {
  const sums = entry(entries, SUMS_FILE).data.toString('utf8');
  const lines = [...sums.split('\n').filter(Boolean), `${sha256(extra.data)}  ${listedAs}`].sort((a, b) => comparePaths(a.slice(66), b.slice(66)));
  return [...replaceEntry(entries, SUMS_FILE, Buffer.from(`${lines.join('\n')}\n`)), extra];
}
