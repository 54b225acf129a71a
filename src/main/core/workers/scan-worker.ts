/**
 * A scan on its own thread: opens the workspace file itself (WAL lets the main thread keep reading
 * it), runs `runScan`, and reports back by message. A `cancel` message aborts the scan, which ends
 * `cancelled` after its current batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../shared/errors.js';
import { runScan } from '../scan/run-scan.js';
import { openSource } from '../sources/open-source.js';
import { workspaceCacheDir } from '../workspace/cache-dir.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import type { ScanWorkerCommand, ScanWorkerData, ScanWorkerMessage } from './scan-worker-protocol.js';
import { workerPayload } from './spawn-worker.js';

const port = parentPort!;
const data = workerPayload<ScanWorkerData>(workerData);
const post = (message: ScanWorkerMessage): void => port.postMessage(message);
const controller = new AbortController();
port.on('message', (command: ScanWorkerCommand) => {
  if (command.type === 'cancel') controller.abort();
});

try {
  const ws = openWorkspace(data.workspacePath);
  try {
    const result = await runScan(ws, {
      ...(data.ruleIds ? { ruleIds: data.ruleIds } : {}),
      ...(data.asOf ? { asOf: data.asOf } : {}),
      ...(data.trigger ? { trigger: data.trigger } : {}),
      ...(data.actor ? { actor: data.actor } : {}),
      ...(data.batchSize ? { batchSize: data.batchSize } : {}),
      incremental: data.incremental === true,
      signal: controller.signal,
      openSource: (config) => openSource(config, data.env, { cacheDir: workspaceCacheDir(data.workspacePath) }),
      onRunStarted: (runId, ruleCount) => post({ type: 'started', runId, ruleCount }),
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'done', result });
  } finally {
    ws.close();
  }
} catch (error) {
  post({ type: 'failed', error: serializeError(error) });
}
port.close();
