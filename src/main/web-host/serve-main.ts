// The loopback web host as a program: `npm run -s serve -- [--workspace FILE] [--port N]`.
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.js';
import { createLogger } from '../core/logger.js';
import { serve, servingLine } from './serve.js';

const log = createLogger('serve');

const USAGE = 'Usage: npm run -s serve -- [--workspace FILE] [--port N]\n' +
  '  --workspace FILE  the workspace to open (default: $POLICYSENTINEL_WORKSPACE, else the demo workspace)\n' +
  '  --port N          the loopback port (default: a free one)\n';

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: { workspace?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { workspace: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, not "${values.port}".\n${USAGE}`);
    return 2;
  }
  const serving = await serve({
    workspacePath: values.workspace ?? env.POLICYSENTINEL_WORKSPACE,
    port,
    env,
    note: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${servingLine(serving)}\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      log.info('stopping', { signal });
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      resolve();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
  await serving.stop();
  return 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`PolicySentinel could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  },
);
