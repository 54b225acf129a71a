// The desktop app's main process; everything it does is in ./electron/desktop-app.ts.
import { startDesktopApp } from './electron/desktop-app.js';

startDesktopApp().catch((error: unknown) => {
  process.stderr.write(`PolicySentinel could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
