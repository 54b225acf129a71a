/**
 * A throw-away PostgreSQL server for tests: its own data directory under the OS temp dir, a free
 * loopback port, trust authentication, durability switched off for speed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);

export const MISSING_BINARIES_MESSAGE =
  'PostgreSQL server binaries not found: install the Debian package `postgresql` (apt-get install -y postgresql) or set POSTGRES_BIN';

export interface StopOptions {
  keepData?: boolean;
  mode?: 'immediate' | 'fast';
}

export interface PgServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust auth, no password). */
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /**
   * Stops the server; removes the data directory unless `keepData` (for restart tests).
   * `mode` defaults to `immediate` (abrupt, like a crash) and to `fast` with `keepData`, because
   * with `synchronous_commit=off` an immediate stop may lose the last fraction of a second of commits.
   */
  stop(options?: StopOptions): Promise<void>;
  /** Starts again after `stop({ keepData: true })`, on the same port. */
  start(): Promise<void>;
}

function hasServerBinaries(dir: string): boolean {
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
}

function versionOf(dir: string): number {
  const parsed = Number.parseFloat(dir);
  return Number.isFinite(parsed) ? parsed : -1;
}

/** The directory holding `initdb` and `pg_ctl`, or null when no server is installed. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv && hasServerBinaries(fromEnv)) return fromEnv;

  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).sort((a, b) => versionOf(b) - versionOf(a));
    for (const version of versions) {
      const dir = join(debianRoot, version, 'bin');
      if (hasServerBinaries(dir)) return dir;
    }
  }

  for (const entry of (process.env.PATH ?? '').split(delimiter)) {
    if (!entry) continue;
    const candidate = join(entry, 'initdb');
    if (!existsSync(candidate)) continue;
    // Follow symlinks so pg_ctl is looked up beside the real initdb.
    const dir = dirname(realpathSync(candidate));
    if (hasServerBinaries(dir)) return dir;
  }
  return null;
}

export function postgresAvailable(): boolean {
  return findPostgresBin() !== null;
}

/** Debian's server refuses to run as root, so as root every server command runs as `postgres`. */
function asServerUser(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function runServerCommand(bin: string, tool: string, args: string[]): Promise<void> {
  const exe = join(bin, tool);
  const [file, argv] = asServerUser() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  try {
    await run(file, argv, { env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const detail = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} failed: ${detail.stderr || detail.stdout || detail.message}`.trim());
  }
}


async function chownTree(paths: string[]): Promise<void> {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  for (const path of paths) await chown(path, uid, gid);
}

async function initCluster(bin: string, dataDir: string): Promise<void> {
  const common = ['-D', dataDir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'];
  try {
    await runServerCommand(bin, 'initdb', [...common, '--locale=C.UTF-8']);
  } catch {
    // Some systems lack the C.UTF-8 locale; plain C is just as good for tests.
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { mode: 0o700 });
    if (asServerUser()) await chownTree([dataDir]);
    await runServerCommand(bin, 'initdb', [...common, '--locale=C']);
  }
}

async function waitUntilReady(url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(`PostgreSQL did not accept connections: ${String(lastError)}\n${log}`);
}

const running = new Set<() => void>();
let exitHookInstalled = false;

/** A crashed test run must not leave servers behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const stopNow of running) stopNow();
  });
}

export async function startPostgres(options: { name?: string } = {}): Promise<PgServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(MISSING_BINARIES_MESSAGE);

  const root = await mkdtemp(join(tmpdir(), `policysentinel-pg-${options.name ?? 'test'}-`));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  const logFile = join(root, 'server.log');
  await mkdir(dataDir, { mode: 0o700 });
  await mkdir(socketDir, { mode: 0o700 });
  if (asServerUser()) await chownTree([root, dataDir, socketDir]);

  await initCluster(bin, dataDir);

  const host = '127.0.0.1';
  const port = await freePort();
  const url = `postgres://postgres@${host}:${port}/postgres`;
  const serverOptions = [
    `-p ${port}`,
    `-k ${socketDir}`,
    `-c listen_addresses=${host}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');

  const stopNow = (): void => {
    const exe = join(bin, 'pg_ctl');
    const args = ['-D', dataDir, '-m', 'immediate', 'stop'];
    try {
      if (asServerUser()) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'ignore' });
      else execFileSync(exe, args, { stdio: 'ignore' });
    } catch {
      // Already stopped.
    }
  };

  const start = async (): Promise<void> => {
    await runServerCommand(bin, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start']);
    running.add(stopNow);
    installExitHook();
    await waitUntilReady(url, logFile);
  };

  const stop = async (stopOptions: StopOptions = {}): Promise<void> => {
    const mode = stopOptions.mode ?? (stopOptions.keepData ? 'fast' : 'immediate');
    if (running.has(stopNow)) {
      running.delete(stopNow);
      await runServerCommand(bin, 'pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => undefined);
    }
    if (!stopOptions.keepData) await rm(root, { recursive: true, force: true });
  };

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, host, port, dataDir, stop, start };
}
