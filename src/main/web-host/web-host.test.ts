import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent, ApiMethods } from '../../shared/api.js';
import { ApiError, createApiClient } from '../../shared/api-client.js';
import { AppError } from '../../shared/errors.js';
import { createWsTransport, type WebSocketLike } from '../../renderer/api/ws-transport.js';
import { tempDir } from '../../../test-support/cli-harness.js';
import { bindApi } from '../host/bind-api.js';
import { createEventHub } from '../host/event-hub.js';
import { startWebHost, type WebHost } from './web-host.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status the upgrade got (101 when accepted). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

const connect = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;

describe('web host', () => {
  const tmp = tempDir('web-host');
  const root = join(tmp.dir, 'renderer');
  const events = createEventHub();
  let host: WebHost;
  let cookie: string;

  const fakeApi = {
    async getWorkspace() {
      return { path: '/w.psw', fileName: 'w.psw' };
    },
    async getRule(args: { id: string }) {
      throw new AppError('NOT_FOUND', `There is no rule "${args.id}".`);
    },
    async checkRule(args: { text: string }) {
      return { length: args.text.length };
    },
  } as unknown as ApiMethods;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>PolicySentinel</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(tmp.dir, 'secret.txt'), 'SECRET');
    symlinkSync(join(tmp.dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
    host = await startWebHost({ dispatch: bindApi(fakeApi), subscribe: events.subscribe, rendererDir: root });
  });
  afterAll(async () => {
    await host.close();
    tmp.remove();
  });

  it('refuses the page without the token and serves it, with a strict cookie and CSP, with it', async () => {
    expect((await get(host.port, '/')).status).toBe(403);
    expect((await get(host.port, '/?token=wrong')).status).toBe(403);
    const ok = await get(host.port, `/?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>PolicySentinel</title>');
    expect(ok.headers['content-type']).toBe('text/html; charset=utf-8');
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toContain(host.token);
    expect(ok.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${host.port}; object-src 'none'; frame-ancestors 'none'`,
    );
    cookie = setCookie.split(';')[0];
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves other files only with the cookie, with their content types', async () => {
    expect((await get(host.port, '/assets/app.js')).status).toBe(403);
    const js = await get(host.port, '/assets/app.js', { cookie });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(host.port, '/assets/app.css', { cookie })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(host.port, '/assets/missing.js', { cookie })).status).toBe(404);
    // The cookie of a host on another port does not open this one.
    expect((await get(host.port, '/assets/app.js', { cookie: `policysentinel_1=${host.token}` })).status).toBe(403);
  });

  it('refuses a foreign Host or Origin even with the token (DNS rebinding, other pages)', async () => {
    const path = `/?token=${host.token}`;
    expect((await get(host.port, path, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, path, { host: `localhost:${host.port}` })).status).toBe(403);
    expect((await get(host.port, path, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.port, path, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets/link.txt', '/%00index.html']) {
      const answer = await get(host.port, path, { cookie });
      expect(answer.body, path).not.toContain('SECRET');
      expect(answer.status, path).toBe(404);
    }
  });

  it('refuses WebSocket upgrades without the token, from another origin, or at another path', async () => {
    const base = `ws://127.0.0.1:${host.port}`;
    expect(await upgradeStatus(`${base}/api`)).toBe(403);
    expect(await upgradeStatus(`${base}/api?token=nope`)).toBe(403);
    expect(await upgradeStatus(`${base}/api?token=${host.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}/other?token=${host.token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/api`, { cookie })).toBe(101);
    expect(await upgradeStatus(`${base}/api?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })).toBe(101);
  });

  it('answers calls through the browser transport: values, errors with codes, unknown methods', async () => {
    const transport = createWsTransport({ url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`, connect });
    try {
      const api = createApiClient(transport);
      expect(await api.getWorkspace({})).toEqual({ path: '/w.psw', fileName: 'w.psw' });
      const error = await api.getRule({ id: 'nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'There is no rule "nope".' });
      // A method the fake does not implement is a contract method: the core answers INTERNAL, not a crash.
      expect(await transport.invoke('listRules', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      const unknown = await transport.invoke('dispose' as never, {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      // Several calls in flight come back to their own callers.
      const texts = ['a', 'bb', 'ccc', 'dddd'];
      const lengths = await Promise.all(texts.map((text) => transport.invoke('checkRule', { text })));
      expect(lengths).toEqual(texts.map((t) => ({ ok: true, value: { length: t.length } })));
    } finally {
      transport.close();
    }
  });

  it('carries a large argument (megabytes of base64)', async () => {
    const transport = createWsTransport({ url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`, connect });
    try {
      const text = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64');
      expect(await transport.invoke('checkRule', { text })).toEqual({ ok: true, value: { length: text.length } });
    } finally {
      transport.close();
    }
  });

  it('delivers core events to every connected window and stops after it closes', async () => {
    const a = createWsTransport({ url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`, connect });
    const b = createWsTransport({ url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`, connect });
    const gotA: ApiEvent[] = [];
    const gotB: ApiEvent[] = [];
    a.subscribe((e) => gotA.push(e));
    b.subscribe((e) => gotB.push(e));
    await Promise.all([a.invoke('getWorkspace', {}), b.invoke('getWorkspace', {})]);
    events.emit({ type: 'data.changed', what: 'rules' });
    await expect.poll(() => gotA.length + gotB.length).toBe(2);
    expect(gotA[0]).toEqual({ type: 'data.changed', what: 'rules' });
    a.close();
    b.close();
    await expect.poll(() => events.listenerCount).toBe(0);
  });

  it('fails calls with a clear message once the host is gone', async () => {
    const other = await startWebHost({ dispatch: bindApi(fakeApi), subscribe: events.subscribe, rendererDir: root });
    const transport = createWsTransport({ url: `ws://127.0.0.1:${other.port}/api?token=${other.token}`, connect, connectTimeoutMs: 300, initialBackoffMs: 20 });
    try {
      expect(await transport.invoke('getWorkspace', {})).toMatchObject({ ok: true });
      await other.close();
      await expect.poll(() => transport.status).toBe('reconnecting');
      const reply = await transport.invoke('getWorkspace', {});
      expect(reply.ok).toBe(false);
      expect(reply.ok ? '' : reply.error.message).toMatch(/not answering.*stopped/);
    } finally {
      transport.close();
    }
  });

  it('says so when the port asked for is taken', async () => {
    await expect(startWebHost({ dispatch: bindApi(fakeApi), subscribe: events.subscribe, rendererDir: root, port: host.port })).rejects.toThrow(
      new RegExp(`Port ${host.port} on 127.0.0.1 is already in use`),
    );
  });
});
