/**
 * Fault injection for the sandbox: latency, throttling by a token bucket per service, random
 * server errors and dropped connections (random choices from a seeded stream), plus scripted
 * one-shot faults for tests ("drop the 2nd GetAccountAuthorizationDetails page once", "deny
 * GetBucketPolicy": an AccessDenied answer, the failure no retry can fix).
 */
import { performance } from 'node:perf_hooks';
import { Rng } from './prng.ts';
import type { Service } from './wire-format.ts';

export interface TokenBucketOptions {
  ratePerSec: number;
  burst: number;
}

export interface FaultOptions {
  /** Seed of the random choices (default "faults"). */
  seed?: string;
  /** Delay before every response (and before a drop). */
  latencyMs?: number;
  /** Requests above the rate are answered with the service's throttling error. */
  throttle?: Partial<Record<Service, TokenBucketOptions>>;
  /** Probability (0..1) of a random 500/503. */
  errorRate?: number;
  /** Probability (0..1) of destroying the connection without a response. */
  dropRate?: number;
}

export type FaultKind = 'throttle' | '5xx' | 'drop' | 'denied';

export interface ScriptedFault {
  /** Only requests of this operation (e.g. GetAccountAuthorizationDetails); any when omitted. */
  operation?: string;
  service?: Service;
  /** Let this many matching requests through first (default 0). */
  afterMatches?: number;
  kind: FaultKind;
  /** Apply to this many matching requests, then retire. */
  count: number;
}

export interface FaultDecision {
  kind: FaultKind | 'none';
  source: 'scripted' | 'random' | 'rate-limit' | null;
  /** For 5xx: which status. */
  status?: 500 | 503;
}

export interface FaultStats {
  throttled: number;
  serverErrors: number;
  dropped: number;
  denied: number;
  scripted: number;
}

interface ActiveScript extends ScriptedFault {
  seen: number;
  applied: number;
}

export class FaultController {
  private options: FaultOptions = {};
  private rng = new Rng('faults');
  private readonly buckets = new Map<Service, { tokens: number; at: number }>();
  private scripts: ActiveScript[] = [];
  readonly stats: FaultStats = { throttled: 0, serverErrors: 0, dropped: 0, denied: 0, scripted: 0 };

  constructor(
    options: FaultOptions = {},
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.configure(options);
  }

  /** Replace the random/rate options (scripts are kept). */
  configure(options: FaultOptions): void {
    for (const [k, v] of Object.entries({ errorRate: options.errorRate, dropRate: options.dropRate })) {
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`faults.${k} must be between 0 and 1 (got ${v})`);
    }
    if (options.latencyMs !== undefined && !(options.latencyMs >= 0)) throw new RangeError(`faults.latencyMs must be >= 0 (got ${options.latencyMs})`);
    for (const [service, t] of Object.entries(options.throttle ?? {})) {
      if (!t || !(t.ratePerSec > 0) || !(t.burst >= 1)) throw new RangeError(`faults.throttle.${service} needs ratePerSec > 0 and burst >= 1`);
    }
    this.options = { ...options };
    this.rng = new Rng(options.seed ?? 'faults');
    this.buckets.clear();
  }

  /** Queue a one-shot fault. */
  script(fault: ScriptedFault): void {
    if (!Number.isInteger(fault.count) || fault.count < 1) throw new RangeError(`faults.script: count must be a positive integer (got ${fault.count})`);
    if (fault.afterMatches !== undefined && (!Number.isInteger(fault.afterMatches) || fault.afterMatches < 0)) throw new RangeError('faults.script: afterMatches must be a non-negative integer');
    this.scripts.push({ ...fault, seen: 0, applied: 0 });
  }

  clearScripts(): void {
    this.scripts = [];
  }

  /** Scripts not yet used up. */
  pendingScripts(): ScriptedFault[] {
    return this.scripts.map(({ seen: _s, applied: _a, ...f }) => f);
  }

  latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** Decide the fate of one request (called once per request, after authentication). */
  decide(service: Service, operation: string): FaultDecision {
    for (const s of this.scripts) {
      if ((s.operation && s.operation !== operation) || (s.service && s.service !== service)) continue;
      s.seen++;
      if (s.seen <= (s.afterMatches ?? 0)) continue;
      s.applied++;
      if (s.applied >= s.count) this.scripts = this.scripts.filter((x) => x !== s);
      this.stats.scripted++;
      return this.count({ kind: s.kind, source: 'scripted', status: s.kind === '5xx' ? 500 : undefined });
    }
    if (this.options.dropRate && this.rng.chance(this.options.dropRate)) return this.count({ kind: 'drop', source: 'random' });
    const t = this.options.throttle?.[service];
    if (t) {
      const now = this.nowMs();
      const b = this.buckets.get(service) ?? { tokens: t.burst, at: now };
      b.tokens = Math.min(t.burst, b.tokens + ((now - b.at) / 1000) * t.ratePerSec);
      b.at = now;
      this.buckets.set(service, b);
      if (b.tokens < 1) return this.count({ kind: 'throttle', source: 'rate-limit' });
      b.tokens -= 1;
    }
    if (this.options.errorRate && this.rng.chance(this.options.errorRate)) return this.count({ kind: '5xx', source: 'random', status: this.rng.chance(0.5) ? 500 : 503 });
    return { kind: 'none', source: null };
  }

  private count(d: FaultDecision): FaultDecision {
    if (d.kind === 'throttle') this.stats.throttled++;
    else if (d.kind === '5xx') this.stats.serverErrors++;
    else if (d.kind === 'drop') this.stats.dropped++;
    else if (d.kind === 'denied') this.stats.denied++;
    return d;
  }
}
