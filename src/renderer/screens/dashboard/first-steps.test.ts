import { describe, expect, it } from 'vitest';
import { firstSteps, showFirstSteps } from './first-steps.js';

const counts = (connections: number, rules: number, activeRules: number, runs: number) => ({ connections, rules, activeRules, runs });

describe('firstSteps', () => {
  it('on a new workspace points to adding a connection first', () => {
    const steps = firstSteps(counts(0, 0, 0, 0));
    expect(steps.map((s) => s.state)).toEqual(['next', 'later', 'later']);
    expect(steps[0]!.link).toMatchObject({ screen: 'connections' });
    expect(steps[1]!.link).toMatchObject({ screen: 'rules', path: ['new'] });
    expect(steps[1]!.alternative).toMatchObject({ screen: 'policies' });
    expect(steps[2]!.link).toMatchObject({ screen: 'scans' });
  });

  it('moves on to rules once a connection exists', () => {
    const steps = firstSteps(counts(1, 0, 0, 0));
    expect(steps.map((s) => s.state)).toEqual(['done', 'next', 'later']);
    expect(steps[0]!.detail).toBe('1 connection added.');
  });

  it('asks to activate when rules exist but none is active', () => {
    const steps = firstSteps(counts(1, 3, 0, 0));
    expect(steps[1]!.state).toBe('next');
    expect(steps[1]!.detail).toContain('3 rules exist but none is active');
    expect(steps[1]!.link).toEqual({ screen: 'rules', path: [], label: 'Rules' });
    expect(steps[1]!.alternative).toBeUndefined();
  });

  it('points to the scan when connection and active rules are there', () => {
    expect(firstSteps(counts(2, 4, 4, 0)).map((s) => s.state)).toEqual(['done', 'done', 'next']);
  });

  it('marks a skipped step as next even when a later one is done', () => {
    expect(firstSteps(counts(0, 2, 2, 1)).map((s) => s.state)).toEqual(['next', 'done', 'done']);
  });

  it('is shown until a first scan has run', () => {
    expect(showFirstSteps({ runs: 0 })).toBe(true);
    expect(showFirstSteps({ runs: 1 })).toBe(false);
  });
});
