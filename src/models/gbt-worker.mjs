// Entry of a fitGbtParallel worker thread: registers tsx in the worker (worker threads do not
// inherit the TypeScript loader of the thread that starts them), then runs the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./gbt-worker.ts');
