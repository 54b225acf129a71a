import { describe, expect, it } from 'vitest';
import { bytesToBase64, hasPdfHeader, MAX_PDF_BYTES, pdfFileProblem } from './pdf-file.js';

describe('pdf file checks', () => {
  it('accepts a PDF by extension or media type', () => {
    expect(pdfFileProblem({ name: 'Policy.PDF', type: '', size: 10 })).toBeNull();
    expect(pdfFileProblem({ name: 'policy', type: 'application/pdf', size: 10 })).toBeNull();
  });

  it('refuses other files, empty files and huge files with the file name', () => {
    expect(pdfFileProblem({ name: 'policy.docx', type: 'application/msword', size: 10 })).toMatch(/policy\.docx is not a PDF/);
    expect(pdfFileProblem({ name: 'p.pdf', type: 'application/pdf', size: 0 })).toMatch(/empty/);
    expect(pdfFileProblem({ name: 'p.pdf', type: 'application/pdf', size: MAX_PDF_BYTES + 1 })).toMatch(/larger/);
  });

  it('recognises the PDF header', () => {
    expect(hasPdfHeader(new TextEncoder().encode('%PDF-1.7\n...'))).toBe(true);
    expect(hasPdfHeader(new TextEncoder().encode('\n\n%PDF-1.4'))).toBe(true);
    expect(hasPdfHeader(new TextEncoder().encode('PK\u0003\u0004 zip'))).toBe(false);
  });

  it('encodes bytes as base64, also beyond one chunk', () => {
    expect(bytesToBase64(new Uint8Array([0, 255, 1, 2]))).toBe(Buffer.from([0, 255, 1, 2]).toString('base64'));
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});
