/**
 * What DuckDB's CSV sniffer is not trusted with. Given a file with one ragged line, the sniffer
 * either skips the lines before it or reads every line as one column, silently; so the
 * delimiter and encoding are chosen here from the head of the file, DuckDB is told them, and when
 * DuckDB still fails, the file is walked here to name the offending line.
 *
 * Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM, and Latin-1 for any file that is not
 * valid UTF-8 (Windows-1252 text reads as Latin-1 except for its 0x80–0x9F punctuation). Other
 * encodings need DuckDB's `encodings` extension, which is not available offline.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';

export type CsvEncoding = 'utf-8' | 'utf-16' | 'latin-1';

export interface CsvDialect {
  delimiter: string;
  encoding: CsvEncoding;
}

const HEAD_BYTES = 64 * 1024;
const CANDIDATES = [',', ';', '\t', '|'];

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function detectEncoding(head: Buffer): CsvEncoding {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'utf-16';
  // A multi-byte character may be cut at the end of the sample.
  const body = head.length === HEAD_BYTES ? head.subarray(0, head.length - 3) : head;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

function decoderFor(encoding: CsvEncoding, head: Buffer): TextDecoder {
  if (encoding === 'utf-16') return new TextDecoder(head[0] === 0xfe ? 'utf-16be' : 'utf-16le');
  return new TextDecoder(encoding === 'latin-1' ? 'latin1' : 'utf-8');
}

/** Counts the fields of each record in `text` (quotes with `"`, doubled to escape), with the line each record starts on. */
export class RecordCounter {
  private fields = 1;
  private inQuotes = false;
  private line = 1;
  private recordLine = 1;
  private empty = true;
  private lastWasCr = false;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: (fields: number, line: number) => boolean | void,
  ) {}

  /** Feeds text; returns false once `onRecord` asked to stop. */
  feed(text: string): boolean {
    for (const ch of text) {
      if (ch === '\n' && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = ch === '\r';
      if (this.inQuotes) {
        // A doubled quote closes and reopens: net effect is staying inside the field.
        if (ch === '"') this.inQuotes = false;
        else if (ch === '\n' || ch === '\r') this.line += 1;
        continue;
      }
      if (ch === '"') {
        this.inQuotes = true;
        this.empty = false;
      } else if (ch === this.delimiter) {
        this.fields += 1;
        this.empty = false;
      } else if (ch === '\n' || ch === '\r') {
        if (!this.end()) return false;
        this.line += 1;
        this.recordLine = this.line;
      } else {
        this.empty = false;
      }
    }
    return true;
  }

  /** Ends the current record (blank lines are not records). */
  end(): boolean {
    const keep = this.empty ? true : this.onRecord(this.fields, this.recordLine) !== false;
    this.fields = 1;
    this.empty = true;
    return keep;
  }
}

function chooseDelimiter(text: string): string {
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of CANDIDATES) {
    const counts: number[] = [];
    const counter = new RecordCounter(delimiter, (fields) => counts.push(fields) < 50);
    // The last line of the sample may be cut off: only complete records count.
    counter.feed(text.slice(0, Math.max(text.lastIndexOf('\n'), 0)) || text);
    const first = counts[0] ?? 1;
    if (first < 2) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

export function detectCsvDialect(path: string): CsvDialect {
  const head = readHead(path);
  const encoding = detectEncoding(head);
  const text = decoderFor(encoding, head).decode(head);
  return { delimiter: chooseDelimiter(text.replace(/^\uFEFF/, '')), encoding };
}

export interface RaggedLine {
  line: number;
  fields: number;
  expected: number;
}

/** The first record whose field count differs from the header's, or null when every record agrees. */
export async function findRaggedLine(path: string, dialect: CsvDialect): Promise<RaggedLine | null> {
  const head = readHead(path);
  const decoder = decoderFor(dialect.encoding, head);
  let expected: number | null = null;
  let found: RaggedLine | null = null;
  const counter = new RecordCounter(dialect.delimiter, (fields, line) => {
    if (expected === null) expected = fields;
    else if (fields !== expected) {
      found = { line, fields, expected };
      return false;
    }
    return true;
  });
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream) {
      if (!counter.feed(decoder.decode(chunk as Buffer, { stream: true }))) return found;
    }
    counter.feed(decoder.decode());
    counter.end();
    return found;
  } finally {
    stream.destroy();
  }
}
