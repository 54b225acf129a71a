import { create } from 'zustand';
import { getApi } from '../../api/get-api.js';
import { reduceScanEvent, type ActiveScan } from './scan-progress.js';

interface ActiveScanState {
  scan: ActiveScan | null;
  /** An error from starting or cancelling, shown beside the button that caused it. */
  error: string | null;
  start(ruleIds?: string[]): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

let subscribed = false;

/** The scan in progress, fed by core events, so its progress survives moving between screens. */
export const useActiveScan = create<ActiveScanState>((set, get) => ({
  scan: null,
  error: null,
  async start(ruleIds) {
    set({ error: null });
    try {
      const { runId } = await getApi().startScan(ruleIds ? { ruleIds } : {});
      // The started event normally arrives first; this covers a transport that delivers it late.
      if (get().scan?.runId !== runId) set({ scan: { runId, ruleCount: ruleIds?.length ?? 0, progress: null, finished: null, cancelling: false, updates: 0 } });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  async cancel() {
    const scan = get().scan;
    if (!scan || scan.finished) return;
    set({ scan: { ...scan, cancelling: true }, error: null });
    try {
      await getApi().cancelScan({ runId: scan.runId });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  dismiss() {
    if (get().scan?.finished) set({ scan: null });
  },
}));

/** Starts listening once; picks up a scan already running when the window opens. */
export function connectActiveScan(): void {
  if (subscribed) return;
  subscribed = true;
  const api = getApi();
  api.onEvent((event) => {
    const next = reduceScanEvent(useActiveScan.getState().scan, event);
    if (next !== useActiveScan.getState().scan) useActiveScan.setState({ scan: next });
  });
  api.activeScan({}).then(
    (active) => {
      if (active && !useActiveScan.getState().scan) {
        useActiveScan.setState({ scan: { runId: active.runId, ruleCount: active.progress?.ruleCount ?? 0, progress: active.progress, finished: null, cancelling: false, updates: 0 } });
      }
    },
    () => undefined,
  );
}
