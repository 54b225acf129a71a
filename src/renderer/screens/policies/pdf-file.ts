/** The largest PDF sent to the core; bigger files are refused before they are read into memory. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

/**
 * Refuses what is clearly not a policy PDF before anything is read or sent: another extension or
 * media type, an empty file, an oversized one. Returns the message to show, or null.
 */
export function pdfFileProblem(file: { name: string; type: string; size: number }): string | null {
  const looksPdf = /\.pdf$/i.test(file.name) || file.type === 'application/pdf';
  if (!looksPdf) return `${file.name} is not a PDF. Choose the policy as a .pdf file (export it from your word processor if needed).`;
  if (file.size === 0) return `${file.name} is empty (0 bytes): choose the policy's PDF file.`;
  if (file.size > MAX_PDF_BYTES) return `${file.name} is larger than ${MAX_PDF_BYTES / 1024 / 1024} MB; split the policy into smaller PDFs.`;
  return null;
}

/** A PDF starts with `%PDF-` (some writers put a few bytes before it). */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** Base64 of the bytes, in chunks so a large file does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Reads a chosen or dropped file and checks its content is a PDF; rejects with a message for the user. */
export async function readPdfFile(file: File): Promise<string> {
  const problem = pdfFileProblem(file);
  if (problem) throw new Error(problem);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!hasPdfHeader(bytes)) throw new Error(`${file.name} is named like a PDF but is not one (no %PDF header). Choose the policy's real PDF file.`);
  return bytesToBase64(bytes);
}
