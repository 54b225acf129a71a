/**
 * A policy PDF as text per page, in reading order, without running headers and footers. Runs on
 * whichever thread calls it; `readPolicyPdfInWorker` is the one to call from the main thread.
 */
import { createHash } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError } from '../../../../shared/errors.js';
import type { PdfText, PolicyPage } from '../../../../shared/policy.js';
import { checkPdfBytes, pdfError } from './check-pdf-bytes.js';
import { dropRepeatedLines } from './repeated-lines.js';
import { groupLines, pageText } from './text-layout.js';
import type { PositionedText, TextLine } from './text-layout.js';

export interface ReadPdfOptions {
  password?: string;
  signal?: AbortSignal;
  onPage?: (page: number, pageCount: number) => void;
}

/** The part of a pdfjs text item we use; marked-content items have no `str`. */
interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

function isTextItem(item: object): item is TextItemLike {
  return 'str' in item && 'transform' in item;
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Reading the PDF was cancelled.');
}

/** pdfjs exceptions carry a `name` (and a `code` for passwords) rather than distinct classes we can import. */
function translate(error: unknown, password: string | undefined): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return password === undefined
      ? pdfError('encrypted', 'The PDF is password-protected: enter its password, or save an unprotected copy and import that.')
      : pdfError('encrypted', 'The PDF is password-protected and the password given is not correct: check it and try again.');
  }
  return pdfError('corrupt', `The PDF looks damaged or incomplete (${detail}): get the file again from its source.`, {
    cause: name || 'Error',
  });
}

async function openDocument(bytes: Uint8Array, password: string | undefined): Promise<PDFDocumentProxy> {
  // A copy, because pdfjs may take ownership of (detach) the buffer it is given.
  const task = getDocument({
    data: new Uint8Array(bytes),
    password,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  });
  return task.promise;
}

function positioned(item: TextItemLike): PositionedText {
  const [a, b, , , x, y] = item.transform;
  // The font size is the length of the text matrix's x axis (works for rotated runs too).
  const size = Math.hypot(a, b) || item.height;
  return { text: item.str, x, y, width: item.width, size };
}

async function readTitle(doc: PDFDocumentProxy): Promise<string | null> {
  const meta = await doc.getMetadata().catch(() => null);
  const info = meta?.info as { Title?: unknown } | undefined;
  const fromInfo = typeof info?.Title === 'string' ? info.Title.trim() : '';
  if (fromInfo) return fromInfo;
  const fromXmp = meta?.metadata?.get('dc:title');
  return typeof fromXmp === 'string' && fromXmp.trim() ? fromXmp.trim() : null;
}

export async function readPolicyPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfText> {
  const { password, signal, onPage } = options;
  if (signal?.aborted) throw cancelled();
  checkPdfBytes(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let doc: PDFDocumentProxy | undefined;
  try {
    doc = await openDocument(bytes, password);
    const pageCount = doc.numPages;
    if (pageCount === 0) throw pdfError('empty', 'The PDF has no pages: choose the policy\'s PDF file.');
    const lines: TextLine[][] = [];
    const withText: boolean[] = [];
    for (let number = 1; number <= pageCount; number++) {
      if (signal?.aborted) throw cancelled();
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) => (isTextItem(item) ? [item] : []));
      withText.push(items.some((item) => item.str.trim().length > 0));
      lines.push(groupLines(items.map(positioned)));
      page.cleanup();
      onPage?.(number, pageCount);
    }
    const title = await readTitle(doc);
    const pages: PolicyPage[] = dropRepeatedLines(lines).map((pageLines, i) => ({
      number: i + 1,
      text: pageText(pageLines),
      hasTextLayer: withText[i],
    }));
    return { sha256, pageCount, pages, title };
  } catch (error) {
    throw translate(error, password);
  } finally {
    await doc?.destroy();
  }
}
