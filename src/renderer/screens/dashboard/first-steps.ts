import type { WorkspaceInfo } from '../../../shared/api/workspace.js';
import type { Screen } from '../../app/router.js';

export type StepState = 'done' | 'next' | 'later';

export interface FirstStep {
  id: 'connect' | 'rules' | 'scan';
  title: string;
  /** What the step means for this workspace now. */
  detail: string;
  state: StepState;
  /** Where the step is done. */
  link: { screen: Screen; path: string[]; label: string };
  /** Another way to do the same step. */
  alternative?: { screen: Screen; path: string[]; label: string };
}

type Counts = Pick<WorkspaceInfo['counts'], 'connections' | 'rules' | 'activeRules' | 'runs'>;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The three steps from a new workspace to a first dashboard, each marked done or not from the
 * workspace's counts; the first one not done is the one to do next.
 */
export function firstSteps(counts: Counts): FirstStep[] {
  const done = [counts.connections > 0, counts.activeRules > 0, counts.runs > 0];
  const nextIndex = done.indexOf(false);
  const state = (i: number): StepState => (done[i] ? 'done' : i === nextIndex ? 'next' : 'later');
  const rulesDetail =
    counts.activeRules > 0
      ? `${plural(counts.activeRules, 'rule is', 'rules are')} active.`
      : counts.rules > 0
        ? `${plural(counts.rules, 'rule exists', 'rules exist')} but none is active: activate one to scan it.`
        : 'Write a rule in the rule language, or import a policy PDF and accept the rules it proposes.';
  return [
    {
      id: 'connect',
      title: 'Add a connection',
      detail: done[0] ? `${plural(counts.connections, 'connection', 'connections')} added.` : 'Point PolicySentinel at a database to check: a SQLite file or a server. It only reads.',
      state: state(0),
      link: { screen: 'connections', path: [], label: done[0] ? 'Connections' : 'Add a connection' },
    },
    {
      id: 'rules',
      title: 'Write or import rules',
      detail: rulesDetail,
      state: state(1),
      link: counts.rules > 0 ? { screen: 'rules', path: [], label: 'Rules' } : { screen: 'rules', path: ['new'], label: 'Write a rule' },
      alternative: counts.rules > 0 ? undefined : { screen: 'policies', path: [], label: 'Import a policy PDF' },
    },
    {
      id: 'scan',
      title: 'Run a scan',
      detail: done[2] ? `${plural(counts.runs, 'scan', 'scans')} run.` : 'Check every active rule against its source; violations and figures then show here.',
      state: state(2),
      link: { screen: 'scans', path: [], label: 'Run a scan' },
    },
  ];
}

/** The steps are shown until the first scan has run. */
export function showFirstSteps(counts: Pick<Counts, 'runs'>): boolean {
  return counts.runs === 0;
}
