import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { WORKSPACE_APPLICATION_ID, WORKSPACE_PAGE_SIZE, createWorkspace, openWorkspace } from './open-workspace.js';
import { tempDir } from './test-workspace.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('createWorkspace / openWorkspace', () => {
  it('creates a WAL workspace marked as ours, at the latest schema, and opens it again', () => {
    const path = join(dir, 'audit.psw');
    const ws = createWorkspace(path);
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(ws.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(ws.db.pragma('application_id', { simple: true })).toBe(WORKSPACE_APPLICATION_ID);
    expect(ws.db.pragma('page_size', { simple: true })).toBe(WORKSPACE_PAGE_SIZE);
    expect(ws.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    ws.settings.set('k', { a: 1 });
    ws.close();
    ws.close();

    const again = openWorkspace(path);
    expect(again.settings.get('k')).toEqual({ a: 1 });
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    again.close();
  });

  it('refuses to overwrite an existing file, and leaves it as it was', () => {
    const path = join(dir, 'existing.psw');
    writeFileSync(path, 'precious');
    expect(() => createWorkspace(path)).toThrow(/already exists; open it instead or choose another name/);
    expect(codeOf(() => createWorkspace(path))).toBe('ALREADY_EXISTS');
    expect(readFileSync(path, 'utf8')).toBe('precious');
  });

  it('says NOT_FOUND with a hint for a missing file, or creates it when asked', () => {
    const path = join(dir, 'missing.psw');
    expect(codeOf(() => openWorkspace(path))).toBe('NOT_FOUND');
    expect(() => openWorkspace(path)).toThrow(/init/);
    expect(existsSync(path)).toBe(false);
    const ws = openWorkspace(path, { create: true });
    expect(ws.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    ws.close();
    expect(codeOf(() => createWorkspace(join(dir, 'no-such-folder', 'x.psw')))).toBe('NOT_FOUND');
  });

  it('refuses a file that is not SQLite, an empty file and a directory', () => {
    const text = join(dir, 'notes.psw');
    writeFileSync(text, 'x'.repeat(4096));
    expect(codeOf(() => openWorkspace(text))).toBe('WORKSPACE_INVALID');
    expect(readFileSync(text, 'utf8')).toBe('x'.repeat(4096));
    const empty = join(dir, 'empty.psw');
    writeFileSync(empty, '');
    expect(codeOf(() => openWorkspace(empty))).toBe('WORKSPACE_INVALID');
    const folder = join(dir, 'folder.psw');
    mkdirSync(folder);
    expect(codeOf(() => openWorkspace(folder))).toBe('WORKSPACE_INVALID');
  });

  it('refuses a SQLite database of another application without changing it', () => {
    const path = join(dir, 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x INTEGER)');
    other.close();
    const before = readFileSync(path);
    expect(() => openWorkspace(path)).toThrow(/not a PolicySentinel workspace/);
    expect(codeOf(() => openWorkspace(path))).toBe('WORKSPACE_INVALID');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a workspace from a newer version before writing anything', () => {
    const path = join(dir, 'newer.psw');
    createWorkspace(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openWorkspace(path)).toThrow(
      `This workspace was written by a newer version of PolicySentinel (schema ${LATEST_SCHEMA_VERSION + 5}, this version knows up to ${LATEST_SCHEMA_VERSION}). Update the app; the file was not changed.`,
    );
    expect(codeOf(() => openWorkspace(path))).toBe('WORKSPACE_TOO_NEW');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reopens without re-running migrations and keeps the data', () => {
    const path = join(dir, 'twice.psw');
    const ws = createWorkspace(path);
    ws.audit.append({ actor: 'ann', action: 'workspace.created', entityType: 'workspace', entityId: null });
    ws.close();
    for (let i = 0; i < 2; i++) {
      const again = openWorkspace(path);
      expect(again.audit.verify()).toEqual({ ok: true, entries: 1 });
      again.close();
    }
  });

  it('finishes the schema of a workspace whose creation stopped before the first migration', () => {
    const path = join(dir, 'half.psw');
    const raw = new Database(path);
    raw.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
    raw.close();
    const ws = openWorkspace(path);
    expect(ws.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(ws.rules.list()).toEqual([]);
    ws.close();
  });

  it('is portable: a copied file opens elsewhere with its audit chain intact', () => {
    const path = join(dir, 'a.psw');
    const ws = createWorkspace(path);
    ws.audit.append({ actor: 'ann', action: 'rule.activated', entityType: 'rule', entityId: 'r1' });
    ws.close();
    const copy = join(dir, 'b.psw');
    writeFileSync(copy, readFileSync(path));
    const opened = openWorkspace(copy);
    expect(opened.audit.list()).toHaveLength(1);
    expect(opened.audit.verify()).toEqual({ ok: true, entries: 1 });
    opened.close();
  });
});
