import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import { resolveStaticFile } from '../web-host/static-files.js';
import { APP_ORIGIN, APP_SCHEME } from './renderer-origin.js';

/** Must run before the app is ready: gives `app://` a real origin, so `'self'` in the CSP means it. */
export const APP_SCHEME_PRIVILEGES = [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }];

/** Serves the built renderer at app://renderer/, nothing outside its folder, with the CSP on each file. */
export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response('Not found', { status: 404 });
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file.path), {
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
