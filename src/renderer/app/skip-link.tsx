import type { MouseEvent } from 'react';

/**
 * The first stop of the Tab key: jumps past the sidebar to the screen. The address holds the route
 * (`#/screen`), so a plain `href="#main"` would navigate away: focus the content instead.
 */
export function SkipLink({ targetId }: { targetId: string }) {
  const skip = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    // The target has tabIndex -1: focusing it makes the next Tab land on the screen's first control.
    document.getElementById(targetId)?.focus();
  };
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={skip} data-testid="skip-link">
      Skip to content
    </a>
  );
}
