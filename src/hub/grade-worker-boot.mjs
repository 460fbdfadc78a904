// The grading worker's entry: a worker thread does not inherit tsx's loader from the hub's
// process, so it registers it, then loads the TypeScript worker (grade-worker.ts).
import { register } from 'tsx/esm/api';

register();
const worker = './grade-worker.ts';
await import(worker);
