import type { RunDetail, ScanProgress, ScansApi } from '../../../shared/api/scans.js';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import { runScan } from '../scan/run-scan.js';
import { RunStore } from '../scan/run-store.js';
import type { ApiContext, ScanRequest } from './api-context.js';

const log = createLogger('api.scans');

/** At most about ten progress events a second: a window repaints, it does not need every batch. */
export const PROGRESS_INTERVAL_MS = 100;

interface ActiveScan {
  runId: number | null;
  controller: AbortController;
  progress: ScanProgress | null;
  done: Promise<void>;
}

/**
 * Progress throttled per run: the first event of a rule and its `done` always pass, the rest at most
 * one per interval.
 */
export function throttleProgress(emit: (progress: ScanProgress) => void, now: () => number = () => performance.now()): (progress: ScanProgress) => void {
  let last = Number.NEGATIVE_INFINITY;
  let rule = -1;
  return (progress) => {
    const t = now();
    const boundary = progress.phase === 'done' || progress.ruleIndex !== rule;
    if (!boundary && t - last < PROGRESS_INTERVAL_MS) return;
    rule = progress.ruleIndex;
    last = t;
    emit(progress);
  };
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export function createScansApi(ctx: ApiContext): ScansApi & { dispose(): Promise<void> } {
  // One scan at a time per process: two writers to the same violations would fight over them.
  let active: ActiveScan | null = null;

  const api: ScansApi = {
    async startScan({ ruleIds }) {
      if (active) {
        const which = active.runId === null ? 'starting' : `run ${active.runId}`;
        throw new AppError('INVALID_INPUT', `A scan is already running (${which}); wait for it to finish or cancel it first.`, { runId: active.runId });
      }
      const controller = new AbortController();
      const scan: ActiveScan = { runId: null, controller, progress: null, done: Promise.resolve() };
      active = scan;
      const progress = throttleProgress((p) => {
        ctx.emit({ type: 'scan.progress', progress: p });
      });
      let started!: (runId: number) => void;
      const runIdKnown = new Promise<number>((resolve) => {
        started = resolve;
      });
      const request: ScanRequest = {
        ruleIds: ruleIds && ruleIds.length > 0 ? ruleIds : undefined,
        trigger: 'app',
        actor: ctx.actor,
        signal: controller.signal,
        onRunStarted: (runId, ruleCount) => {
          scan.runId = runId;
          ctx.emit({ type: 'scan.started', runId, ruleCount });
          ctx.emit({ type: 'data.changed', what: 'runs' });
          started(runId);
        },
        onProgress: (p) => {
          scan.progress = p;
          progress(p);
        },
      };
      const running = ctx.runScan ? ctx.runScan(request) : runScan(ctx.ws, { ...request, openSource: ctx.openSource });
      const release = (): void => {
        if (active === scan) active = null;
      };
      scan.done = running.then(
        (result) => {
          // Free before telling anyone, so a window may start the next scan on `scan.finished`.
          release();
          ctx.emit({ type: 'scan.finished', run: result.run });
          ctx.emit({ type: 'data.changed', what: 'runs' });
          ctx.emit({ type: 'data.changed', what: 'violations' });
        },
        (error: unknown) => {
          release();
          // Before the run row exists (an unknown or inactive rule) the error goes to the caller below.
          if (scan.runId === null) return;
          const text = error instanceof Error ? error.message : String(error);
          log.error('scan failed', { runId: scan.runId, error: text });
          // The scanner records rule failures itself; this is the unexpected rest. Close the run so no
          // window waits for it forever.
          const figures = { recordsScanned: 0, violationsNew: 0, violationsOpen: 0, violationsResolved: 0 };
          new RunStore(ctx.ws.db).finish(scan.runId, 'failed', figures, ctx.ws.now(), 0, `The scan stopped unexpectedly: ${text}`);
          const run = ctx.ws.runs.get(scan.runId);
          if (run) ctx.emit({ type: 'scan.finished', run });
          ctx.emit({ type: 'data.changed', what: 'runs' });
        },
      );
      // runScan creates the run row before its first await, so one of the two settles at once.
      try {
        const first = await Promise.race([runIdKnown, running.then(() => null)]);
        if (first === null) throw new AppError('INTERNAL', 'The scan ended before its run was recorded.');
        return { runId: first };
      } catch (error) {
        release();
        throw error;
      }
    },

    async cancelScan({ runId }) {
      if (!active || active.runId !== runId) {
        const run = ctx.ws.runs.get(runId);
        if (!run) throw new AppError('NOT_FOUND', `There is no run ${runId}.`, { runId });
        // Already over: nothing to stop, and no reason to fail the click that raced it.
        return;
      }
      active.controller.abort();
      await active.done;
    },

    async activeScan() {
      if (!active || active.runId === null) return null;
      return { runId: active.runId, progress: active.progress };
    },

    async listRuns({ limit, offset }) {
      const take = clampInt(limit, 50, 1, 500);
      const skip = clampInt(offset, 0, 0, Number.MAX_SAFE_INTEGER);
      const total = (ctx.ws.db.prepare('SELECT count(*) FROM runs').pluck().get() as number) ?? 0;
      const ids = ctx.ws.db.prepare('SELECT id FROM runs ORDER BY id DESC LIMIT ? OFFSET ?').pluck().all(take, skip) as number[];
      return { runs: ids.map((id) => ctx.ws.runs.get(id)!), total };
    },

    async getRun({ id }): Promise<RunDetail> {
      const run = ctx.ws.runs.get(id);
      if (!run) throw new AppError('NOT_FOUND', `There is no run ${id}. Reload the list of runs.`, { runId: id });
      const titles = new Map(
        (ctx.ws.db.prepare('SELECT r.id, r.title FROM rules r JOIN run_rules rr ON rr.rule_id = r.id WHERE rr.run_id = ?').all(id) as Array<{ id: string; title: string }>).map(
          (r) => [r.id, r.title],
        ),
      );
      return { run, rules: ctx.ws.runs.ruleResults(id).map((r) => ({ ...r, title: titles.get(r.id) ?? null })) };
    },
  };

  return {
    ...api,
    /** Cancels a running scan and waits for it to record how it ended. */
    async dispose() {
      const scan = active;
      if (!scan) return;
      scan.controller.abort();
      await scan.done;
    },
  };
}
