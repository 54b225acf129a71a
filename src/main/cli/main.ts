import { AppError, serializeError } from '../../shared/errors.js';
import { parseArgs } from './args.js';
import { createContext, type CommandContext } from './context.js';
import { createOutput } from './output.js';
import { auditCommand } from './commands/audit.js';
import { connectionCommand } from './commands/connection.js';
import { demoCommand } from './commands/demo.js';
import { initCommand } from './commands/init.js';
import { jobCommand } from './commands/job.js';
import { monitorCommand } from './commands/monitor.js';
import { policyCommand } from './commands/policy.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { violationsCommand } from './commands/violations.js';

export const HELP = `policysentinel — turn policies into rules and scan your data for violations

Usage: policysentinel <command> [options] [--workspace FILE] [--json]

  init FILE                                   create a workspace file
  connection add NAME --sqlite PATH           register a SQLite database (opened read-only)
  connection add NAME --postgres URL [--password-env VAR]
                                              register PostgreSQL; the password comes from $VAR
  connection add NAME --mongodb URL [--database DB] [--password-env VAR] [--sample-size N]
                                              register MongoDB; the schema is sampled
  connection add NAME --mysql URL [--password-env VAR]
                                              register MySQL or MariaDB (mysql://user@host:3306/database)
  connection add NAME --files PATH [--types TABLE.COLUMN=TYPE,...]
                                              a CSV, Parquet or XLSX file or a folder of them
  connection list | schema NAME | remove NAME
  rules import FILE [--activate]              load rules from YAML or JSON, checked against the schema
  rules export FILE | list | activate ID… | deactivate ID…
  scan [--rule ID …] [--as-of YYYY-MM-DD]     run the active rules
  violations list [--rule ID] [--status S] [--severity S] [--limit N]
  violations export --format csv --out FILE   export violations (filters as for list)
  audit verify | list [--limit N]             check the tamper-evident audit trail
  policy import FILE.pdf [--connection NAME] [--extractor heuristic|ollama] [--model NAME]
                                              read a policy and propose rules (nothing becomes active)
  policy list | show ID | candidates ID [--status S]
  policy models [--use NAME]                  models installed in the local Ollama; the default one
  policy accept CANDIDATE_ID [--edit FILE] [--activate] | reject CANDIDATE_ID --reason TEXT
  job add NAME [--every N | --hourly [MIN] | --daily HH:MM | --weekly DAY HH:MM | --monthly D HH:MM | --cron EXPR]
      [--rules all|policy:ID|tag:T|ID,ID] [--incremental [--full-daily HH:MM]] [--attempts N] [--backoff-seconds N]
                                              a monitoring job (default every 5 minutes, all active rules;
                                              times are UTC; 3 attempts, retried after 30 s, 60 s, …)
  job list | remove NAME | run-now NAME | history NAME [--limit N]
  monitor [--grace-seconds N]                 run the jobs in the foreground until Ctrl-C / SIGTERM, one line
                                              per execution (--json: one JSON object per line)
  demo [--dir DIR]                            build a demo workspace, scan it and summarise (in DIR, or
                                              at --workspace FILE; only an earlier demo is replaced)

--workspace FILE (or POLICYSENTINEL_WORKSPACE) names the workspace; --json prints one JSON document
on stdout and nothing else. Exit codes: 0 ok, 1 error, 2 usage, 3 scan finished with failed rules,
4 audit trail broken.`;

const COMMANDS: Record<string, (ctx: CommandContext) => Promise<number> | number> = {
  init: initCommand,
  connection: connectionCommand,
  rules: rulesCommand,
  scan: scanCommand,
  violations: violationsCommand,
  audit: auditCommand,
  demo: demoCommand,
  policy: policyCommand,
  job: jobCommand,
  monitor: monitorCommand,
};

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = process): Promise<number> {
  const [command, ...rest] = argv;
  let json = rest.includes('--json') || command === '--json';
  const out = () => createOutput(json, io.stdout, io.stderr);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr.write(`Unknown command "${command}".\n\n${HELP}\n`);
    return 2;
  }
  let ctx: ReturnType<typeof createContext> | null = null;
  try {
    const args = parseArgs(rest);
    json = args.switches.has('json');
    ctx = createContext(args, out(), env);
    return await run(ctx);
  } catch (error) {
    const serialized = serializeError(error);
    if (json) io.stdout.write(`${JSON.stringify({ error: serialized }, null, 2)}\n`);
    io.stderr.write(`Error: ${serialized.message}\n`);
    if (!(error instanceof AppError)) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return error instanceof AppError && error.code === 'INVALID_INPUT' ? 2 : 1;
  } finally {
    ctx?.close();
  }
}

// Run when executed directly (tsx src/main/cli/main.ts, or the bin script), not when imported by tests.
if (process.argv[1] && /cli[\\/]main\.(ts|js|mjs)$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
