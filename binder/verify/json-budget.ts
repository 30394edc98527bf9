/**
 * A byte-level pass over JSON text that counts what JSON.parse would build, without building it.
 * JSON.parse of tiny values is what turns a few megabytes into gigabytes (`[{},{},...]` costs some
 * 20 bytes of heap per input byte; an object with millions of keys even more), so the manifest is
 * refused before parsing when it holds far more values or containers than a binder of its entry
 * count can, an object with more keys than any object of the schema, or deeper nesting.
 */

export interface JsonShape {
  /** Strings (keys included), numbers, literals and containers. */
  tokens: number;
  /** Objects and arrays. */
  containers: number;
  depth: number;
  /** Keys of the largest object. */
  keys: number;
}

/** Counts until the text ends or a limit is passed (the result then exceeds that limit by one). */
export function measureJson(bytes: Uint8Array, limits: JsonShape): JsonShape {
  const shape: JsonShape = { tokens: 0, containers: 0, depth: 0, keys: 0 };
  // Keys seen so far in each open container (counted at each ':'), up to limits.depth + 1 levels.
  const keysAt = new Array<number>(limits.depth + 2).fill(0);
  let depth = 0;
  let inString = false;
  let inScalar = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped byte
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      inScalar = false;
      shape.tokens++;
      shape.containers++;
      depth++;
      if (depth > shape.depth) shape.depth = depth;
      if (depth < keysAt.length) keysAt[depth] = 0;
    } else if (c === 0x7d || c === 0x5d) {
      inScalar = false;
      depth--;
    } else if (c === 0x3a) {
      inScalar = false;
      if (depth > 0 && depth < keysAt.length) {
        const k = ++keysAt[depth]!;
        if (k > shape.keys) shape.keys = k;
      }
    } else if (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      inScalar = false;
    } else if (c === 0x22) {
      inString = true;
      inScalar = false;
      shape.tokens++;
    } else if (!inScalar) {
      inScalar = true;
      shape.tokens++;
    }
    if (shape.tokens > limits.tokens || shape.containers > limits.containers || shape.depth > limits.depth || shape.keys > limits.keys) break;
  }
  return shape;
}

/** Which limit a shape exceeds, in words, or null. */
export function exceededLimit(shape: JsonShape, limits: JsonShape): string | null {
  if (shape.depth > limits.depth) return `nests more than ${limits.depth} levels deep`;
  if (shape.keys > limits.keys) return `has an object with more than ${limits.keys} keys`;
  if (shape.containers > limits.containers) return `holds more than ${limits.containers} objects and arrays`;
  if (shape.tokens > limits.tokens) return `holds more than ${limits.tokens} values`;
  return null;
}
