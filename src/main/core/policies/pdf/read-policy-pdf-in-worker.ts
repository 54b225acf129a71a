/**
 * `readPolicyPdf` on a worker thread, so a large policy never blocks the app. Cancelling terminates
 * the worker, which is the only way to stop pdfjs mid-page.
 */
import { AppError } from '../../../../shared/errors.js';
import type { PdfText } from '../../../../shared/policy.js';
import { settleWorker, type WorkerEnd } from '../../workers/settle-worker.js';
import { spawnWorker } from '../../workers/spawn-worker.js';
import { checkPdfBytes } from './check-pdf-bytes.js';
import type { PdfWorkerData, PdfWorkerMessage } from './pdf-worker-protocol.js';
import type { ReadPdfOptions } from './read-policy-pdf.js';

// Sources run through tsx/vitest (.ts); the built app runs .js.
const entry = new URL(import.meta.url.endsWith('.ts') ? './pdf-worker.ts' : './pdf-worker.js', import.meta.url);

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Reading the PDF was cancelled.');
}

/**
 * Same contract as `readPolicyPdf`. The bytes are moved to the worker: when `bytes` spans its whole
 * buffer, that buffer is transferred and `bytes` is empty afterwards (pass a copy to keep it).
 */
export function readPolicyPdfInWorker(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfText> {
  const { password, signal, onPage } = options;
  if (signal?.aborted) return Promise.reject(cancelled());
  // Cheap checks first: a wrong file is refused without starting a thread.
  try {
    checkPdfBytes(bytes);
  } catch (error) {
    return Promise.reject(error);
  }
  const ownsBuffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const payload = ownsBuffer ? bytes : new Uint8Array(bytes);
  const data: PdfWorkerData = password === undefined ? {} : { password };
  const worker = spawnWorker(entry, data);

  return settleWorker<Exclude<PdfWorkerMessage, WorkerEnd<PdfText>>, PdfText>(worker, {
    name: 'PDF reader',
    crashCode: 'INTERNAL',
    terminateWhenSettled: true,
    signal,
    onAbort: (call) => call.fail(cancelled()),
    onUpdate: (message, call) => {
      switch (message.type) {
        case 'page':
          if (!call.settled) onPage?.(message.page, message.pageCount);
          break;
        default:
          call.unexpected(message.type, message);
      }
    },
    start: () => worker.postMessage(payload, [payload.buffer as ArrayBuffer]),
  });
}
