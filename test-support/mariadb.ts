/**
 * A throw-away MariaDB (or MySQL-compatible) server for tests: its own data directory under the
 * OS temp dir, a free loopback port, durability off, and one user with a password so the
 * password path of the source is exercised. The system tables are loaded with `mariadbd
 * --bootstrap` directly (what `mariadb-install-db` does, minus the help tables and the `sys`
 * schema), which takes about a second instead of four.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from './free-port.js';

export const MISSING_MARIADB_MESSAGE =
  'MariaDB server binaries not found: install the Debian package `mariadb-server` (apt-get install -y mariadb-server) or set MARIADB_BIN to the directory holding mariadbd';

/** The account every test connects with; the password travels through an environment variable in the product. */
export const MARIADB_TEST_USER = 'auditor';
export const MARIADB_TEST_PASSWORD = 'ps-test-secret';

export interface MariaDbServer {
  /** `mysql://auditor:PASSWORD@127.0.0.1:PORT/` — an admin URL for test setup, with the password in it. */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const SQL_DIRS = ['/usr/share/mysql', '/usr/share/mariadb'];
const SYSTEM_SQL = ['mysql_system_tables.sql', 'mysql_performance_tables.sql', 'mysql_system_tables_data.sql'];

/** The `mariadbd` (or `mysqld`) executable, or null when no server is installed. */
export function findMariaDbServer(): string | null {
  const dirs = [process.env.MARIADB_BIN, '/usr/sbin', '/usr/bin', ...(process.env.PATH ?? '').split(delimiter)];
  for (const dir of dirs) {
    if (!dir) continue;
    for (const exe of ['mariadbd', 'mysqld']) {
      const candidate = join(dir, exe);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

function findSystemSqlDir(): string | null {
  return SQL_DIRS.find((dir) => SYSTEM_SQL.every((file) => existsSync(join(dir, file)))) ?? null;
}

export function mariaDbAvailable(): boolean {
  return findMariaDbServer() !== null && findSystemSqlDir() !== null;
}

function asRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The server refuses to run as root: as root it switches to `mysql`, which must own its directories. */
async function chownToServerUser(paths: string[]): Promise<void> {
  if (!asRoot()) return;
  const uid = Number(execFileSync('id', ['-u', 'mysql']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'mysql']).toString().trim());
  for (const path of paths) await chown(path, uid, gid);
}

/** Speed over durability: the data is thrown away after the run. */
const FAST_OPTIONS = [
  '--skip-name-resolve',
  '--innodb-log-file-size=4M',
  '--innodb-buffer-pool-size=32M',
  '--innodb-flush-log-at-trx-commit=0',
  '--innodb-doublewrite=0',
  '--innodb-flush-method=nosync',
];

function userOption(): string[] {
  return asRoot() ? ['--user=mysql'] : [];
}

/** Bootstrap mode reads one statement per line. */
function bootstrapSql(sqlDir: string): string {
  const user = `'${MARIADB_TEST_USER}'@'127.0.0.1'`;
  return [
    'create database if not exists mysql;',
    'use mysql;',
    'SET @auth_root_socket=NULL;',
    ...SYSTEM_SQL.map((file) => readFileSync(join(sqlDir, file), 'utf8')),
    // Bootstrap runs without grant tables until they are flushed in.
    'FLUSH PRIVILEGES;',
    `CREATE USER ${user} IDENTIFIED BY '${MARIADB_TEST_PASSWORD}';`,
    `GRANT ALL PRIVILEGES ON *.* TO ${user} WITH GRANT OPTION;`,
    '',
  ].join('\n');
}

async function bootstrap(server: string, dataDir: string, sqlDir: string, logFile: string): Promise<void> {
  const args = ['--no-defaults', ...userOption(), '--bootstrap', `--datadir=${dataDir}`, '--log-warnings=0', '--enforce-storage-engine=', ...FAST_OPTIONS];
  const child = spawn(server, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  child.stdin.end(bootstrapSql(sqlDir));
  const code = await exited;
  if (code !== 0) throw new Error(`mariadbd --bootstrap failed (exit ${code}): ${stderr.slice(-2000)} (log ${logFile})`);
}

async function waitUntilReady(options: mysql.ConnectionOptions, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const connection = await mysql.createConnection({ ...options, connectTimeout: 1_000 });
      await connection.query('SELECT 1');
      await connection.end();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(`MariaDB did not accept connections: ${String(lastError)}\n${log.slice(-3000)}`);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A crashed test run must not leave servers behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export async function startMariaDb(options: { name?: string } = {}): Promise<MariaDbServer> {
  const server = findMariaDbServer();
  const sqlDir = findSystemSqlDir();
  if (!server || !sqlDir) throw new Error(MISSING_MARIADB_MESSAGE);

  const root = await mkdtemp(join(tmpdir(), `policysentinel-mariadb-${options.name ?? 'test'}-`));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  await mkdir(dataDir, { mode: 0o700 });
  await chownToServerUser([root, dataDir]);

  let child: ChildProcess | null = null;
  const stop = async (): Promise<void> => {
    const current = child;
    child = null;
    if (current && current.exitCode === null) {
      running.delete(current);
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      // Nothing to keep: a kill is as good as a shutdown and much faster.
      current.kill('SIGKILL');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    await bootstrap(server, dataDir, sqlDir, logFile);
    const host = '127.0.0.1';
    const port = await freePort();
    const args = [
      '--no-defaults',
      ...userOption(),
      `--datadir=${dataDir}`,
      `--socket=${join(root, 'mysqld.sock')}`,
      `--pid-file=${join(root, 'mysqld.pid')}`,
      `--log-error=${logFile}`,
      `--port=${port}`,
      `--bind-address=${host}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
      ...FAST_OPTIONS,
    ];
    const started = spawn(server, args, { stdio: 'ignore' });
    started.on('error', () => undefined);
    child = started;
    running.add(started);
    installExitHook();
    await waitUntilReady({ host, port, user: MARIADB_TEST_USER, password: MARIADB_TEST_PASSWORD }, started, logFile);
    const url = `mysql://${MARIADB_TEST_USER}:${MARIADB_TEST_PASSWORD}@${host}:${port}/`;
    return { url, host, port, user: MARIADB_TEST_USER, password: MARIADB_TEST_PASSWORD, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
