/**
 * The call log: a snapshot's API calls (`provenance.calls`) in a compact, lossless, versioned
 * binary form kept inside the snapshot record (record-file.ts).
 *
 * Why: request ids are random and do not compress; as gzip JSON every call cost ~76 bytes, and at
 * 2,000 buckets the provenance outweighed all the resources. Here each field is a column (so
 * deflate sees like next to like), request ids of a known shape are stored as their bytes (an
 * IAM/STS UUID in 16, an S3 request id in 8, S3's base64 `id2` as what it decodes to), times as
 * millisecond deltas, and service / operation / region / error code / parameters once each in a
 * dictionary; fields beyond the columns (errorMessage, anomalies, ...) as canonical JSON beside
 * them. Anything else that does not have the expected shape (a call missing a field or with one
 * of another type, an id of another shape, a time that does not round-trip) is stored verbatim
 * as canonical JSON, so nothing is ever lost: decoding gives back a value with the same canonical
 * JSON, which is what the snapshot's signed hash covers. encodeCallLog proves that before it
 * returns.
 *
 * Layout (version 1), deflated (raw) as a whole: u8 version, varint call count, then SECTIONS in
 * order, each as varint byte length + bytes. Varints are unsigned LEB128 (up to 2^53); signed
 * values are zigzag-mapped.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { canonicalJson } from '../model/canonical-json.ts';

export const CALL_LOG_FORMAT = 'binder.call-log/v1';
const VERSION = 1;

const SECTIONS = [
  'strings', // dictionary of JSON texts: varint count, then varint utf8 length + bytes each
  'kinds', // u8 per call: 0 columnar, 1 verbatim
  'texts', // JSON texts (varint utf8 length + bytes): verbatim calls, extras and request ids, in order of use
  'service', // varint dictionary index, per columnar call (as are the next three)
  'operation',
  'region',
  'params', // index of the parameters' canonical JSON
  'flags', // u8: outcome (bits 0-1), lastPageFinal 0 null 1 false 2 true (bits 2-3), has errorCode (bit 4), has extras (bit 5)
  'errorCode', // varint dictionary index, for calls with an error code
  'pages',
  'attempts',
  'retries',
  'startedAt', // zigzag varint: milliseconds since the previous columnar call's (the first: since 1970)
  'durationMs', // varint: durationMs * 1000
  'idCount', // varint per columnar call
  'idKind', // u8 per request id (ID_KINDS)
  'uuid', // 16 bytes per UUID id
  's3Id', // 8 bytes per S3 request id
  'id2Length', // varint per S3 id with id2
  'id2', // the id2's decoded bytes
] as const;
type Section = (typeof SECTIONS)[number];

const OUTCOMES = ['ok', 'not-configured', 'error'] as const;

/** Request id shapes; VERBATIM is any other string. */
const ID = { VERBATIM: 0, UUID: 1, S3: 2, S3_WITH_ID2: 3 } as const;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const S3_ID_RE = /^[0-9A-F]{16}$/;
const S3_ID2_RE = /^([0-9A-F]{16}) id2=([A-Za-z0-9+/]+={0,2})$/;

export class CallLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallLogError';
  }
}

/** The one shape stored in columns: exactly an ApiCallRecord's fields, each of a type the columns hold losslessly. */
interface ColumnarCall {
  service: string;
  operation: string;
  region: string;
  params: Record<string, unknown>;
  pages: number;
  lastPageFinal: boolean | null;
  requestIds: string[];
  attempts: number;
  retries: number;
  outcome: (typeof OUTCOMES)[number];
  errorCode: string | null;
  startedAt: string;
  durationMs: number;
}
const COLUMNAR_KEYS = new Set(['attempts', 'durationMs', 'errorCode', 'lastPageFinal', 'operation', 'outcome', 'pages', 'params', 'region', 'requestIds', 'retries', 'service', 'startedAt']);

/**
 * Whether a call has exactly the columnar shape. Hand-written rather than zod: it runs on the
 * collector's own values (not data read back) once per call, tens of thousands of times a day.
 */
function isColumnar(v: unknown): v is ColumnarCall {
  if (!isPlainObject(v)) return false;
  const c = v as Record<string, unknown>;
  for (const k of COLUMNAR_KEYS) if (!(k in c)) return false;
  const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  const d = c.durationMs;
  return (
    typeof c.service === 'string' &&
    typeof c.operation === 'string' &&
    typeof c.region === 'string' &&
    isPlainObject(c.params) &&
    count(c.pages) &&
    (c.lastPageFinal === null || typeof c.lastPageFinal === 'boolean') &&
    Array.isArray(c.requestIds) &&
    c.requestIds.every((id) => typeof id === 'string') &&
    count(c.attempts) &&
    count(c.retries) &&
    OUTCOMES.includes(c.outcome as ColumnarCall['outcome']) &&
    (c.errorCode === null || typeof c.errorCode === 'string') &&
    typeof c.startedAt === 'string' &&
    isoMs(c.startedAt) !== null &&
    typeof d === 'number' &&
    d >= 0 &&
    Number.isSafeInteger(Math.round(d * 1000)) &&
    Math.round(d * 1000) / 1000 === d
  );
}

/** Dictionary entries by the column that uses them, validated once each when read back. */
const DictString = z.string();
const DictParams = z.record(z.string(), z.unknown());

/** The compact bytes of `calls`; decodeCallLog(result) has the same canonical JSON (checked here). */
export function encodeCallLog(calls: readonly unknown[]): Uint8Array {
  const w = new Map<Section, Writer>(SECTIONS.map((s) => [s, new Writer()]));
  const col = (s: Section) => w.get(s)!;
  const dict = new Map<string, number>();
  // Texts are JSON, so even a string with a lone surrogate (which UTF-8 cannot carry) comes back.
  const ref = (json: string) => {
    let i = dict.get(json);
    if (i === undefined) dict.set(json, (i = dict.size));
    return i;
  };
  let prevMs = 0;
  for (const call of calls) {
    const ms = isColumnar(call) ? isoMs(call.startedAt)! : null;
    // A start too far from the previous one for a varint delta (beyond 2^53 ms) is kept verbatim.
    if (ms === null || !Number.isSafeInteger(zigzag(ms - prevMs))) {
      col('kinds').byte(1);
      // An undefined entry is null in canonical JSON (and so in what the hash covers).
      col('texts').text(canonicalJson(call) ?? 'null');
      continue;
    }
    const c = call as ColumnarCall;
    col('kinds').byte(0);
    col('service').varint(ref(JSON.stringify(c.service)));
    col('operation').varint(ref(JSON.stringify(c.operation)));
    col('region').varint(ref(JSON.stringify(c.region)));
    col('params').varint(ref(canonicalJson(c.params)));
    const final = c.lastPageFinal === null ? 0 : c.lastPageFinal ? 2 : 1;
    const extras = extrasOf(call as Record<string, unknown>);
    col('flags').byte(OUTCOMES.indexOf(c.outcome) | (final << 2) | (c.errorCode === null ? 0 : 16) | (extras === null ? 0 : 32));
    if (c.errorCode !== null) col('errorCode').varint(ref(JSON.stringify(c.errorCode)));
    if (extras !== null) col('texts').text(canonicalJson(extras));
    col('pages').varint(c.pages);
    col('attempts').varint(c.attempts);
    col('retries').varint(c.retries);
    col('startedAt').varint(zigzag(ms - prevMs));
    prevMs = ms;
    col('durationMs').varint(Math.round(c.durationMs * 1000));
    col('idCount').varint(c.requestIds.length);
    for (const id of c.requestIds) writeRequestId(id, col);
  }
  const strings = col('strings');
  strings.varint(dict.size);
  for (const s of dict.keys()) strings.text(s);

  const out = new Writer();
  out.byte(VERSION);
  out.varint(calls.length);
  for (const s of SECTIONS) {
    const bytes = col(s).bytes();
    out.varint(bytes.length);
    out.raw(bytes);
  }
  const encoded = deflateRawSync(out.bytes(), { level: 9 });
  // The promise is "lossless": prove it on every write rather than trust the tests alone.
  if (canonicalJson(decodeCallLog(encoded)) !== canonicalJson(calls)) {
    throw new CallLogError('call log does not round-trip (a codec bug): refusing to store it');
  }
  return encoded;
}

/** The calls `bytes` encode (canonical key order, as JSON.parse of canonical JSON gives them). */
export function decodeCallLog(bytes: Uint8Array): unknown[] {
  let raw: Buffer;
  try {
    raw = inflateRawSync(bytes);
  } catch (err) {
    throw new CallLogError(`call log is not deflate data: ${(err as Error).message}`);
  }
  const head = new Reader(raw, 'header');
  const version = head.byte();
  if (version !== VERSION) throw new CallLogError(`call log version ${version} is not supported (this binder reads ${VERSION})`);
  const count = head.varint();
  const r = new Map<Section, Reader>();
  for (const s of SECTIONS) r.set(s, new Reader(head.take(head.varint()), s));
  if (!head.done()) throw new CallLogError('call log has bytes after its last section');
  const col = (s: Section) => r.get(s)!;

  const texts: string[] = [];
  for (let i = 0, n = col('strings').varint(); i < n; i++) texts.push(col('strings').text());
  const values = texts.map((t) => parseJson(t, 'a dictionary entry'));
  const entry = (s: Section) => {
    const i = col(s).varint();
    if (i >= texts.length) throw new CallLogError(`call log ${s}: dictionary index ${i} out of range (${texts.length})`);
    return i;
  };
  const checked = new Set<string>();
  const str = (s: Section): string => {
    const i = entry(s);
    const v = values[i];
    if (!checked.has(`${s}:${i}`)) {
      if (!DictString.safeParse(v).success) throw new CallLogError(`call log ${s}: dictionary entry ${i} is not a string`);
      checked.add(`${s}:${i}`);
    }
    return v as string;
  };
  const params = (): Record<string, unknown> => {
    const i = entry('params');
    if (!checked.has(`params:${i}`)) {
      if (!DictParams.safeParse(values[i]).success) throw new CallLogError(`call log params: dictionary entry ${i} is not an object`);
      checked.add(`params:${i}`);
    }
    // Parsed again per call: calls do not share one parameters object.
    return JSON.parse(texts[i]!) as Record<string, unknown>;
  };

  const calls: unknown[] = [];
  let prevMs = 0;
  for (let n = 0; n < count; n++) {
    const kind = col('kinds').byte();
    if (kind === 1) {
      calls.push(parseJson(col('texts').text(), 'a verbatim call'));
      continue;
    }
    if (kind !== 0) throw new CallLogError(`call log: call ${n} has unknown kind ${kind}`);
    const service = str('service');
    const operation = str('operation');
    const region = str('region');
    const callParams = params();
    const flags = col('flags').byte();
    const outcome = OUTCOMES[flags & 3];
    const final = (flags >> 2) & 3;
    if (outcome === undefined || final === 3 || flags >> 6 !== 0) throw new CallLogError(`call log: call ${n} has invalid flags ${flags}`);
    const errorCode = flags & 16 ? str('errorCode') : null;
    const extras = flags & 32 ? parseJson(col('texts').text(), "a call's other fields") : null;
    if (extras !== null && (!isPlainObject(extras) || Object.keys(extras).some((k) => COLUMNAR_KEYS.has(k)))) {
      throw new CallLogError(`call log: call ${n} has other fields that are not an object of other fields`);
    }
    const pages = col('pages').varint();
    const attempts = col('attempts').varint();
    const retries = col('retries').varint();
    const ms = prevMs + unzigzag(col('startedAt').varint());
    prevMs = ms;
    const startedAt = isoOfMs(ms, n);
    const durationMs = col('durationMs').varint() / 1000;
    const requestIds: string[] = [];
    for (let i = 0, k = col('idCount').varint(); i < k; i++) requestIds.push(readRequestId(col));
    // Keys in canonical (sorted) order.
    const call: ColumnarCall = {
      attempts,
      durationMs,
      errorCode,
      lastPageFinal: final === 0 ? null : final === 2,
      operation,
      outcome,
      pages,
      params: callParams,
      region,
      requestIds,
      retries,
      service,
      startedAt,
    };
    calls.push(extras === null ? call : sortedKeys({ ...call, ...extras }));
  }
  for (const s of SECTIONS) if (!col(s).done()) throw new CallLogError(`call log section ${s} has bytes no call uses`);
  return calls;
}

function writeRequestId(id: string, col: (s: Section) => Writer): void {
  if (UUID_RE.test(id)) {
    col('idKind').byte(ID.UUID);
    col('uuid').raw(Buffer.from(id.replaceAll('-', ''), 'hex'));
    return;
  }
  if (S3_ID_RE.test(id)) {
    col('idKind').byte(ID.S3);
    col('s3Id').raw(Buffer.from(id, 'hex'));
    return;
  }
  const m = S3_ID2_RE.exec(id);
  const id2 = m ? Buffer.from(m[2]!, 'base64') : null;
  // Only a canonical base64 (the exact text comes back from the bytes) is stored as bytes.
  if (m && id2 && id2.toString('base64') === m[2]) {
    col('idKind').byte(ID.S3_WITH_ID2);
    col('s3Id').raw(Buffer.from(m[1]!, 'hex'));
    col('id2Length').varint(id2.length);
    col('id2').raw(id2);
    return;
  }
  col('idKind').byte(ID.VERBATIM);
  col('texts').text(JSON.stringify(id));
}

function readRequestId(col: (s: Section) => Reader): string {
  const kind = col('idKind').byte();
  switch (kind) {
    case ID.UUID: {
      const h = col('uuid').take(16).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case ID.S3:
      return col('s3Id').take(8).toString('hex').toUpperCase();
    case ID.S3_WITH_ID2: {
      const id = col('s3Id').take(8).toString('hex').toUpperCase();
      return `${id} id2=${col('id2').take(col('id2Length').varint()).toString('base64')}`;
    }
    case ID.VERBATIM: {
      const id = parseJson(col('texts').text(), 'a request id');
      if (typeof id !== 'string') throw new CallLogError('call log: a verbatim request id is not a string');
      return id;
    }
    default:
      throw new CallLogError(`call log: unknown request id kind ${kind}`);
  }
}

/** Milliseconds of an ISO time that toISOString() gives back exactly, else null. */
function isoMs(s: string): number | null {
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString() === s ? ms : null;
}

function isoOfMs(ms: number, n: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) throw new CallLogError(`call log: call ${n} has an impossible start time (${ms} ms)`);
  return d.toISOString();
}

/** Fields beyond the columns (e.g. errorMessage, anomalies), kept as canonical JSON; null if none. */
function extrasOf(call: Record<string, unknown>): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(call)) if (!COLUMNAR_KEYS.has(k) && v !== undefined) setOwn((out ??= {}), k, v);
  return out;
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) setOwn(out, k, o[k]);
  return out;
}

/** Like `o[k] = v`, also for a key named "__proto__" (which JSON.parse makes an own field). */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CallLogError(`call log: ${what} is not JSON`);
  }
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

/** A growable byte buffer with LEB128 varints (arithmetic, so values up to 2^53 survive). */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }
  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new CallLogError(`call log: ${n} is not a non-negative safe integer`);
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }
  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    this.raw(b);
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** Reads a section; every read past its end is a CallLogError naming the section. */
class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly name: string,
  ) {}

  take(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new CallLogError(`call log section ${this.name} ends early`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  byte(): number {
    return this.take(1)[0]!;
  }
  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (!Number.isSafeInteger(n)) throw new CallLogError(`call log section ${this.name} has a varint beyond 2^53`);
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }
  text(): string {
    return this.take(this.varint()).toString('utf8');
  }
  done(): boolean {
    return this.pos === this.buf.length;
  }
}
