export { PDF_MAX_BYTES, checkPdfBytes, checkPdfSize } from './check-pdf-bytes.js';
export type { PdfRejection } from './check-pdf-bytes.js';
export { readPolicyPdf } from './read-policy-pdf.js';
export type { ReadPdfOptions } from './read-policy-pdf.js';
export { readPolicyPdfInWorker } from './read-policy-pdf-in-worker.js';
