// Worker-thread entry of the sandbox: worker threads do not inherit the TypeScript loader, so
// register it here before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./sandbox-worker.ts');
