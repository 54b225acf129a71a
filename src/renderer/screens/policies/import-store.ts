import { create } from 'zustand';
import type { ExtractorKind } from '../../../shared/policy.js';
import { ApiError } from '../../../shared/api-client.js';
import { getApi } from '../../api/get-api.js';
import { useRouter } from '../../app/router.js';
import { importReducer, type ImportAction, type ImportJob } from './import-job.js';
import { readPdfFile } from './pdf-file.js';

export interface ImportOptions {
  extractor: ExtractorKind;
  model: string;
  fallback: boolean;
  connection: string;
}

interface ImportStore {
  job: ImportJob;
  dispatch(action: ImportAction): void;
  start(file: File, options: ImportOptions): Promise<void>;
  cancel(): Promise<void>;
}

let unsubscribe: (() => void) | null = null;

/**
 * The current import lives outside the screen, so leaving the page neither loses its progress nor
 * its outcome; a new policy opens by itself when the user is still on the policies screen.
 */
export const useImportStore = create<ImportStore>((set, get) => ({
  job: { kind: 'idle' },
  dispatch(action) {
    const before = get().job;
    const job = importReducer(before, action);
    set({ job });
    if (job.kind === 'finished' && before.kind !== 'finished' && !job.alreadyImported) {
      const route = useRouter.getState().route;
      if (route.screen === 'policies') useRouter.getState().navigate('policies', [job.policyId]);
    }
  },
  async start(file, options) {
    const { dispatch } = get();
    if (get().job.kind === 'starting' || get().job.kind === 'running') return;
    unsubscribe ??= getApi().onEvent((event) => get().dispatch({ type: 'event', event }));
    dispatch({ type: 'start', fileName: file.name });
    try {
      const dataBase64 = await readPdfFile(file);
      const { jobId } = await getApi().importPolicy({
        fileName: file.name,
        dataBase64,
        extractor: options.extractor,
        fallback: options.fallback,
        ...(options.extractor === 'ollama' && options.model.trim() ? { model: options.model.trim() } : {}),
        ...(options.connection ? { connection: options.connection } : {}),
      });
      dispatch({ type: 'started', jobId });
    } catch (e) {
      const error = e instanceof ApiError ? { code: e.code, message: e.message, details: e.details } : { code: 'INVALID_INPUT' as const, message: e instanceof Error ? e.message : String(e) };
      dispatch({ type: 'refused', fileName: file.name, error });
    }
  },
  async cancel() {
    const job = get().job;
    if (job.kind !== 'running') return;
    get().dispatch({ type: 'cancelling' });
    try {
      await getApi().cancelPolicyImport({ jobId: job.jobId });
    } catch (e) {
      // The job may have ended on its own meanwhile; its finished event says how.
      const error = e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'INTERNAL' as const, message: String(e) };
      if (get().job.kind === 'running') get().dispatch({ type: 'refused', fileName: job.fileName, error });
    }
  },
}));
