import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Helpers for tests that run Utväg as a real, separate process (signals, kill -9, CLI commands).
 * The child is `node --import tsx`, the same loader `npx tsx` uses, but without wrapper processes,
 * so the pid we signal is the Utväg process itself.
 */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!(await check())) throw new Error(`timed out waiting for ${what}`);
}

export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface ChildRun {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output contains the text; rejects when the process exits first. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The Node flags of `npm start` (package.json), for the processes tests and benches start the same way. */
export const NODE_FLAGS = '--max-semi-space-size=8';

/** Runs a TypeScript script (by default the Utväg CLI) as a separate process. */
export function runTs(args: string[], env: Record<string, string>, script = 'src/cli/main.ts', options: { ownProcessGroup?: boolean; compiled?: boolean } = {}): ChildRun {
  // As `npm start` runs the server: a young generation of 8 MB semispaces. V8's default grows to
  // 16 MB each: 13 MB more resident after start (163 against 147 MB, bench/foundation.ts). 4 MB
  // saved nothing after start and cost throughput: twice the scavenges under load, about 3% fewer
  // audited reads a second at 50 connections. `compiled`: the
  // script is JavaScript (the server bundle, dist/server/main.js) and runs without tsx, as `npm start` runs it.
  const loader = options.compiled ? ['--enable-source-maps'] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [NODE_FLAGS, ...loader, script, ...args], {
    cwd: REPO_ROOT,
    // A process group of its own, as a terminal gives a command: Ctrl-C signals the whole group.
    detached: options.ownProcessGroup ?? false,
    // A data folder of its own unless the test names one: nothing lands in the working tree.
    env: { ...process.env, LOG_LEVEL: 'warn', UTVAG_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'utvag-cli-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    output: () => out,
    exited,
    async waitForOutput(text, timeoutMs = 60_000) {
      const has = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      const end = Date.now() + timeoutMs;
      while (!has()) {
        if (done) throw new Error(`process exited before printing ${String(text)}:\n${out}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(text)}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** The exit of a process, or an error with its output when it does not end in time (a hang). */
export async function exitWithin(run: ChildRun, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the process did not exit within ${timeoutMs} ms:\n${run.output()}`)), timeoutMs);
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a CLI command to its end and returns its exit code and output. */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = runTs(args, env);
  const { code } = await run.exited;
  return { code, output: run.output() };
}

/** Whether a process has ended: gone, or a zombie nobody has reaped yet. */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return !isAlive(pid);
  }
}

/** The pid's children, from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(entry));
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * A machine crash for the process trees under the given pids (Utväg with its embedded postmaster
 * and backends; a PostgreSQL cluster's keeper, postmaster and backends): every process is first
 * frozen (SIGSTOP, so none can answer, commit or fork any more; the freeze is repeated until no new
 * child appears), then all are killed (SIGKILL). Nothing shuts down in order. A process group is
 * not enough: PostgreSQL backends make themselves group leaders (setsid), so the tree is walked.
 * Returns once every one of them has ended.
 */
export async function crashTrees(roots: Array<number | undefined>, timeoutMs = 10_000): Promise<number[]> {
  const frozen = new Set<number>();
  let found = roots.filter((p): p is number => p !== undefined && !isGone(p));
  while (found.length) {
    for (const pid of found) {
      signal(pid, 'SIGSTOP');
      frozen.add(pid);
    }
    found = [...frozen].flatMap(childrenOf).filter((p) => !frozen.has(p) && !isGone(p));
  }
  for (const pid of frozen) signal(pid, 'SIGKILL');
  await waitFor(() => [...frozen].every(isGone), timeoutMs, `processes ${[...frozen].join(', ')} to die`);
  return [...frozen];
}
