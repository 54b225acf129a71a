import { createHash } from 'node:crypto';

/** A stable id from the quote: a readable slug and a short hash, so two quotes never share an id. */
export function ruleIdFromQuote(quote: string): string {
  const slug = quote
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
  const hash = createHash('sha256').update(quote).digest('hex').slice(0, 8);
  return `${slug || 'rule'}-${hash}`.slice(0, 100);
}
