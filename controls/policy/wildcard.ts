/**
 * IAM wildcard patterns: `*` matches any run of characters (slashes and colons included), `?` one
 * character. Actions compare case-insensitively, resources (ARNs) case-sensitively, as IAM does.
 */

export interface PatternOptions {
  caseInsensitive: boolean;
}

const ACTION: PatternOptions = { caseInsensitive: true };
const RESOURCE: PatternOptions = { caseInsensitive: false };

function fold(s: string, opts: PatternOptions): string {
  return opts.caseInsensitive ? s.toLowerCase() : s;
}

/** True when the concrete value is matched by the pattern. */
export function matchesPattern(pattern: string, value: string, opts: PatternOptions): boolean {
  const p = fold(pattern, opts);
  const v = fold(value, opts);
  // Iterative glob match with backtracking to the last star: linear in practice.
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * True when every value the inner pattern matches is also matched by the outer one ("s3:*" covers
 * "s3:Get*"). Exact when the inner pattern is concrete. With wildcards in the inner pattern it is
 * conservative: the outer `*` may absorb inner wildcards, the outer `?` any single inner character
 * except `*`, and outer literals only the same inner literal; so rare equivalent spellings such as
 * "?*" vs "*?" are reported as not covered.
 */
export function patternCovers(outer: string, inner: string, opts: PatternOptions): boolean {
  const o = fold(outer, opts);
  const i = fold(inner, opts);
  const memo = new Map<number, boolean>();
  const go = (a: number, b: number): boolean => {
    const key = a * (i.length + 1) + b;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (a === o.length) result = b === i.length;
    else if (o[a] === '*') result = go(a + 1, b) || (b < i.length && go(a, b + 1));
    else if (b === i.length) result = false;
    else if (o[a] === '?') result = i[b] !== '*' && go(a + 1, b + 1);
    else result = i[b] !== '*' && i[b] !== '?' && o[a] === i[b] && go(a + 1, b + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** True when some value is matched by both patterns ("s3:*" and "*Object" share "s3:PutObject"). */
export function patternsIntersect(a: string, b: string, opts: PatternOptions): boolean {
  const x = fold(a, opts);
  const y = fold(b, opts);
  // Reachability over the product of the two patterns' positions.
  const seen = new Set<number>();
  const width = y.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === x.length && j === y.length) return true;
    const xi = x[i];
    const yj = y[j];
    // A star may match the empty string.
    if (xi === '*') stack.push([i + 1, j]);
    if (yj === '*') stack.push([i, j + 1]);
    if (xi === undefined || yj === undefined) continue;
    // Both consume one shared character: possible unless two different literals meet.
    const xLit = xi !== '*' && xi !== '?';
    const yLit = yj !== '*' && yj !== '?';
    if (xLit && yLit && xi !== yj) continue;
    stack.push([xi === '*' ? i : i + 1, yj === '*' ? j : j + 1]);
  }
  return false;
}

/** Action patterns: case-insensitive; "*" also stands for "*:*". */
export function actionMatches(pattern: string, action: string): boolean {
  return matchesPattern(pattern, action, ACTION);
}

export function actionCovers(outer: string, inner: string): boolean {
  return patternCovers(outer, inner, ACTION) || (inner === '*' && patternCovers(outer, '*:*', ACTION));
}

export function actionsIntersect(a: string, b: string): boolean {
  return patternsIntersect(a, b, ACTION);
}

export function resourceCovers(outer: string, inner: string): boolean {
  return patternCovers(outer, inner, RESOURCE);
}

export function resourcesIntersect(a: string, b: string): boolean {
  return patternsIntersect(a, b, RESOURCE);
}
