#!/usr/bin/env node
// Entry point of the `binder` command. The installed package runs the compiled JavaScript in
// dist/ (built by `npm pack` / `npm publish` through prepack); a clone of the repository, which
// has the TypeScript sources and no dist/, runs them through tsx (a dev dependency).
import { existsSync } from 'node:fs';

// The AWS SDK versions pinned in package-lock.json support Node.js 20; its notice about releases
// from 2027 is for whoever upgrades them, not for every user at every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

if (existsSync(new URL('../cli/main.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
} else {
  await import('../dist/cli/main.js');
}
