// Entry of a cvLassoParallel worker thread. Worker threads do not inherit the TypeScript loader
// of the thread that starts them (neither `node --import tsx` nor tsx's `register()`), so this
// plain module registers tsx in the worker itself, then runs the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./cv-worker.ts');
