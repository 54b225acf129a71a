import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasPostgres } from '../../../../test-support/pg-database.js';
import { checkPortableRegex, normalizePortableRegex, portableRegExp } from './regex-subset.js';

/**
 * The portable subset must mean the same in JavaScript and PostgreSQL. PostgreSQL's `\w` follows
 * the locale (it matches `é` under C.UTF-8), so it agrees with JavaScript either when the pattern is
 * normalised (ASCII classes spelt out) or when the match runs under COLLATE "C"; both are checked.
 */
const atom = fc.constantFrom('a', 'b', 'Z', '0', '.', '\\d', '\\w', '\\s', '[a-c]', '[^a\\d]', '[\\]\\-x]', '\\.', '\\-', '\\#', 'é', '😀', '(a|b)', '(\\d\\s)');
const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,2}');
const patternArbitrary = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.option(fc.constantFrom('|a', '|\\w\\w'), { nil: '' }))
  .map(([start, parts, end, alt]) => `${start ? '^' : ''}${parts.map(([a, q]) => a + q).join('')}${end ? '$' : ''}${alt}`);
const textUnit = fc.constantFrom('a', 'b', 'c', 'x', 'Z', '0', '7', ' ', '\t', '\n', '\r', '\v', '\f', '.', '-', ']', '#', '_', 'é', '😀', '\u00a0', '\u2028', '٣');
const texts = fc.sample(fc.string({ unit: textUnit, maxLength: 6 }), { numRuns: 60, seed: 7 }).concat(['', 'ab', 'aa0', 'é😀']);

describe.skipIf(!hasPostgres())('MATCHES agrees with PostgreSQL ~', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject('postgresUrl')! });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it('on generated patterns from the subset, normalised or under COLLATE "C"', async () => {
    await fc.assert(
      fc.asyncProperty(patternArbitrary, async (pattern) => {
        expect(checkPortableRegex(pattern)).toBeNull();
        const js = portableRegExp(pattern);
        const { rows } = await client.query<{ t: string; normalized: boolean; collated: boolean }>(
          `SELECT t, t ~ $1 AS normalized, (t COLLATE "C") ~ $2 AS collated
             FROM unnest($3::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i`,
          [normalizePortableRegex(pattern), pattern, texts],
        );
        for (const row of rows) {
          const expected = js.test(row.t);
          expect({ pattern, text: row.t, pg: row.normalized }).toEqual({ pattern, text: row.t, pg: expected });
          expect({ pattern, text: row.t, pg: row.collated }).toEqual({ pattern, text: row.t, pg: expected });
        }
      }),
      { numRuns: 150 },
    );
  });
});
