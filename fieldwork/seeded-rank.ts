/**
 * Reproducible selection from a seed: each item's rank is the SHA-256 (hex) of the UTF-8 bytes of
 * the seed, one NUL byte, and the item's key; the sample is the N items of smallest rank (ties,
 * which SHA-256 makes practically impossible, by key). It depends on neither the order of the
 * population nor the machine, and anyone can recompute a rank without binder:
 *   printf '%s\0%s' "$SEED" "$KEY" | sha256sum
 */
import { createHash } from 'node:crypto';

export const SEEDED_RANK_METHOD =
  'seeded-rank: rank = sha256(seed, a NUL byte, item key) in hex; the items of smallest rank are drawn. Recompute a rank with: printf \'%s\\0%s\' "<seed>" "<key>" | sha256sum';

export function seededRank(seed: string, key: string): string {
  return createHash('sha256').update(seed, 'utf8').update(Buffer.of(0)).update(key, 'utf8').digest('hex');
}

/** The `size` keys of smallest rank, smallest first, with their ranks. */
export function drawSeeded(seed: string, keys: readonly string[], size: number): { key: string; rank: string }[] {
  return keys
    .map((key) => ({ key, rank: seededRank(seed, key) }))
    .sort((a, b) => (a.rank !== b.rank ? (a.rank < b.rank ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, size);
}
