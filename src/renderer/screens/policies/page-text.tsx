import { useEffect, useRef } from 'react';
import type { PolicyPage } from '../../../shared/policy.js';
import { findQuote, highlightSegments } from './quote-highlight.js';

interface Props {
  pages: PolicyPage[];
  page: number;
  /** The selected candidate's quote, highlighted when it is on this page. */
  quote: { text: string; page: number } | null;
  onPage(page: number): void;
}

/** One page of the policy as text, the quote marked, with page navigation. */
export function PageText({ pages, page, quote, onPage }: Props) {
  const current = pages.find((p) => p.number === page) ?? null;
  const range = current && quote && quote.page === page ? findQuote(current.text, quote.text) : null;
  const mark = useRef<HTMLElement>(null);
  const body = useRef<HTMLPreElement>(null);

  // Scrolls the page text only (not the whole screen) so the quote sits in the upper third.
  useEffect(() => {
    if (!body.current) return;
    body.current.scrollTop = mark.current ? Math.max(0, mark.current.offsetTop - body.current.clientHeight / 3) : 0;
  }, [page, range?.start, quote?.text]);

  if (pages.length === 0) return <p className="muted">This policy has no pages.</p>;
  const last = pages[pages.length - 1]?.number ?? 1;

  return (
    <div className="card page-panel" data-testid="page-text" data-page={page}>
      <div className="row page-nav">
        <button type="button" className="button small" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page" data-testid="page-prev">
          ‹ Previous
        </button>
        <label className="page-select">
          <span>Page</span>
          <select value={page} onChange={(e) => onPage(Number(e.target.value))} data-testid="page-select">
            {pages.map((p) => (
              <option key={p.number} value={p.number}>
                {p.number}
              </option>
            ))}
          </select>
          <span>of {last}</span>
        </label>
        <button type="button" className="button small" onClick={() => onPage(page + 1)} disabled={page >= last} aria-label="Next page" data-testid="page-next">
          Next ›
        </button>
        <span className="spacer" />
        {quote && quote.page !== page && (
          <button type="button" className="button small ghost" onClick={() => onPage(quote.page)}>
            Back to the quote (p. {quote.page})
          </button>
        )}
      </div>
      {quote && quote.page === page && !range && (
        <p className="field-error" data-testid="quote-not-found">
          The quote could not be found word for word on this page; it is shown above with the candidate.
        </p>
      )}
      {current && !current.hasTextLayer ? (
        <p className="muted">This page is a scanned image without text: nothing on it could be read.</p>
      ) : (
        <pre ref={body} className="pre page-body" tabIndex={0} aria-label={`Text of page ${page}`}>
          {highlightSegments(current?.text ?? '', range).map((s, i) =>
            s.mark ? (
              <mark key={i} ref={mark} data-testid="quote-mark">
                {s.text}
              </mark>
            ) : (
              <span key={i}>{s.text}</span>
            ),
          )}
        </pre>
      )}
    </div>
  );
}
