/**
 * Turns positioned text runs of one page into reading-order text: runs grouped into lines by their
 * baseline, lines ordered top to bottom, paragraphs where the vertical gap is wider than the line
 * spacing. Positions are PDF user space (origin bottom-left, y grows upwards).
 */

export interface PositionedText {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size in user space; the scale for every tolerance below. */
  size: number;
}

export interface TextLine {
  text: string;
  y: number;
  size: number;
}

/** Runs whose baselines differ by less than this share of the font size are one line (sub/superscripts). */
const SAME_LINE = 0.4;
/** A horizontal gap wider than this share of the font size separates two words. */
const WORD_GAP = 0.15;

export function groupLines(items: PositionedText[]): TextLine[] {
  const visible = items.filter((item) => item.text.length > 0);
  const byY = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PositionedText[][] = [];
  for (const item of byY) {
    const current = groups[groups.length - 1];
    const tolerance = SAME_LINE * Math.max(item.size, current?.[0].size ?? 0);
    if (current && Math.abs(current[0].y - item.y) <= tolerance) current.push(item);
    else groups.push([item]);
  }
  return groups
    .map((group) => {
      const runs = group.sort((a, b) => a.x - b.x);
      const size = Math.max(...runs.map((r) => r.size));
      return { text: joinRuns(runs, size), y: runs[0].y, size };
    })
    .filter((line) => line.text.length > 0);
}

function joinRuns(runs: PositionedText[], size: number): string {
  let text = '';
  let end = -Infinity;
  for (const run of runs) {
    const gap = run.x - end;
    const boundaryHasSpace = /\s$/.test(text) || /^\s/.test(run.text);
    if (text.length > 0 && !boundaryHasSpace && gap > WORD_GAP * size) text += ' ';
    text += run.text;
    end = Math.max(end, run.x + run.width);
  }
  return collapse(text);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A baseline step above this share of the usual step starts a paragraph... */
const PARAGRAPH_STEP = 1.3;
/** ...and so does any step above this share of the font size (a page of one-line paragraphs has no "usual" step). */
const PARAGRAPH_SIZE = 2;

/** The page's text: lines joined by spaces, paragraphs separated by a blank line. */
export function pageText(lines: TextLine[]): string {
  const steps = lines.slice(1).map((line, i) => lines[i].y - line.y);
  const usual = Math.min(...steps.filter((step, i) => step >= lines[i + 1].size));
  const paragraphs: string[][] = [];
  lines.forEach((line, i) => {
    const step = i === 0 ? Infinity : steps[i - 1];
    const breaks = i === 0 || step > PARAGRAPH_STEP * usual || step > PARAGRAPH_SIZE * line.size;
    if (breaks) paragraphs.push([line.text]);
    else paragraphs[paragraphs.length - 1].push(line.text);
  });
  return paragraphs.map(joinLines).join('\n\n');
}

/** A letter, a hyphen at the end of a line and a lowercase letter on the next: one word split in two. */
export function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (text.length === 0) text = line;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text += ` ${line}`;
  }
  return text;
}
