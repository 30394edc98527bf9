/**
 * Seeded pseudo-random numbers (sfc32 seeded from SHA-256), so a scenario and the fault injector
 * are reproducible from a seed string. Never Math.random: the same seed must give the same year.
 */
import { createHash } from 'node:crypto';

export type RngState = [number, number, number, number];

export class Rng {
  private s: RngState;

  constructor(seed: string | RngState) {
    if (typeof seed === 'string') {
      const h = createHash('sha256').update(seed).digest();
      this.s = [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
      for (let i = 0; i < 12; i++) this.nextU32(); // warm up
    } else {
      this.s = [...seed];
    }
  }

  /** A copy of the internal state, so a replay can resume exactly here. */
  state(): RngState {
    return [...this.s];
  }

  nextU32(): number {
    let [a, b, c, d] = this.s;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    this.s = [a >>> 0, b >>> 0, c >>> 0, d];
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** A stable unsigned 32-bit hash of some parts (for per-entity attributes that must not depend on draw order). */
export function hash32(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
}

/** Hex digest of some parts (ids, canonical user ids, request ids). */
export function hashHex(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An IAM-style unique id: prefix (AIDA, AGPA, AROA, ANPA) + 17 base32 characters. */
export function iamUniqueId(prefix: string, ...parts: (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = prefix;
  for (let i = 0; i < 17; i++) out += BASE32[(digest[i] as number) % 32];
  return out;
}
