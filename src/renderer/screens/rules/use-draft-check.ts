import { useEffect, useRef, useState } from 'react';
import type { RuleDraft, RuleProblem } from '../../../shared/api/rules.js';
import { getApi } from '../../api/get-api.js';

export interface DraftCheck {
  problems: RuleProblem[];
  /** True from the first keystroke until the answer for the latest draft arrives. */
  checking: boolean;
  /** The check itself failed (the host is gone), not the draft. */
  error: Error | null;
  /** Problems that came from elsewhere (a refused save or preview) until the next check. */
  setProblems(problems: RuleProblem[]): void;
}

/** Checks the draft against the live schema once typing pauses for `delayMs`; stale answers are dropped. */
export function useDraftCheck(draft: RuleDraft, delayMs = 300): DraftCheck {
  const [problems, setProblems] = useState<RuleProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const generation = useRef(0);
  const key = JSON.stringify(draft);

  useEffect(() => {
    const mine = ++generation.current;
    setChecking(true);
    const timer = setTimeout(() => {
      getApi()
        .checkRule({ draft })
        .then(
          (result) => {
            if (mine !== generation.current) return;
            setProblems(result.problems);
            setError(null);
            setChecking(false);
          },
          (e: unknown) => {
            if (mine !== generation.current) return;
            setError(e instanceof Error ? e : new Error(String(e)));
            setChecking(false);
          },
        );
    }, delayMs);
    return () => clearTimeout(timer);
    // The serialized draft is the dependency: a new object with the same content is not a change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, delayMs]);

  return { problems, checking, error, setProblems };
}
