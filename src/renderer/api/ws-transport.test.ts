import { describe, expect, it } from 'vitest';
import { createWsTransport, webHostSocketUrl, type WebSocketLike } from './ws-transport.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

describe('WebSocket transport', () => {
  it('derives the socket address from the page, passing its token on', () => {
    expect(webHostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4100', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:4100/api?token=a%2Bb');
    expect(webHostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4100', search: '' })).toBe('ws://127.0.0.1:4100/api');
  });

  it('queues calls until the socket opens, then matches replies to calls by id', async () => {
    const sockets: FakeSocket[] = [];
    const transport = createWsTransport({ url: 'ws://h/api', connect: () => (sockets.push(new FakeSocket()), sockets.at(-1)!) });
    const first = transport.invoke('getWorkspace', {});
    const second = transport.invoke('listRules', { status: 'active' });
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    const sent = sockets[0].sent.map((s) => JSON.parse(s) as { id: number; method: string; args: unknown });
    expect(sent.map((m) => m.method)).toEqual(['getWorkspace', 'listRules']);
    sockets[0].onmessage?.({ data: JSON.stringify({ id: sent[1].id, reply: { ok: true, value: 2 } }) });
    sockets[0].onmessage?.({ data: JSON.stringify({ id: sent[0].id, reply: { ok: true, value: 1 } }) });
    expect(await first).toEqual({ ok: true, value: 1 });
    expect(await second).toEqual({ ok: true, value: 2 });
    transport.close();
  });

  it('fails a call in flight when the connection drops, reconnects with backoff, and reports its status', async () => {
    const sockets: FakeSocket[] = [];
    const statuses: string[] = [];
    const transport = createWsTransport({ url: 'ws://h/api', connect: () => (sockets.push(new FakeSocket()), sockets.at(-1)!), initialBackoffMs: 5 });
    transport.onStatus((s) => statuses.push(s));
    sockets[0].open();
    const call = transport.invoke('getWorkspace', {});
    sockets[0].drop();
    const reply = await call;
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/may or may not have been done/) } });
    await expect.poll(() => sockets.length).toBe(2);
    sockets[1].open();
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
    transport.close();
    expect(transport.status).toBe('closed');
    expect(await transport.invoke('getWorkspace', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Reload the page/) } });
  });
});
