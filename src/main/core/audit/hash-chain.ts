import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers (everything but `prev_hash`, which is chained in front). */
export interface HashedFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

/** The same fields with `details` as its canonical JSON text, as stored in the row. */
export type HashedText = Omit<HashedFields, 'details'> & { detailsText: string };

export interface StoredEntry extends HashedText {
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; entries: number }
  /** `entries`: how many entries were found intact before `brokenAt`. */
  | { ok: false; entries: number; brokenAt: number; reason: string };

/** SHA-256 (hex) of `prevHash` followed by the canonical JSON of the fields. */
export function entryHash(prevHash: string, fields: HashedFields): string {
  return entryHashOfText(prevHash, { ...fields, detailsText: canonicalJson(fields.details) });
}

/**
 * The same hash from the stored text: the canonical JSON of the fields is assembled around the
 * details text as written, so verifying needs no parse and any rewrite of that text shows.
 * Members in sorted order: action, actor, at, details, entityId, entityType, seq.
 */
export function entryHashOfText(prevHash: string, f: HashedText): string {
  const payload =
    `{"action":${JSON.stringify(f.action)},"actor":${JSON.stringify(f.actor)},"at":${JSON.stringify(f.at)},` +
    `"details":${f.detailsText},"entityId":${JSON.stringify(f.entityId)},` +
    `"entityType":${JSON.stringify(f.entityType)},"seq":${JSON.stringify(f.seq)}}`;
  return createHash('sha256').update(prevHash).update(payload).digest('hex');
}

/**
 * Checks entries given in `seq` order, one at a time, so a log of any length is verified in
 * constant memory. Reports the first entry that breaks the chain: a missing `seq` (deleted entry),
 * a `prev_hash` that is not the previous entry's hash (deleted, reordered or edited link), or a
 * hash that does not match the content (edited entry).
 */
export function verifyChain(entries: Iterable<StoredEntry>): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let intact = 0;
  const broken = (brokenAt: number, reason: string): ChainVerdict => ({ ok: false, entries: intact, brokenAt, reason });

  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return broken(
        expectedSeq,
        entry.seq > expectedSeq
          ? `entry ${expectedSeq} is missing (the next entry is ${entry.seq}): entries were deleted`
          : `entry ${entry.seq} appears out of order (expected ${expectedSeq})`,
      );
    }
    if (entry.prevHash !== prevHash) {
      return broken(
        entry.seq,
        expectedSeq === 1
          ? 'prev_hash of the first entry is not the genesis hash: entries before it were removed or it was edited'
          : `prev_hash does not match the hash of entry ${expectedSeq - 1}: entries were deleted, reordered or edited`,
      );
    }
    if (entryHashOfText(prevHash, entry) !== entry.hash) {
      return broken(entry.seq, 'hash mismatch: the entry was changed after it was written');
    }
    prevHash = entry.hash;
    expectedSeq += 1;
    intact += 1;
  }
  return { ok: true, entries: intact };
}
