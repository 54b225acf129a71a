/**
 * Checks that can be made on the raw bytes before any parsing, so an obviously wrong file is
 * refused at once with a message that says what it is and what to do instead.
 */
import { AppError } from '../../../../shared/errors.js';

export const PDF_MAX_BYTES = 50 * 1024 * 1024;

export type PdfRejection = 'too_large' | 'not_pdf' | 'encrypted' | 'corrupt' | 'empty';

export function pdfError(reason: PdfRejection, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('INVALID_INPUT', message, { reason, ...extra });
}

/** Readers accept the header anywhere in the first KiB (some tools prepend junk). */
const HEADER_WINDOW = 1024;
/** ...and expect the end-of-file marker within the last KiB. */
const TRAILER_WINDOW = 1024;

function indexOfAscii(bytes: Uint8Array, needle: string, from: number, to: number): number {
  const codes = [...needle].map((c) => c.charCodeAt(0));
  const last = Math.min(to, bytes.length) - codes.length;
  outer: for (let i = Math.max(0, from); i <= last; i++) {
    for (let j = 0; j < codes.length; j++) if (bytes[i + j] !== codes[j]) continue outer;
    return i;
  }
  return -1;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** What a non-PDF most likely is, for the message; the first match wins. */
function describeOther(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = Math.min(bytes.length, 64 * 1024);
    if (indexOfAscii(bytes, 'word/', 0, head) >= 0) return 'is a Word document (.docx), not a PDF: export it as PDF first';
    if (indexOfAscii(bytes, 'xl/', 0, head) >= 0) return 'is an Excel workbook (.xlsx), not a PDF: export it as PDF first';
    if (indexOfAscii(bytes, 'ppt/', 0, head) >= 0) return 'is a PowerPoint file (.pptx), not a PDF: export it as PDF first';
    if (indexOfAscii(bytes, '[Content_Types].xml', 0, head) >= 0) {
      return 'is an Office document (.docx, .xlsx or .pptx), not a PDF: export it as PDF first';
    }
    return 'is a ZIP archive, not a PDF: extract the policy PDF from it first';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'is an older Office document (.doc or .xls), not a PDF: export it as PDF first';
  if (indexOfAscii(bytes, '{\\rtf', 0, 5) === 0) return 'is a Rich Text document (.rtf), not a PDF: export it as PDF first';
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'is a web page (HTML), not a PDF: print it to PDF first';
  return 'is not a PDF (it does not start with "%PDF-"): choose the policy\'s PDF file';
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The size limit alone: callers that know a file's size can refuse it before reading it. */
export function checkPdfSize(size: number): void {
  if (size === 0) throw pdfError('empty', 'The file is empty (0 bytes): choose the policy\'s PDF file.');
  if (size > PDF_MAX_BYTES) {
    throw pdfError(
      'too_large',
      `The file is ${megabytes(size)}; policies up to ${megabytes(PDF_MAX_BYTES)} can be imported. ` +
        'Split the document or save it with smaller images.',
      { bytes: size, maxBytes: PDF_MAX_BYTES },
    );
  }
}

/** Throws `AppError('INVALID_INPUT', …, { reason })` when the bytes cannot be a usable PDF. */
export function checkPdfBytes(bytes: Uint8Array): void {
  checkPdfSize(bytes.length);
  if (indexOfAscii(bytes, '%PDF-', 0, HEADER_WINDOW) < 0) throw pdfError('not_pdf', `The file ${describeOther(bytes)}.`);
  if (indexOfAscii(bytes, '%%EOF', bytes.length - TRAILER_WINDOW, bytes.length) < 0) {
    throw pdfError(
      'corrupt',
      'The PDF looks damaged or incomplete (its end is missing, as after an interrupted download or copy): ' +
        'get the file again from its source.',
    );
  }
}
