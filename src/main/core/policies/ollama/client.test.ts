import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { startOllamaTestServer, type OllamaTestServer } from '../../../../../test-support/ollama-server.js';
import { createOllamaClient, ensureModel, sameModel, streamChat } from './client.js';

describe('ollama client helpers against the test double', () => {
  let server: OllamaTestServer;
  beforeAll(async () => {
    server = await startOllamaTestServer({ models: ['llama3.1'] });
  });
  afterAll(async () => {
    await server.close();
  });
  const chat = (model: string) =>
    streamChat({ model, messages: [{ role: 'user', content: 'hi' }], format: { type: 'object' }, numCtx: 4096 }, server.url, undefined, () => undefined);

  it('treats a name without a tag as :latest', async () => {
    expect(sameModel('llama3.1', 'llama3.1:latest')).toBe(true);
    expect(sameModel('llama3.1:8b', 'llama3.1:latest')).toBe(false);
    await expect(ensureModel(server.url, 'llama3.1')).resolves.toBeUndefined();
    await expect(ensureModel(server.url, 'llama3.1:70b')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Model "llama3.1:70b" is not installed in Ollama. Run: ollama pull llama3.1:70b' });
  });

  it('maps the 404 of an unknown model in a chat to NOT_FOUND', async () => {
    const error = await chat('phi3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Model "phi3" is not installed in Ollama. Run: ollama pull phi3' });
  });

  it('maps other server errors to SOURCE_ERROR with the server message', async () => {
    server.enqueue({ kind: 'error', status: 500, error: 'out of memory' });
    await expect(chat('llama3.1')).rejects.toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringContaining('out of memory') as unknown });
  });

  it('joins the streamed pieces into one answer', async () => {
    server.enqueue({ kind: 'content', content: '{"a": "bcdefgh"}', pieces: 4 });
    const seen: string[] = [];
    const text = await streamChat({ model: 'llama3.1', messages: [], format: {}, numCtx: 4096 }, server.url, undefined, (t) => seen.push(t));
    expect(text).toBe('{"a": "bcdefgh"}');
    // Four pieces and the closing `done` message, which carries no text.
    expect(seen).toHaveLength(5);
    expect(seen[0]).toBe('{"a"');
  });

  it('answers /api/version and 404 for other routes', async () => {
    expect(await createOllamaClient(server.url).version()).toEqual({ version: '0.0.0-test-double' });
    const res = await fetch(`${server.url}/api/pull`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
