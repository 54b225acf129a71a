/**
 * Policy PDFs made on the spot with pdfkit, so tests never depend on downloaded files. Each generator
 * documents the exact text a reader should get back.
 */
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

export interface WritePolicyPdfOptions {
  title?: string;
  /** Printed at the top of every page. */
  header?: string;
  /** Printed at the bottom of every page; `{page}` and `{pages}` are replaced. */
  footer?: string;
  userPassword?: string;
  fontSize?: number;
}

type Doc = InstanceType<typeof PDFDocument>;

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function newDoc(options: { title?: string; userPassword?: string }): Doc {
  return new PDFDocument({
    size: 'LETTER',
    margin: 72,
    autoFirstPage: false,
    info: options.title ? { Title: options.title } : {},
    // Encryption needs PDF 1.4+; pdfkit picks RC4-128 for 1.4.
    ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.4' as const } : {}),
  });
}

/** Text outside the body margins; without lineBreak:false pdfkit would start a new page for it. */
function marginText(doc: Doc, text: string, y: number): void {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.fontSize(9).text(text, 72, y, { lineBreak: false });
  doc.page.margins.bottom = bottom;
}

/**
 * One page per entry of `pages`, each a list of paragraphs separated by a blank line. A `\n` inside a
 * paragraph forces a line break there (that is how a hyphenated break is made).
 */
export async function writePolicyPdf(pages: string[][], options: WritePolicyPdfOptions = {}): Promise<Buffer> {
  const doc = newDoc(options);
  const done = collect(doc);
  const fontSize = options.fontSize ?? 11;
  pages.forEach((paragraphs, index) => {
    doc.addPage();
    if (options.header) marginText(doc, options.header, 36);
    if (options.footer) {
      const text = options.footer.replace('{page}', String(index + 1)).replace('{pages}', String(pages.length));
      marginText(doc, text, doc.page.height - 48);
    }
    doc.font('Helvetica').fontSize(fontSize);
    doc.x = 72;
    doc.y = 72;
    paragraphs.forEach((paragraph, i) => {
      if (i > 0) doc.moveDown(1);
      doc.text(paragraph, 72, doc.y, { width: doc.page.width - 144 });
    });
  });
  doc.end();
  return done;
}

export const POLICY_TITLE = 'Travel and Expense Policy';
export const POLICY_HEADER = 'Company Confidential';

/** The paragraphs of `multiPagePolicyPdf`, per page, as a reader should return them. */
export const POLICY_PAGES_TEXT: string[][] = [
  [
    '1. Purpose. This policy applies to every employee and co-worker who travels on company business.',
    'Expenses are reimbursed only when a receipt is attached to the claim.',
  ],
  [
    '2. Meals. Meal expenses over $75 per person must be approved by a manager.',
    'Claims must be submitted within 30 days of the expense date.',
  ],
  [
    '3. Travel. Economy class is required for flights shorter than six hours.',
    'Hotel stays may not exceed $250 per night without prior approval.',
  ],
  ['4. Sanctions. Violations of this policy may lead to disciplinary action.'],
];

/**
 * Four pages with a header and a "Page N of 4" footer on each; page 1 breaks "reim-" / "bursed"
 * across lines, and keeps "co-worker" mid-line.
 */
export function multiPagePolicyPdf(): Promise<Buffer> {
  const pages = POLICY_PAGES_TEXT.map((paragraphs) => [...paragraphs]);
  pages[0][1] = 'Expenses are reim-\nbursed only when a receipt is attached to the claim.';
  return writePolicyPdf(pages, { title: POLICY_TITLE, header: POLICY_HEADER, footer: 'Page {page} of {pages}' });
}

export const TABLE_ROWS: string[][] = [
  ['Category', 'Limit', 'Approver'],
  ['Meals', '$75', 'Manager'],
  ['Hotel', '$250', 'Director'],
  ['Airfare', '$1,500', 'CFO'],
];

/** The text a reader should return for `tablePdf`: a heading paragraph, then the rows left to right. */
export const TABLE_TEXT = [
  'Approval limits by category:',
  TABLE_ROWS.map((row) => row.join(' ')).join(' '),
].join('\n\n');

/** One page: a heading, then a table drawn cell by cell (columns at fixed x, drawn column-first). */
export async function tablePdf(): Promise<Buffer> {
  const doc = newDoc({});
  const done = collect(doc);
  doc.addPage();
  doc.font('Helvetica').fontSize(11);
  doc.text('Approval limits by category:', 72, 72);
  const columns = [72, 220, 340];
  const top = 72 + 11 * 1.16 * 2 + 8;
  // Column by column, so the content stream's order differs from the reading order.
  columns.forEach((x, c) => {
    TABLE_ROWS.forEach((row, r) => {
      doc.text(row[c], x, top + r * 16, { lineBreak: false });
    });
  });
  doc.end();
  return done;
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A grey-striped 8-bit greyscale PNG, standing in for a scanned sheet. */
export function stripedPng(width = 120, height = 160): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = y % 8 < 2 ? 40 : 235;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

export const SCANNED_PAGE_TEXT = 'This page has text; the next one is a scanned image.';

/** Two pages: page 1 has a text layer, page 2 only an image. */
export async function scannedPagePdf(): Promise<Buffer> {
  const doc = newDoc({});
  const done = collect(doc);
  doc.addPage();
  doc.font('Helvetica').fontSize(11).text(SCANNED_PAGE_TEXT, 72, 72);
  doc.addPage();
  doc.image(stripedPng(), 72, 72, { width: 468 });
  doc.end();
  return done;
}

export const ENCRYPTED_PASSWORD = 'audit-2024';
export const ENCRYPTED_TEXT = 'Access reviews must be completed every quarter.';

export function encryptedPdf(): Promise<Buffer> {
  return writePolicyPdf([[ENCRYPTED_TEXT]], { userPassword: ENCRYPTED_PASSWORD });
}

/** The first half of a valid policy, as left by an interrupted download. */
export async function truncatedPdf(): Promise<Buffer> {
  const whole = await multiPagePolicyPdf();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A valid small PDF followed by padding past 50 MB (cheap: one zero-filled allocation). */
export async function oversizedPdf(size = 51 * 1024 * 1024): Promise<Buffer> {
  const small = await writePolicyPdf([['This file is padded far beyond the size limit.']]);
  const padded = Buffer.alloc(size, 0x20);
  small.copy(padded, 0);
  return padded;
}

/** A minimal stored (uncompressed) ZIP holding one file, as in an OOXML document. */
function zipWith(name: string, content: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const data = Buffer.from(content, 'utf8');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

/** What a Word document renamed to .pdf looks like: a ZIP whose first entry is [Content_Types].xml. */
export function renamedDocx(): Buffer {
  return zipWith(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
}

/** The paragraphs of page `p` of `longPolicyPdf`: purchasing rules, different numbers on every page. */
export function longPolicyParagraphs(p: number): string[] {
  return [
    `${p}.1 Section ${p}. Purchases over $${500 + p} must be approved by a budget holder before the order is placed, and the approval must be recorded in the purchasing system.`,
    `${p}.2 Invoices must be paid within ${30 + (p % 15)} days of receipt. Payments to a supplier that is not on the approved supplier list are prohibited unless the finance director has signed an exception.`,
    `${p}.3 Records supporting these transactions shall be retained for at least seven years and may not be destroyed while an audit or legal hold is pending.`,
    `${p}.4 Cardholders may not split a purchase to stay below a limit. Cash advances on a purchasing card are not permitted under any circumstances.`,
  ];
}

/** `pageCount` pages of realistic policy prose with a running header and footer, for timing extraction. */
export function longPolicyPdf(pageCount: number): Promise<Buffer> {
  const pages = Array.from({ length: pageCount }, (_, i) => longPolicyParagraphs(i + 1));
  return writePolicyPdf(pages, { title: 'Purchasing Policy', header: POLICY_HEADER, footer: 'Page {page} of {pages}' });
}
