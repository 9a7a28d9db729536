import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { childrenOf, crashTrees, exitWithin, freePort, isAlive, isGone, postmasterPid, runTs, waitFor, type ChildRun } from '../../testing/processes.ts';

let root: string;
const running: EmbeddedServer[] = [];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-embedded-'));
  // The server runs as the `postgres` system user when the tests run as root.
  await fs.chmod(root, 0o755);
});

/** Utväg processes a test started, with their postmasters once known: afterAll ends whatever a failed test left. */
const spawned: Array<{ run: ChildRun; postmaster?: number }> = [];

afterAll(async () => {
  // A test that timed out must not leave Utväg or its embedded server running after the suite.
  const left = spawned.flatMap((s) => [s.run.child.pid, s.postmaster]).filter((p): p is number => p !== undefined && !isGone(p));
  if (left.length) await crashTrees(left).catch(() => {});
  for (const s of running) await s.stop().catch(() => {});
  await fs.rm(root, { recursive: true, force: true });
});

async function start(dir: string, port: number, attachIfRunning = false): Promise<EmbeddedServer> {
  const server = await startEmbeddedPostgres({ dir, port, attachIfRunning });
  running.push(server);
  return server;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function markers(server: EmbeddedServer): Promise<string[]> {
  return (await query<{ value: string }>(server.adminUrl, 'select value from markers order by value')).map((r) => r.value);
}

/** A pid that belonged to a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('embedded PostgreSQL', () => {
  it('initialises a new folder, starts, stops cleanly and keeps its data across restarts', async () => {
    const dir = path.join(root, 'fresh');
    const port = await freePort();
    const first = await start(dir, port);
    expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
    const pid = first.pid!;
    expect(isAlive(pid)).toBe(true);
    await query(first.adminUrl, 'create table markers (value text not null)');
    await query(first.adminUrl, "insert into markers values ('before restart')");
    await first.stop();
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
    expect(existsSync(`${dir}.owner`)).toBe(false);

    const second = await start(dir, port);
    expect(await markers(second)).toEqual(['before restart']);
    await second.stop();
  });

  it('recovers the server left running by an owner killed with SIGKILL, data intact', async () => {
    const dir = path.join(root, 'killed');
    const port = await freePort();
    const owner = runTs([dir, String(port), 'written before the crash'], {}, 'src/testing/embedded-owner.ts');
    await owner.waitForOutput(/ready \d+/);
    const leftover = Number(/ready (\d+)/.exec(owner.output())![1]);
    owner.child.kill('SIGKILL');
    await owner.exited;
    // The postmaster outlives its parent: this is the stale server the next start must deal with.
    expect(isAlive(leftover)).toBe(true);
    expect(await postmasterPid(dir)).toBe(leftover);

    const next = await start(dir, port);
    expect(isAlive(leftover)).toBe(false);
    expect(next.pid).not.toBe(leftover);
    expect(await markers(next)).toEqual(['written before the crash']);
    await next.stop();
  });

  it('starts over a stale postmaster.pid whose process is gone', async () => {
    const dir = path.join(root, 'stale-pid');
    const port = await freePort();
    const first = await start(dir, port);
    await query(first.adminUrl, 'create table markers (value text not null)');
    await query(first.adminUrl, "insert into markers values ('kept')");
    await first.stop();
    const pidFile = path.join(dir, 'postmaster.pid');
    await fs.writeFile(pidFile, `${await deadPid()}\n${dir}\n1700000000\n${port}\n\n127.0.0.1\n  0  0\nready\n`);

    const second = await start(dir, port);
    expect(await markers(second)).toEqual(['kept']);
    expect(await postmasterPid(dir)).toBe(second.pid);
    await second.stop();
  });

  it('never signals an unrelated live process named by a stale postmaster.pid', async () => {
    const dir = path.join(root, 'reused-pid');
    const port = await freePort();
    const first = await start(dir, port);
    await first.stop();
    // After a reboot the old postmaster's pid may belong to any other program.
    const bystander = spawn('sleep', ['60']);
    try {
      await fs.writeFile(path.join(dir, 'postmaster.pid'), `${bystander.pid}\n${dir}\n1700000000\n${port}\n\n127.0.0.1\n  0  0\nready\n`);
      const second = await start(dir, port);
      expect(isAlive(bystander.pid!)).toBe(true);
      await second.stop();
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  it('attaches to the server a live Utväg process owns, and leaves it running', async () => {
    const dir = path.join(root, 'attached');
    const port = await freePort();
    const owner = runTs([dir, String(port), 'from the owner'], {}, 'src/testing/embedded-owner.ts');
    try {
      await owner.waitForOutput(/ready \d+/);
      const postmaster = Number(/ready (\d+)/.exec(owner.output())![1]);
      await expect(startEmbeddedPostgres({ dir, port })).rejects.toThrow(/already running/);
      const attached = await start(dir, port, true);
      expect(attached.pid).toBe(postmaster);
      expect(await markers(attached)).toEqual(['from the owner']);
      await attached.stop();
      expect(isAlive(postmaster)).toBe(true);
    } finally {
      owner.child.kill('SIGTERM');
      await owner.exited;
    }
  });

  it('a stop that hangs ends after STOP_DEADLINE_SECONDS with exit code 1, names what did not stop, and leaves no server behind', async () => {
    const dataDir = path.join(root, 'cli-deadline');
    const env = { UTVAG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()), STOP_DEADLINE_SECONDS: '3' };
    const utvag = runTs(['start'], env);
    const tracked: (typeof spawned)[number] = { run: utvag };
    spawned.push(tracked);
    await utvag.waitForOutput('Utväg is ready', 90_000);
    const pgDir = path.join(dataDir, 'postgres');
    const postmaster = (await postmasterPid(pgDir))!;
    tracked.postmaster = postmaster;
    // The database stops answering (its server and every backend frozen): closing the LISTEN
    // connections, the last seal and the pools wait for it forever.
    const frozen = [postmaster, ...childrenOf(postmaster)];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      utvag.child.kill('SIGTERM');
      const { code } = await exitWithin(utvag, 30_000);
      expect(code, utvag.output()).toBe(1);
      expect(utvag.output()).toMatch(/Stopping did not finish within 3 s; not stopped: .*(HTTP server|database pool|final audit seal)/);
      expect(utvag.output()).toContain(`Embedded PostgreSQL (pid ${postmaster}) told to shut down immediately`);
    } finally {
      for (const pid of frozen) if (!isGone(pid)) process.kill(pid, 'SIGCONT');
    }
    // The immediate shutdown it was sent takes effect once it runs again.
    await waitFor(() => !isAlive(postmaster), 15_000, 'postgres to be gone');
    expect(existsSync(`${pgDir}.owner`)).toBe(false);
  }, 150_000);

  describe.each([
    ['SIGINT', 'process'],
    ['SIGTERM', 'process'],
    // Ctrl-C in a terminal: the embedded postgres, in the same group, gets the signal too.
    ['SIGINT', 'group'],
    ['SIGTERM', 'group'],
  ] as const)('the start command on %s to its %s', (signal, to) => {
    it('stops Utväg and its embedded server cleanly', async () => {
      const dataDir = path.join(root, `cli-${signal}-${to}`);
      const env = { UTVAG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
      const utvag = runTs(['start'], env, undefined, { ownProcessGroup: to === 'group' });
      const tracked: (typeof spawned)[number] = { run: utvag };
      spawned.push(tracked);
      await utvag.waitForOutput('Utväg is ready', 90_000);
      const pgDir = path.join(dataDir, 'postgres');
      const postmaster = (await postmasterPid(pgDir))!;
      tracked.postmaster = postmaster;
      expect(isAlive(postmaster)).toBe(true);
      // An open WebSocket (the public chat's) while the signal comes: the stop closes it, not waits for it.
      const socket = new WebSocket(`ws://127.0.0.1:${env.PORT}/api/chat/visitor/socket`, { origin: `http://localhost:${env.PORT}` });
      const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        socket.on('open', () => resolve());
        socket.on('error', reject);
      });

      if (to === 'group') process.kill(-utvag.child.pid!, signal);
      else utvag.child.kill(signal);
      const { code } = await exitWithin(utvag, 30_000);
      expect(code, utvag.output()).toBe(0);
      await socketClosed;
      await waitFor(() => !isAlive(postmaster), 5_000, 'postgres to be gone');
      expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
      // (graphile-worker may trace the connection postgres ended; what matters is an orderly stop.)
      expect(utvag.output()).not.toMatch(/Stopping failed|Unhandled|Node\.js v\d/);
      if (to === 'process') expect(utvag.output()).not.toMatch(/error/i);
    }, 120_000);

    it('stops what has started when the signal comes during start-up', async () => {
      const dataDir = path.join(root, `cli-${signal}-${to}-starting`);
      const env = { UTVAG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
      const utvag = runTs(['start'], env, undefined, { ownProcessGroup: to === 'group' });
      const tracked: (typeof spawned)[number] = { run: utvag };
      spawned.push(tracked);
      const pgDir = path.join(dataDir, 'postgres');
      // The embedded server is up and Utväg is still starting (creating its database, migrating).
      await waitFor(async () => (tracked.postmaster = await postmasterPid(pgDir)) !== undefined || isGone(utvag.child.pid!), 90_000, 'the embedded server');
      expect(utvag.output()).not.toContain('Utväg is ready');
      const postmaster = tracked.postmaster!;

      if (to === 'group') process.kill(-utvag.child.pid!, signal);
      else utvag.child.kill(signal);
      const { code } = await exitWithin(utvag, 60_000);
      expect(code, utvag.output()).toBe(0);
      await waitFor(() => !isAlive(postmaster), 5_000, 'postgres to be gone');
      expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
      expect(existsSync(`${pgDir}.owner`)).toBe(false);
      expect(utvag.output()).not.toMatch(/Stopping failed|Unhandled|Node\.js v\d/);
    }, 150_000);
  });
});
