import { afterEach, describe, expect, it } from 'vitest';
import type { Api, ApiEventListener } from '../../../shared/api.js';
import type { PolicyImportRequest } from '../../../shared/api/policies.js';
import { ApiError } from '../../../shared/api-client.js';
import { setApiForTests } from '../../api/get-api.js';
import { useImportStore } from './import-store.js';

function fakeApi(importPolicy: (args: PolicyImportRequest, emit: ApiEventListener) => Promise<{ jobId: string }>) {
  const listeners = new Set<ApiEventListener>();
  const emit: ApiEventListener = (event) => listeners.forEach((l) => l(event));
  const calls: PolicyImportRequest[] = [];
  const api = {
    importPolicy: (args: PolicyImportRequest) => {
      calls.push(args);
      return importPolicy(args, emit);
    },
    cancelPolicyImport: async () => undefined,
    onEvent: (listener: ApiEventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // Only the members the store uses are needed.
  setApiForTests(api as unknown as Api);
  return { calls, emit };
}

const pdf = (name = 'p.pdf') => new File([new TextEncoder().encode('%PDF-1.7\nbody')], name, { type: 'application/pdf' });
const options = { extractor: 'heuristic' as const, model: 'ignored', fallback: true, connection: 'demo' };

afterEach(() => {
  useImportStore.getState().dispatch({ type: 'reset' });
  setApiForTests(null);
});

describe('import store', () => {
  it('sends the file as base64 with the options, and follows events that beat the reply', async () => {
    const { calls } = fakeApi(async (_args, emit) => {
      emit({ type: 'policy.progress', jobId: 'j1', fileName: 'p.pdf', progress: { phase: 'reading', page: 1, pageCount: 1, candidates: 0 } });
      emit({ type: 'policy.finished', jobId: 'j1', fileName: 'p.pdf', policyId: 'pol-1', alreadyImported: false, notes: [], error: null });
      return { jobId: 'j1' };
    });
    await useImportStore.getState().start(pdf(), options);
    expect(calls).toHaveLength(1);
    expect(atob(calls[0]!.dataBase64)).toBe('%PDF-1.7\nbody');
    // No model for the heuristic extractor; the connection is passed on.
    expect(calls[0]).toMatchObject({ fileName: 'p.pdf', extractor: 'heuristic', fallback: true, connection: 'demo' });
    expect(calls[0]!.model).toBeUndefined();
    expect(useImportStore.getState().job).toMatchObject({ kind: 'finished', policyId: 'pol-1' });
  });

  it('refuses a file that is not a PDF without calling the core', async () => {
    const { calls } = fakeApi(async () => ({ jobId: 'never' }));
    await useImportStore.getState().start(new File(['hello'], 'notes.pdf', { type: 'application/pdf' }), options);
    expect(calls).toHaveLength(0);
    expect(useImportStore.getState().job).toMatchObject({ kind: 'failed', error: { message: expect.stringMatching(/not one/) } });
  });

  it('shows the core refusal of the request', async () => {
    fakeApi(async () => {
      throw new ApiError({ code: 'NOT_FOUND', message: 'There is no connection "x".' });
    });
    await useImportStore.getState().start(pdf(), { ...options, extractor: 'ollama', model: ' llama3 ' });
    expect(useImportStore.getState().job).toMatchObject({ kind: 'failed', error: { code: 'NOT_FOUND', message: 'There is no connection "x".' } });
  });
});
