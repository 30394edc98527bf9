#!/usr/bin/env node
// Entry point of the `binder` command: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

// The AWS SDK versions pinned in package-lock.json support Node.js 20; its notice about releases
// from 2027 is for whoever upgrades them, not for every user at every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../cli/main.ts');
