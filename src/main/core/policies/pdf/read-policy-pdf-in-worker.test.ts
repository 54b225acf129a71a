import { beforeAll, describe, expect, it } from 'vitest';
import { ENCRYPTED_PASSWORD, ENCRYPTED_TEXT, encryptedPdf, longPolicyPdf, multiPagePolicyPdf, renamedDocx } from '../../../../../test-support/pdf-fixtures.js';
import { readPolicyPdf } from './read-policy-pdf.js';
import { readPolicyPdfInWorker } from './read-policy-pdf-in-worker.js';
import { rejection } from '../../../../../test-support/rejection.js';


describe('readPolicyPdfInWorker', () => {
  let policy: Buffer;
  beforeAll(async () => {
    policy = await multiPagePolicyPdf();
  });

  it('gives the same result as reading in place, with progress per page, moving the bytes', async () => {
    const expected = await readPolicyPdf(policy);
    const bytes = new Uint8Array(policy);
    const seen: number[] = [];
    const result = await readPolicyPdfInWorker(bytes, { onPage: (page) => seen.push(page) });
    expect(result).toEqual(expected);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(bytes.byteLength).toBe(0);
  });

  it('copies a view into a larger buffer instead of moving that buffer', async () => {
    const result = await readPolicyPdfInWorker(policy.subarray(0));
    expect(result.pageCount).toBe(4);
  });

  it('passes the password and brings errors back as AppErrors with their details', async () => {
    const bytes = await encryptedPdf();
    const error = await rejection(readPolicyPdfInWorker(new Uint8Array(bytes)));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details).toEqual({ reason: 'encrypted' });
    const result = await readPolicyPdfInWorker(new Uint8Array(bytes), { password: ENCRYPTED_PASSWORD });
    expect(result.pages[0].text).toBe(ENCRYPTED_TEXT);
  });

  it('refuses a wrong file before starting a thread', async () => {
    const error = await rejection(readPolicyPdfInWorker(renamedDocx()));
    expect(error.details).toEqual({ reason: 'not_pdf' });
  });

  it('cancels mid-document, and at once when already cancelled', async () => {
    const bytes = await longPolicyPdf(40);
    const controller = new AbortController();
    const pages: number[] = [];
    const error = await rejection(
      readPolicyPdfInWorker(new Uint8Array(bytes), {
        signal: controller.signal,
        onPage: (page) => {
          pages.push(page);
          if (page === 2) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(pages.length).toBeLessThan(40);
    expect((await rejection(readPolicyPdfInWorker(new Uint8Array(bytes), { signal: controller.signal }))).code).toBe('CANCELLED');
  });
});
