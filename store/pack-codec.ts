/**
 * Packs: the gzip-compressed NDJSON objects that hold resource bodies. One pack per snapshot:
 *  - a full pack (checkpoint) holds every resource's canonical JSON, one per line;
 *  - a delta pack holds only what changed since the previous snapshot of the same source:
 *    an added or wholly replaced resource as its canonical JSON line, a changed one as a field
 *    patch `["~", type, id, {set}, [unset]]`, a removed one as `["-", type, id]`.
 * The first line is a header `["binder.pack/v1", "full" | "delta"]`. Lines are sorted by
 * (type, id) so the same content always gives the same bytes and the same content address.
 */
import { once } from 'node:events';
import { createGzip, gunzipSync } from 'node:zlib';
import type { Resource } from '../model/resources.ts';
import type { FieldPatch } from './resource-patch.ts';
import { StoreError } from './types.ts';

export const PACK_FORMAT = 'binder.pack/v1';
export type PackKind = 'full' | 'delta';

export type PackOp =
  | { op: 'put'; json: string } // canonical JSON of the whole resource
  | { op: 'patch'; type: Resource['type']; id: string; patch: FieldPatch }
  | { op: 'remove'; type: Resource['type']; id: string };

/**
 * Streamed through gzip in batches of lines: a checkpoint's text (15 MB at 25,000 resources) is
 * never built as one string nor copied into one buffer; only the compressed bytes are held.
 * Without flushes, deflate's output does not depend on how its input is cut, so the bytes are
 * those gzip of the whole text would give.
 */
export async function encodePack(kind: PackKind, ops: readonly PackOp[], level = 9): Promise<Uint8Array> {
  const gzip = createGzip({ level });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gzip, 'end');
  let batch = JSON.stringify([PACK_FORMAT, kind]);
  for (const op of ops) {
    const line =
      op.op === 'put' ? op.json : op.op === 'patch' ? JSON.stringify(['~', op.type, op.id, op.patch.set, op.patch.unset]) : JSON.stringify(['-', op.type, op.id]);
    batch += '\n' + line;
    if (batch.length >= 1 << 16) {
      if (!gzip.write(batch)) await once(gzip, 'drain');
      batch = '';
    }
  }
  gzip.end(batch);
  await ended;
  return Buffer.concat(out);
}

export interface DecodedPack {
  kind: PackKind;
  ops: PackOp[];
}

export function decodePack(bytes: Uint8Array, key: string): DecodedPack {
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch (err) {
    throw new StoreError(`pack ${key} is not valid gzip: ${(err as Error).message}`, key);
  }
  const lines = text.split('\n');
  const header = parseLine(lines[0] ?? '', key, 1);
  if (!Array.isArray(header) || header[0] !== PACK_FORMAT || (header[1] !== 'full' && header[1] !== 'delta')) {
    throw new StoreError(`pack ${key} has no ${PACK_FORMAT} header`, key);
  }
  const ops: PackOp[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('{')) {
      ops.push({ op: 'put', json: line });
      continue;
    }
    const v = parseLine(line, key, i + 1);
    if (Array.isArray(v) && v[0] === '~' && v.length === 5 && typeof v[2] === 'string' && Array.isArray(v[4])) {
      ops.push({ op: 'patch', type: v[1], id: v[2], patch: { set: v[3] as Record<string, unknown>, unset: v[4] as string[] } });
    } else if (Array.isArray(v) && v[0] === '-' && v.length === 3 && typeof v[2] === 'string') {
      ops.push({ op: 'remove', type: v[1], id: v[2] });
    } else {
      throw new StoreError(`pack ${key} line ${i + 1} is neither a resource, a patch nor a removal`, key);
    }
  }
  return { kind: header[1], ops };
}

function parseLine(line: string, key: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new StoreError(`pack ${key} line ${n} is not JSON`, key);
  }
}
