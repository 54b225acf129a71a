import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a request must carry to be let in; one per start of the host. */
export interface HostIdentity {
  port: number;
  token: string;
}

export type GuardResult = { ok: true; tokenInQuery: boolean } | { ok: false; reason: string };

/** Cookies are shared by every port of a host name, so the port is in the name: two hosts never clobber each other. */
export function tokenCookieName(port: number): string {
  return `policysentinel_${port}`;
}

export function tokenCookie(identity: HostIdentity): string {
  return `${tokenCookieName(identity.port)}=${identity.token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Decides whether a request may reach the host at all. Refuses: sockets not from loopback; a Host
 * header other than ours (a rebound DNS name pointing at 127.0.0.1 still sends its own name); an
 * Origin other than ours (another page in the same browser); and anything without our token, in
 * the cookie or the `token` query parameter.
 */
export function checkRequest(req: IncomingMessage, identity: HostIdentity): GuardResult {
  if (!isLoopback(req.socket.remoteAddress)) return { ok: false, reason: 'not from this machine' };
  const ours = `127.0.0.1:${identity.port}`;
  if (req.headers.host !== ours) return { ok: false, reason: `Host header is not ${ours}` };
  const origin = req.headers.origin;
  // Programs (tests, scripts) send no Origin; browsers always do on WebSocket upgrades and writes.
  if (origin !== undefined && origin !== `http://${ours}`) return { ok: false, reason: 'foreign Origin' };
  const url = new URL(req.url ?? '/', `http://${ours}`);
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null && sameToken(queryToken, identity.token)) return { ok: true, tokenInQuery: true };
  const cookieToken = readCookie(req.headers.cookie, tokenCookieName(identity.port));
  if (cookieToken !== null && sameToken(cookieToken, identity.token)) return { ok: true, tokenInQuery: false };
  return { ok: false, reason: 'missing or wrong token' };
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameToken(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
