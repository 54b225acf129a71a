/**
 * Binary text order: by Unicode code point, which is what SQLite's BINARY collation and
 * PostgreSQL's "C" collation give for UTF-8. JavaScript's `<` compares UTF-16 code units, which
 * puts characters above U+FFFF before U+E000–U+FFFF, so it cannot be used directly.
 */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF, so it sorts after every other unit.
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
