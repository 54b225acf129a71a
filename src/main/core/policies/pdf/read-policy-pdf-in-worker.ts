/**
 * `readPolicyPdf` on a worker thread, so a large policy never blocks the app. Cancelling terminates
 * the worker, which is the only way to stop pdfjs mid-page.
 */
import { AppError } from '../../../../shared/errors.js';
import type { PdfText } from '../../../../shared/policy.js';
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

  return new Promise<PdfText>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(cancelled()));
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: PdfWorkerMessage) => {
      switch (message.type) {
        case 'page':
          if (!settled) onPage?.(message.page, message.pageCount);
          break;
        case 'done':
          finish(() => resolve(message.result));
          break;
        case 'failed': {
          const { code, message: text, details } = message.error;
          finish(() => reject(new AppError(code, text, details)));
          break;
        }
        default: {
          const unexpected: never = message;
          finish(() => reject(new AppError('INTERNAL', `Unexpected message from the PDF reader: ${JSON.stringify(unexpected)}`)));
        }
      }
    });
    worker.on('error', (error) => finish(() => reject(new AppError('INTERNAL', `The PDF reader failed: ${error.message}`))));
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `The PDF reader stopped unexpectedly (exit code ${code}).`))));
    worker.postMessage(payload, [payload.buffer as ArrayBuffer]);
  });
}
