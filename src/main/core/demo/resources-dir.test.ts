import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { findResourcesDir } from './resources-dir.js';

describe('findResourcesDir', () => {
  it('finds the resources from the source tree', () => {
    expect(findResourcesDir()).toMatch(/resources$/);
  });

  it('finds them from a bundle at another depth', () => {
    const root = mkdtempSync(join(tmpdir(), 'ps-resources-'));
    mkdirSync(join(root, 'resources'));
    writeFileSync(join(root, 'resources', 'demo-rules.yaml'), 'rules: []');
    mkdirSync(join(root, 'out', 'main'), { recursive: true });
    expect(findResourcesDir(join(root, 'out', 'main', 'index.js'))).toBe(join(root, 'resources'));
  });

  it('says what is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'ps-resources-'));
    expect(() => findResourcesDir(join(root, 'x.js'))).toThrow(/demo-rules\.yaml/);
  });
});
