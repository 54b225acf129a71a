import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, isLoopback } from './request-guard.js';

const identity = { port: 4100, token: 'T'.repeat(43) };

function req(remoteAddress: string, headers: Record<string, string>, url = `/?token=${identity.token}`): IncomingMessage {
  return { socket: { remoteAddress }, headers, url } as unknown as IncomingMessage;
}

describe('request guard', () => {
  it('knows loopback addresses, IPv4-mapped included', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address), address).toBe(true);
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '', undefined]) expect(isLoopback(address), String(address)).toBe(false);
  });

  it('refuses a request from another machine even with the right token, host and origin', () => {
    const headers = { host: '127.0.0.1:4100', origin: 'http://127.0.0.1:4100' };
    expect(checkRequest(req('192.168.1.20', headers), identity)).toEqual({ ok: false, reason: 'not from this machine' });
    expect(checkRequest(req('127.0.0.1', headers), identity)).toEqual({ ok: true, tokenInQuery: true });
  });

  it('accepts the token from its own cookie among others, and refuses a token of another length', () => {
    const cookie = `a=b; policysentinel_4100=${identity.token}; c=d`;
    expect(checkRequest(req('127.0.0.1', { host: '127.0.0.1:4100', cookie }, '/x.js'), identity)).toEqual({ ok: true, tokenInQuery: false });
    expect(checkRequest(req('127.0.0.1', { host: '127.0.0.1:4100' }, '/?token=T'), identity)).toMatchObject({ ok: false });
    expect(checkRequest(req('127.0.0.1', { host: '127.0.0.1:4100', origin: 'null' }), identity)).toMatchObject({ ok: false, reason: 'foreign Origin' });
  });
});
