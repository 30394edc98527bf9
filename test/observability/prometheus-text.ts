/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), written for the tests
 * from the format's definition rather than taken from prom-client, so /metrics is checked by
 * something other than what produced it. It throws, naming the line, on anything the format does
 * not allow: a malformed HELP or TYPE line, an unknown type, a second TYPE or HELP for a family,
 * a TYPE after the family's samples, a family split in two, a sample of an undeclared family, a
 * bad metric or label name, a bad escape, a repeated label or series, a value that is no float;
 * and for histograms: a bucket without `le`, buckets not cumulative, no +Inf bucket or one that
 * differs from _count.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp: number | null;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string | null;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Floats as Prometheus reads them (Go's strconv.ParseFloat): NaN and Inf in any case, so prom-client's "Nan" is one. */
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const SPECIAL = /^(?:([+-]?)(inf|infinity)|nan)$/i;
const TYPES: MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

export class ExpositionError extends Error {
  constructor(lineNo: number, line: string, detail: string) {
    super(`line ${lineNo}: ${detail}: ${JSON.stringify(line)}`);
  }
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, MetricFamily>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n').slice(0, -1);
  const enter = (family: string, lineNo: number, line: string) => {
    if (current === family) return;
    if (closed.has(family))
      throw new ExpositionError(lineNo, line, `family ${family} appears again after other families`);
    if (current !== null) closed.add(current);
    current = family;
  };

  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) return; // a plain comment
      const [, keyword, name, rest = ''] = m as unknown as [
        string,
        'HELP' | 'TYPE',
        string,
        string | undefined,
      ];
      if (!METRIC_NAME.test(name)) throw new ExpositionError(lineNo, line, `bad metric name ${name}`);
      enter(name, lineNo, line);
      const family = families.get(name) ?? { name, type: 'untyped' as MetricType, help: null, samples: [] };
      families.set(name, family);
      if (keyword === 'HELP') {
        if (family.help !== null) throw new ExpositionError(lineNo, line, `second HELP for ${name}`);
        family.help = unescapeHelp(rest, lineNo, line);
      } else {
        if (!TYPES.includes(rest as MetricType))
          throw new ExpositionError(lineNo, line, `unknown type "${rest}"`);
        if ((family as { typed?: boolean }).typed)
          throw new ExpositionError(lineNo, line, `second TYPE for ${name}`);
        if (family.samples.length > 0)
          throw new ExpositionError(lineNo, line, `TYPE of ${name} after its samples`);
        family.type = rest as MetricType;
        (family as { typed?: boolean }).typed = true;
      }
      return;
    }
    const sample = parseSample(line, lineNo);
    const familyName = familyOf(sample.name, families);
    if (!familyName)
      throw new ExpositionError(lineNo, line, `sample ${sample.name} of no declared family (no TYPE line)`);
    enter(familyName, lineNo, line);
    const key = `${sample.name}{${Object.entries(sample.labels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
    if (series.has(key)) throw new ExpositionError(lineNo, line, `series ${key} appears twice`);
    series.add(key);
    (families.get(familyName) as MetricFamily).samples.push(sample);
  });

  for (const family of families.values()) {
    delete (family as { typed?: boolean }).typed;
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

/** The family a sample belongs to: its own name, or a histogram's/summary's base name. */
function familyOf(name: string, families: Map<string, MetricFamily>): string | null {
  const own = families.get(name);
  if (own && own.type !== 'histogram') return name;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (m) {
    const base = families.get(m[1] as string);
    if (base && (base.type === 'histogram' || (base.type === 'summary' && m[2] !== 'bucket')))
      return base.name;
  }
  return own ? name : null;
}

function parseSample(line: string, lineNo: number): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new ExpositionError(lineNo, line, 'a sample must start with a metric name');
  const name = nameMatch[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const labelMatch = /^[^=]*/.exec(line.slice(pos)) as RegExpExecArray;
      const label = labelMatch[0];
      if (!LABEL_NAME.test(label)) throw new ExpositionError(lineNo, line, `bad label name "${label}"`);
      if (label in labels) throw new ExpositionError(lineNo, line, `label ${label} repeated`);
      pos += label.length;
      if (line.slice(pos, pos + 2) !== '="')
        throw new ExpositionError(lineNo, line, `label ${label} needs ="value"`);
      pos += 2;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) throw new ExpositionError(lineNo, line, `label ${label}'s value is not closed`);
        pos++;
        if (c === '"') break;
        if (c === '\\') {
          const e = line[pos++];
          if (e === '\\') value += '\\';
          else if (e === '"') value += '"';
          else if (e === 'n') value += '\n';
          else throw new ExpositionError(lineNo, line, `bad escape \\${e ?? ''} in label ${label}`);
        } else value += c;
      }
      labels[label] = value;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}')
        throw new ExpositionError(lineNo, line, `expected , or } after label ${label}`);
    }
  }
  const rest = line.slice(pos);
  const m = /^ +(\S+)(?: +(-?\d+))?$/.exec(rest);
  if (!m) throw new ExpositionError(lineNo, line, 'expected " value [timestamp]" after the name and labels');
  const valueText = m[1] as string;
  let value: number;
  const special = SPECIAL.exec(valueText);
  if (special) value = special[2] === undefined ? NaN : special[1] === '-' ? -Infinity : Infinity;
  else if (FLOAT.test(valueText)) value = Number(valueText);
  else throw new ExpositionError(lineNo, line, `value "${valueText}" is not a float`);
  return { name, labels, value, timestamp: m[2] !== undefined ? Number(m[2]) : null };
}

function unescapeHelp(text: string, lineNo: number, line: string): string {
  return text.replace(/\\(.?)/g, (_all, e: string) => {
    if (e === '\\') return '\\';
    if (e === 'n') return '\n';
    throw new ExpositionError(lineNo, line, `bad escape \\${e} in HELP`);
  });
}

function checkHistogram(family: MetricFamily): void {
  const groups = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${family.name}_bucket`) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      const bound = le === '+Inf' ? Infinity : Number(le);
      if (le === '' || (!Number.isFinite(bound) && bound !== Infinity))
        throw new Error(`${family.name}: bucket bound le="${le}" is not a float`);
      g.buckets.push([bound, s.value]);
    } else if (s.name === `${family.name}_count`) g.count = s.value;
    else if (s.name === `${family.name}_sum`) g.sum = s.value;
    else throw new Error(`${family.name}: sample ${s.name} is no histogram sample`);
  }
  for (const [key, g] of groups) {
    const sorted = [...g.buckets].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([, v], i) => {
      if (i > 0 && v < (sorted[i - 1] as [number, number])[1])
        throw new Error(`${family.name} ${key}: buckets are not cumulative`);
    });
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Infinity) throw new Error(`${family.name} ${key}: no le="+Inf" bucket`);
    if (g.count === undefined || g.sum === undefined)
      throw new Error(`${family.name} ${key}: _count and _sum are required`);
    if (inf[1] !== g.count)
      throw new Error(`${family.name} ${key}: the +Inf bucket (${inf[1]}) differs from _count (${g.count})`);
  }
}
