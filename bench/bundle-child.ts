/**
 * Our scan runs in the benchmark as the app ships it: bundled JavaScript with the write worker as
 * an entry of its own (electron.vite.config.ts does the same). Run through tsx instead, each
 * thread compiles TypeScript as it loads: the write worker then starts ~0.4 s late, which the
 * product does not pay.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outdir = fileURLToPath(new URL('./.data/scan-child/', import.meta.url));

/** Builds scan-child.ts, baseline-child.ts and the workers they start next to each other; returns their paths. */
export async function bundleChildren(): Promise<{ scan: string; baseline: string }> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: {
      'scan-child': fileURLToPath(new URL('./scan-child.ts', import.meta.url)),
      'baseline-child': fileURLToPath(new URL('./baseline-child.ts', import.meta.url)),
      // background-writes.ts starts ./write-worker.js next to its own (chunk) file.
      'write-worker': fileURLToPath(new URL('../src/main/core/scan/write-worker.ts', import.meta.url)),
      // sqlite-query-aside.ts starts ./sqlite-query-worker.js the same way.
      'sqlite-query-worker': fileURLToPath(new URL('../src/main/core/sources/sqlite-query-worker.ts', import.meta.url)),
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Resolved from the checkout's node_modules, as the app's bundle resolves them.
    packages: 'external',
    logLevel: 'warning',
  });
  return { scan: `${outdir}scan-child.js`, baseline: `${outdir}baseline-child.js` };
}
