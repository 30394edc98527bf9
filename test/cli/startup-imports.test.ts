/**
 * `binder --help` and `--version` must start fast, so the modules loaded before a command runs
 * (cli/main.ts and what it imports statically) may not pull in the AWS SDK, the config schema,
 * PDF or ZIP libraries, or the logger: each command imports those inside its run function.
 * This walks the static (non-type) imports from cli/main.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The specifiers of a module's value imports and re-exports (not `import type`, not `import()`). */
export function staticImports(source: string): string[] {
  const out: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) {
    if (m[5]) {
      out.push(m[5]);
      continue;
    }
    if (m[2]) continue; // import type / export type
    const clause = (m[3] ?? '').replace(/\s+/g, ' ');
    // `import { type A, type B } from` loads nothing at run time either.
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    if (braces && braces[1]!.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    out.push(m[4]!);
  }
  return out;
}

function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(resolve(ROOT, entry));
  return { files, packages };
}

describe('what `binder --help` loads', () => {
  it('finds value imports and skips type-only ones', () => {
    const src = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "import { type C, type D } from './c.ts';",
      "import { type E, f } from './e.ts';",
      "export { g } from './g.ts';",
      "export type { H } from './h.ts';",
      "import './side-effect.ts';",
      "const lazy = await import('./lazy.ts');",
    ].join('\n');
    expect(staticImports(src)).toEqual(['./a.ts', './e.ts', './g.ts', './side-effect.ts']);
  });

  it('is commander and the command list: no SDK, schema, PDF, ZIP, logger or cron library', () => {
    const { files, packages } = closure('cli/main.ts');
    expect([...packages].sort()).toEqual(['commander']);
    // A guard against the list growing unnoticed: these are light modules of our own.
    const ours = [...files].map((f) => f.slice(ROOT.length)).filter((f) => !f.startsWith('cli/'));
    expect(ours.filter((f) => /^(store|collectors|controls|binder\/(?!keys\.ts)|sandbox|demo|alerts)\//.test(f))).toEqual([]);
  });
});
