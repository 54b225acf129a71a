/** Messages between `readPolicyPdfInWorker` and its worker thread. */
import type { SerializedError } from '../../../../shared/errors.js';
import type { PdfText } from '../../../../shared/policy.js';

export interface PdfWorkerData {
  password?: string;
}

/** The main thread sends the file's bytes once, transferring their buffer. */
export type PdfWorkerRequest = Uint8Array;

export type PdfWorkerMessage =
  | { type: 'page'; page: number; pageCount: number }
  | { type: 'done'; result: PdfText }
  | { type: 'failed'; error: SerializedError };
