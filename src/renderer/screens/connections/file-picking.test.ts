import { describe, expect, it } from 'vitest';
import { ENGINE_FORMS } from './engine-fields.js';
import { pathFieldHint, pickerButtons } from './file-picking.js';

const desktop = { host: 'electron', canChooseFiles: true } as const;
const web = { host: 'web', canChooseFiles: false } as const;
const field = (engine: 'files' | 'sqlite' | 'postgres', key: string) => ENGINE_FORMS[engine].fields.find((f) => f.key === key)!;

describe('choosing files for a connection', () => {
  it('offers a file and a folder dialog for extracts, a file dialog for SQLite, in the desktop app', () => {
    expect(pickerButtons(field('files', 'path'), desktop).map((b) => b.args)).toEqual([{ purpose: 'extract' }, { purpose: 'extract', directory: true }]);
    expect(pickerButtons(field('sqlite', 'path'), desktop)).toEqual([{ label: 'Choose…', args: { purpose: 'sqlite' }, testId: 'conn-path-choose' }]);
  });

  it('offers no dialog where the host has none, before the host is known, or for fields that are not paths', () => {
    expect(pickerButtons(field('files', 'path'), web)).toEqual([]);
    expect(pickerButtons(field('files', 'path'), null)).toEqual([]);
    expect(pickerButtons(field('files', 'types'), desktop)).toEqual([]);
    expect(pickerButtons(field('postgres', 'url'), desktop)).toEqual([]);
  });

  it('tells a browser user to type the full path, and keeps the field’s own hint', () => {
    const hint = pathFieldHint(field('files', 'path'), web)!;
    expect(hint).toMatch(/^Type the full path of the file or folder on this machine\./);
    expect(hint).toContain('each file (each sheet) becomes a table');
    expect(pathFieldHint(field('sqlite', 'path'), web)).toMatch(/^Type the full path of the file on this machine\./);
    expect(pathFieldHint(field('files', 'path'), desktop)).toBe(field('files', 'path').hint);
    expect(pathFieldHint(field('postgres', 'url'), web)).toBe(field('postgres', 'url').hint);
  });
});
