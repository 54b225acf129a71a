/**
 * The one policy every window runs under: only our own scripts, no remote content, no framing.
 * `connectOrigins` adds what the window must reach besides itself (the web host's WebSocket).
 */
export function contentSecurityPolicy(connectOrigins: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and the chart libraries set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
