import { describe, expect, it } from 'vitest';
import { workerEntry } from './spawn-worker.js';

describe('workerEntry', () => {
  it('is the sibling source module when the caller runs from sources', () => {
    expect(workerEntry('file:///app/src/main/core/sources/sqlite-source.ts', './query-worker.ts', 'query-worker').href).toBe(
      'file:///app/src/main/core/sources/query-worker.ts',
    );
  });

  it('is the bundle entry next to the main bundle, from the main bundle or from a shared chunk', () => {
    expect(workerEntry('file:///app/out/main/index.js', './query-worker.ts', 'query-worker').href).toBe('file:///app/out/main/query-worker.js');
    expect(workerEntry('file:///app/out/main/chunks/shared-1a2b.js', './query-worker.ts', 'query-worker').href).toBe(
      'file:///app/out/main/query-worker.js',
    );
  });
});
