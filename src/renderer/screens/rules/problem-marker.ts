/** How a problem's place is drawn: the field's text cut into the part before, the bad part, and after. */
export interface MarkedText {
  before: string;
  bad: string;
  after: string;
}

/**
 * Splits `text` at a 1-based `column` and `length`. A place past the end (an expression that stops
 * too early) marks one blank after the text, so there is always something to underline.
 */
export function markText(text: string, column: number, length = 1): MarkedText {
  const start = Math.max(0, Math.min(column - 1, text.length));
  const end = Math.min(text.length, start + Math.max(1, length));
  if (start >= text.length) return { before: text, bad: ' ', after: '' };
  return { before: text.slice(0, start), bad: text.slice(start, end), after: text.slice(end) };
}

/** A one-line excerpt around the place for the message (`…AND ammount > 5…`), with the line and column. */
export function placeLabel(text: string, column: number): string {
  const offset = Math.max(0, Math.min(column - 1, text.length));
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return line > 1 ? `line ${line}, column ${col}` : `column ${col}`;
}
