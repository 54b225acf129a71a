import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Three bundles: the main process (Node, packages stay external), the preload (CommonJS: a
// sandboxed preload cannot be an ES module) and the renderer (a plain web build, also served by the
// loopback web host).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The workers are entries of their own: the core starts them as ./pdf-worker.js,
      // ./scan-worker.js, ./write-worker.js and ./sqlite-query-worker.js next to the main bundle.
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'pdf-worker': resolve('src/main/core/policies/pdf/pdf-worker.ts'),
          'scan-worker': resolve('src/main/core/workers/scan-worker.ts'),
          'write-worker': resolve('src/main/core/scan/write-worker.ts'),
          'sqlite-query-worker': resolve('src/main/core/sources/sqlite-query-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    base: './',
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
    plugins: [react()],
  },
});
