/**
 * Rounds half away from zero, the way PostgreSQL's `round(numeric, n)` does after converting a
 * double to numeric with 15 significant digits. Working on those 15 digits (rather than on the
 * binary value) makes `round(2.675, 2)` give 2.68 as a reader of the rule expects, identically in
 * the evaluator, in SQLite (through a registered function) and in PostgreSQL.
 */
export function roundHalfAway(x: number, digits = 0): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const [mantissa = '0', exponentText = '0'] = Math.abs(x).toExponential(14).split('e');
  const exponent = Number(exponentText);
  const significant = mantissa.replace('.', '');
  // How many of the 15 significant digits lie before the rounding position.
  const keep = exponent + 1 + digits;
  if (keep >= significant.length) return sign * Number(`${mantissa}e${exponent}`);
  if (keep < 0) return 0;
  const head = keep === 0 ? 0 : Number(significant.slice(0, keep));
  const next = Number(significant[keep] ?? '0');
  const rounded = next >= 5 ? head + 1 : head;
  const result = Number(`${rounded}e${-digits}`);
  return result === 0 ? 0 : sign * result;
}
