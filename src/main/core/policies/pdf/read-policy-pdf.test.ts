import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ENCRYPTED_PASSWORD,
  ENCRYPTED_TEXT,
  POLICY_PAGES_TEXT,
  POLICY_TITLE,
  SCANNED_PAGE_TEXT,
  TABLE_TEXT,
  encryptedPdf,
  longPolicyParagraphs,
  longPolicyPdf,
  multiPagePolicyPdf,
  oversizedPdf,
  renamedDocx,
  scannedPagePdf,
  tablePdf,
  truncatedPdf,
  writePolicyPdf,
} from '../../../../../test-support/pdf-fixtures.js';
import { readPolicyPdf } from './read-policy-pdf.js';
import { rejection } from '../../../../../test-support/rejection.js';


describe('readPolicyPdf', () => {
  let policy: Buffer;
  beforeAll(async () => {
    policy = await multiPagePolicyPdf();
  });

  it('returns each page in reading order, without header and footer, hyphenation joined', async () => {
    const result = await readPolicyPdf(policy);
    expect(result.pageCount).toBe(4);
    expect(result.title).toBe(POLICY_TITLE);
    expect(result.pages).toEqual(
      POLICY_PAGES_TEXT.map((paragraphs, i) => ({ number: i + 1, text: paragraphs.join('\n\n'), hasTextLayer: true })),
    );
    expect(result.pages[0].text).toContain('reimbursed only when');
    expect(result.pages[0].text).toContain('co-worker');
    expect(result.pages.map((p) => p.text).join(' ')).not.toMatch(/Confidential|Page \d/);
  });

  it('keeps body lines that repeat on every page while dropping the running header and footer', async () => {
    const result = await readPolicyPdf(await longPolicyPdf(3));
    expect(result.pages.map((p) => p.text)).toEqual([1, 2, 3].map((p) => longPolicyParagraphs(p).join('\n\n')));
  });

  it('hashes the bytes with SHA-256 and leaves them untouched', async () => {
    const bytes = new Uint8Array(policy);
    const result = await readPolicyPdf(bytes);
    expect(result.sha256).toBe(createHash('sha256').update(policy).digest('hex'));
    expect(bytes.byteLength).toBe(policy.length);
  });

  it('keeps header-like lines when there are fewer than 3 pages', async () => {
    const bytes = await writePolicyPdf([['First page.'], ['Second page.']], { header: 'Company Confidential' });
    const result = await readPolicyPdf(bytes);
    expect(result.pages.map((p) => p.text)).toEqual(['Company Confidential\n\nFirst page.', 'Company Confidential\n\nSecond page.']);
    expect(result.title).toBeNull();
  });

  it('reads a table row by row, cells left to right', async () => {
    const result = await readPolicyPdf(await tablePdf());
    expect(result.pages[0].text).toBe(TABLE_TEXT);
  });

  it('marks a scanned page as having no text layer', async () => {
    const result = await readPolicyPdf(await scannedPagePdf());
    expect(result.pages).toEqual([
      { number: 1, text: SCANNED_PAGE_TEXT, hasTextLayer: true },
      { number: 2, text: '', hasTextLayer: false },
    ]);
  });

  it('reports progress per page', async () => {
    const seen: string[] = [];
    await readPolicyPdf(policy, { onPage: (page, count) => seen.push(`${page}/${count}`) });
    expect(seen).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const error = await rejection(
      readPolicyPdf(policy, { signal: controller.signal, onPage: (page) => page === 1 && controller.abort() }),
    );
    expect(error.code).toBe('CANCELLED');
  });

  describe('encrypted', () => {
    let bytes: Buffer;
    beforeAll(async () => {
      bytes = await encryptedPdf();
    });

    it('is refused without a password', async () => {
      const error = await rejection(readPolicyPdf(bytes));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details).toEqual({ reason: 'encrypted' });
      expect(error.message).toMatch(/password-protected/);
    });

    it('is refused with a wrong password, saying so', async () => {
      const error = await rejection(readPolicyPdf(bytes, { password: 'wrong' }));
      expect(error.details).toEqual({ reason: 'encrypted' });
      expect(error.message).toMatch(/not correct/);
    });

    it('is read with the right password', async () => {
      const result = await readPolicyPdf(bytes, { password: ENCRYPTED_PASSWORD });
      expect(result.pages[0].text).toBe(ENCRYPTED_TEXT);
    });
  });

  it('refuses a truncated file as corrupt', async () => {
    const error = await rejection(readPolicyPdf(await truncatedPdf()));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details?.reason).toBe('corrupt');
    expect(error.message).toMatch(/damaged or incomplete/);
  });

  it('refuses a file whose structure is broken even with both markers in place', async () => {
    const bytes = Buffer.from('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n');
    const error = await rejection(readPolicyPdf(bytes));
    expect(error.details?.reason).toBe('corrupt');
    expect(error.message).toMatch(/damaged or incomplete \(.+\)/);
  });

  it('refuses a file over 50 MB before parsing it', async () => {
    const bytes = await oversizedPdf();
    const started = performance.now();
    const error = await rejection(readPolicyPdf(bytes));
    expect(error.details).toMatchObject({ reason: 'too_large', bytes: bytes.length });
    expect(error.message).toMatch(/51\.0 MB.*50\.0 MB/);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses a renamed Word document with a hint to export it', async () => {
    const error = await rejection(readPolicyPdf(renamedDocx()));
    expect(error.details).toEqual({ reason: 'not_pdf' });
    expect(error.message).toBe('The file is a Word document (.docx), not a PDF: export it as PDF first.');
  });

  it('refuses an empty file', async () => {
    const error = await rejection(readPolicyPdf(new Uint8Array()));
    expect(error.details).toEqual({ reason: 'empty' });
  });
});
