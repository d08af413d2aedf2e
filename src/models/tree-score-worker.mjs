// Entry of a scoring worker thread (tree-score-parallel.ts): registers tsx in the worker (worker
// threads do not inherit the TypeScript loader of the thread that starts them), then runs the
// TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./tree-score-worker.ts');
