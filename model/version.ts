import { readFileSync } from 'node:fs';

// From the sources (model/version.ts) package.json is one folder up; from the compiled package
// (dist/model/version.js) it is two.
function readPackageJson(): { name: string; version: string } {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'soc2-binder' && typeof pkg.version === 'string') return { name: pkg.name, version: pkg.version };
    } catch {
      // not this folder: try the next
    }
  }
  throw new Error(`binder: its package.json was not found next to ${import.meta.url}`);
}

const pkg = readPackageJson();

export const TOOL = { name: pkg.name, version: pkg.version } as const;
