/**
 * JSON with object keys sorted (by UTF-16 code unit) at every level and no whitespace, written
 * by hand rather than through object key order, which JavaScript puts integer-like keys first in.
 * Values go through JSON first, so `undefined` members vanish and dates become strings.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value);
  return write(text === undefined ? null : (JSON.parse(text) as unknown));
}

function write(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
