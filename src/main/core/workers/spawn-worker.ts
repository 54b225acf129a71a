/**
 * Starts a worker thread on a module next to its caller. A `.ts` entry goes through a small
 * bootstrap that registers the TypeScript loader first; a built `.js` entry starts directly.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** The entry's own `workerData` travels under this key; the bootstrap reads `entry`. */
export interface SpawnedWorkerData<T> {
  entry: string;
  data: T;
}

/** `resourceLimits` size the worker's own heap (see background-writes.ts for why one does). */
export function spawnWorker<T>(entry: URL, data: T, resourceLimits?: ResourceLimits): Worker {
  const workerData: SpawnedWorkerData<T> = { entry: entry.href, data };
  const script = entry.pathname.endsWith('.ts') ? new URL('./worker-boot.mjs', import.meta.url) : entry;
  return new Worker(script, resourceLimits === undefined ? { workerData } : { workerData, resourceLimits });
}

/**
 * Where a worker's module is: beside the caller's source file when the app runs from sources
 * (tsx, vitest); in a bundle, an entry of its own next to the main bundle, which sits one level
 * above the shared chunks the caller may have been bundled into (electron.vite.config.ts).
 */
export function workerEntry(callerUrl: string, sourcePath: string, bundleName: string): URL {
  if (callerUrl.endsWith('.ts')) return new URL(sourcePath, callerUrl);
  const here = new URL('.', callerUrl);
  return new URL(here.pathname.endsWith('/chunks/') ? `../${bundleName}.js` : `./${bundleName}.js`, here);
}

/** What a worker module passes to `spawnWorker`, read back inside the worker. */
export function workerPayload<T>(workerData: unknown): T {
  return (workerData as SpawnedWorkerData<T>).data;
}
