/**
 * Packs: the gzip-compressed NDJSON objects that hold resource bodies. One pack per snapshot:
 *  - a full pack (checkpoint) holds every resource's canonical JSON, one per line;
 *  - a delta pack holds only what changed since the previous snapshot of the same source:
 *    an added or wholly replaced resource as its canonical JSON line, a changed one as a field
 *    patch `["~", type, id, {set}, [unset]]`, a removed one as `["-", type, id]`.
 * The first line is a header `["binder.pack/v1", "full" | "delta"]`. Lines are sorted by
 * (type, id) so the same content always gives the same bytes and the same content address.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Resource } from '../model/resources.ts';
import type { FieldPatch } from './resource-patch.ts';
import { StoreError } from './types.ts';

export const PACK_FORMAT = 'binder.pack/v1';
export type PackKind = 'full' | 'delta';

export type PackOp =
  | { op: 'put'; json: string } // canonical JSON of the whole resource
  | { op: 'patch'; type: Resource['type']; id: string; patch: FieldPatch }
  | { op: 'remove'; type: Resource['type']; id: string };

export function encodePack(kind: PackKind, ops: readonly PackOp[], level = 9): Uint8Array {
  const lines: string[] = [JSON.stringify([PACK_FORMAT, kind])];
  for (const op of ops) {
    if (op.op === 'put') lines.push(op.json);
    else if (op.op === 'patch') lines.push(JSON.stringify(['~', op.type, op.id, op.patch.set, op.patch.unset]));
    else lines.push(JSON.stringify(['-', op.type, op.id]));
  }
  return gzipSync(lines.join('\n'), { level });
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
