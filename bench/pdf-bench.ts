/**
 * Text extraction time for a 100-page policy, through the same worker path the app uses
 * (thread start-up included). Target: under 3 s.
 */
import { readPolicyPdfInWorker } from '../src/main/core/policies/pdf/read-policy-pdf-in-worker.js';
import { longPolicyPdf } from '../test-support/pdf-fixtures.js';

export const PDF_BENCH_PAGES = 100;
export const PDF_BENCH_TARGET_MS = 3000;

export async function measurePdfExtraction(): Promise<{ pages: number; ms: number }> {
  const bytes = await longPolicyPdf(PDF_BENCH_PAGES);
  const started = performance.now();
  const result = await readPolicyPdfInWorker(new Uint8Array(bytes));
  const ms = performance.now() - started;
  if (result.pageCount !== PDF_BENCH_PAGES) throw new Error(`expected ${PDF_BENCH_PAGES} pages, read ${result.pageCount}`);
  return { pages: result.pageCount, ms: Math.round(ms) };
}
