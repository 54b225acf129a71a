import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, entryHash, verifyChain } from './hash-chain.js';
import type { StoredEntry } from './hash-chain.js';

function chain(length: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = { seq, at: `2024-01-01T00:00:0${seq % 10}Z`, actor: 'ann', action: 'rule.updated', entityType: 'rule', entityId: `r${seq}`, details: { n: seq } };
    const hash = entryHash(prevHash, fields);
    const { details, ...rest } = fields;
    entries.push({ ...rest, detailsText: canonicalJson(details), prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, entries: 5 });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0 });
  });

  it('hashes prev_hash followed by the canonical JSON of the fields', () => {
    const fields = { seq: 7, at: 't"1', actor: 'ä', action: 'x.y', entityType: 'e', entityId: null, details: { b: [1, 'x'], a: true } };
    const expected = createHash('sha256').update(GENESIS_HASH + canonicalJson(fields)).digest('hex');
    expect(entryHash(GENESIS_HASH, fields)).toBe(expected);
  });

  it('hashes prev_hash together with the content, so the same content at another place differs', () => {
    const fields = { seq: 1, at: 't', actor: 'a', action: 'x', entityType: 'e', entityId: null, details: {} };
    expect(entryHash(GENESIS_HASH, fields)).not.toBe(entryHash('1'.repeat(64), fields));
    expect(entryHash(GENESIS_HASH, fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports an edited field at that entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, actor: 'mallory' };
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3, entries: 2 });
  });

  it('reports edited details, even when re-written as equivalent JSON', () => {
    const edited = chain(3);
    edited[1] = { ...edited[1]!, detailsText: '{"n":99}' };
    expect(verifyChain(edited)).toMatchObject({ ok: false, brokenAt: 2 });
    const reformatted = chain(3);
    reformatted[1] = { ...reformatted[1]!, detailsText: '{ "n": 2 }' };
    expect(verifyChain(reformatted)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('hash mismatch') });
  });

  it('reports a re-hashed edit at the following entry', () => {
    const entries = chain(4);
    const e = entries[1]!;
    const forged = entryHash(e.prevHash, { ...e, actor: 'mallory', details: { n: 2 } });
    entries[1] = { ...e, actor: 'mallory', hash: forged };
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('reports a deleted entry at the missing seq, and a removed first entry', () => {
    const entries = chain(5);
    entries.splice(3, 1);
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 4, entries: 3, reason: expect.stringContaining('missing') });
    expect(verifyChain(chain(3).slice(1))).toMatchObject({ ok: false, brokenAt: 1, entries: 0 });
  });
});
