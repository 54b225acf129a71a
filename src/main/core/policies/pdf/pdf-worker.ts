/** Worker-thread entry: reads one PDF and reports progress, the text, or a serialized error. */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../../shared/errors.js';
import { workerPayload } from '../../workers/spawn-worker.js';
import type { PdfWorkerData, PdfWorkerMessage, PdfWorkerRequest } from './pdf-worker-protocol.js';
import { readPolicyPdf } from './read-policy-pdf.js';

const port = parentPort;
if (!port) throw new Error('pdf-worker must run in a worker thread');
const { password } = workerPayload<PdfWorkerData>(workerData);
const post = (message: PdfWorkerMessage): void => port.postMessage(message);

port.once('message', (bytes: PdfWorkerRequest) => {
  readPolicyPdf(bytes, { password, onPage: (page, pageCount) => post({ type: 'page', page, pageCount }) })
    .then((result) => post({ type: 'done', result }))
    .catch((error: unknown) => post({ type: 'failed', error: serializeError(error) }))
    .finally(() => port.close());
});
