import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { PDF_MAX_BYTES, checkPdfBytes } from './check-pdf-bytes.js';

function reasonOf(bytes: Uint8Array): { reason: unknown; message: string } | null {
  try {
    checkPdfBytes(bytes);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe('INVALID_INPUT');
    return { reason: error.details?.reason, message: error.message };
  }
}

const pdfLike = (prefix = ''): Buffer => Buffer.from(`${prefix}%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n`);

describe('checkPdfBytes', () => {
  it('accepts a header after junk within the first KiB, not later', () => {
    expect(reasonOf(pdfLike('x'.repeat(1000)))).toBeNull();
    expect(reasonOf(pdfLike('x'.repeat(1100)))?.reason).toBe('not_pdf');
  });

  it('accepts exactly 50 MB, refuses one byte more', () => {
    const bytes = new Uint8Array(PDF_MAX_BYTES + 1);
    bytes.set(pdfLike());
    bytes.set(Buffer.from('%%EOF'), PDF_MAX_BYTES - 5);
    expect(reasonOf(bytes.subarray(0, PDF_MAX_BYTES))).toBeNull();
    expect(reasonOf(bytes)?.reason).toBe('too_large');
  });

  it('refuses a PDF without its end-of-file marker as corrupt', () => {
    const result = reasonOf(Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n'));
    expect(result?.reason).toBe('corrupt');
  });

  it('names the kind of file it got instead', () => {
    const zip = (entry: string): Buffer => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(entry)]);
    expect(reasonOf(zip('xl/workbook.xml'))?.message).toMatch(/Excel workbook \(\.xlsx\)/);
    expect(reasonOf(zip('notes.txt'))?.message).toMatch(/ZIP archive/);
    expect(reasonOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))?.message).toMatch(/older Office document/);
    expect(reasonOf(Buffer.from('{\\rtf1\\ansi hello}'))?.message).toMatch(/Rich Text/);
    expect(reasonOf(Buffer.from('  <!DOCTYPE html><html></html>'))?.message).toMatch(/web page/);
    expect(reasonOf(Buffer.from('plain words'))?.message).toMatch(/does not start with "%PDF-"/);
  });

  it('refuses an empty file', () => {
    expect(reasonOf(new Uint8Array())?.reason).toBe('empty');
  });
});
