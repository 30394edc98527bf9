import { hasControlCharacter } from '../manifest.ts';

/** The problems a verification found: the first `max` kept in order, the rest only counted. */
export interface VerifyProblem {
  /** The entry (or the ZIP itself, or an option) the problem is about. */
  path: string;
  message: string;
}

export class ProblemList {
  private readonly kept: VerifyProblem[] = [];
  private total = 0;

  constructor(private readonly max: number) {}

  add(path: string, message: string): void {
    this.total++;
    if (this.kept.length < this.max) this.kept.push({ path, message });
  }

  get count(): number {
    return this.total;
  }

  get omitted(): number {
    return this.total - this.kept.length;
  }

  list(): VerifyProblem[] {
    return [...this.kept];
  }
}

/** An entry name as shown in a problem: control characters escaped and long names cut. */
export function displayName(name: string): string {
  const cut = name.length > 300 ? `${name.slice(0, 300)}...` : name;
  return hasControlCharacter(cut) ? JSON.stringify(cut) : cut;
}
