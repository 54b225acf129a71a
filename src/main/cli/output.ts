/** Where command output goes: the result on stdout (JSON or text), everything else on stderr. */
export interface Output {
  json: boolean;
  /** The command's result. In JSON mode the value is printed as one JSON document. */
  result(value: unknown, text: () => string): void;
  /** A human note (progress, warnings); always stderr so stdout stays machine-readable. */
  note(message: string): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    json,
    result(value, text) {
      stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
    },
    note(message) {
      stderr.write(`${message}\n`);
    },
  };
}

/** A plain text table: columns padded to the widest cell, long cells cut with an ellipsis. */
export function table(headers: string[], rows: Array<Array<string | number | null>>, maxWidth = 60): string {
  const cells = rows.map((r) => r.map((c) => {
    const s = c === null ? '' : String(c);
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  }));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
