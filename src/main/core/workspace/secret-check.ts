import { urlHasPassword } from '../sources/connection-config.js';

const SECRET_KEYS = new Set(['password', 'passwd', 'pwd', 'secret']);
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Where a secret would sit in a value about to be stored: a member named like a password, or a
 * URL carrying one. Returns its path (`config.url`), or null. Checked on the raw input, before
 * any schema strips unknown members, so a secret is refused rather than silently dropped.
 */
export function findSecret(value: unknown, path = 'config'): string | null {
  if (typeof value === 'string') return URL_LIKE.test(value) && urlHasPassword(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecret(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEYS.has(key.toLowerCase())) return `${path}.${key}`;
      const found = findSecret(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
