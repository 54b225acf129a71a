import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of DESIGN.md, enforced: a file that imports across a runtime boundary fails here.
const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

function offenders(dir: string, refuse: (specifier: string, file: string) => boolean): string[] {
  // Tests run under Node with vitest; the rules are about what ships.
  return sourceFiles(dir)
    .filter((file) => !/\.test\.tsx?$/.test(file))
    .flatMap((file) => imports(file).filter((s) => refuse(s, file)).map((s) => `${file} imports ${s}`));
}

const NODE_BUILTIN = /^(node:|fs$|path$|os$|crypto$|child_process$|worker_threads$|http$|net$|url$|stream$)/;

describe('layer boundaries', () => {
  it('the core never imports electron', () => {
    expect(offenders('src/main/core', (s) => s === 'electron' || s.startsWith('electron/'))).toEqual([]);
  });

  it('the renderer imports neither Node, nor the main process, nor electron', () => {
    expect(offenders('src/renderer', (s) => NODE_BUILTIN.test(s) || s === 'electron' || s.includes('/main/') || s.includes('/preload/'))).toEqual([]);
  });

  it('the contract imports nothing but itself and zod', () => {
    expect(offenders('src/shared', (s) => !s.startsWith('.') && s !== 'zod')).toEqual([]);
  });

  it('the preload imports only electron and the contract', () => {
    expect(offenders('src/preload', (s) => s !== 'electron' && !s.startsWith('./') && !s.includes('/shared/'))).toEqual([]);
  });

  it('finds an offending import (the check itself works)', () => {
    expect(imports('test-support/layer-boundaries.test.ts')).toContain('node:fs');
  });
});
