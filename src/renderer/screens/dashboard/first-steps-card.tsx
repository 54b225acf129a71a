import type { WorkspaceInfo } from '../../../shared/api/workspace.js';
import { routeHref } from '../../app/router.js';
import { firstSteps } from './first-steps.js';

const MARK = { done: '✓', next: '', later: '' } as const;

/** The way from a new workspace to a first dashboard: what is done, and a link to the next step. */
export function FirstStepsCard({ counts, empty }: { counts: WorkspaceInfo['counts']; empty: boolean }) {
  const steps = firstSteps(counts);
  return (
    <div className="card first-steps" data-testid="first-steps" data-empty={empty ? 'true' : undefined}>
      <h2 className="first-steps-title">{empty ? 'Nothing to report yet' : 'Almost there: no scan has run yet'}</h2>
      <p className="muted first-steps-intro">Three steps give you a dashboard: connect a database, write or import rules, then run a scan.</p>
      <ol className="first-steps-list">
        {steps.map((step, i) => (
          <li key={step.id} className={`first-step ${step.state}`} data-testid={`first-step-${step.id}`} data-state={step.state}>
            <span className="first-step-mark" aria-hidden="true">
              {MARK[step.state] || i + 1}
            </span>
            <div className="first-step-body">
              <strong>
                {step.title}
                {step.state === 'done' && <span className="visually-hidden"> (done)</span>}
              </strong>
              <span className="muted">{step.detail}</span>
            </div>
            <div className="first-step-actions">
              <a className={`button${step.state === 'next' ? ' primary' : ' small'}`} href={routeHref(step.link.screen, step.link.path)}>
                {step.link.label}
              </a>
              {step.alternative && (
                <a className={`button${step.state === 'next' ? '' : ' small'}`} href={routeHref(step.alternative.screen, step.alternative.path)}>
                  {step.alternative.label}
                </a>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
