// Lets a worker thread run a TypeScript entry when the app itself runs from sources (tsx, vitest).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
