/**
 * Load shapes shared by the benches, and the one table they print.
 *
 * Steady (open model): one request every 1/rate s whether or not the last has returned, for the
 * application over HTTP and for the request's own statements raw through pg alike. Saturated:
 * a fixed number of connections, each sending its next request as soon as the last is answered.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import autocannon, { type Options, type Result } from 'autocannon';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { APP_ROLE } from '../src/core/db/database.ts';
import type { Database } from '../src/core/db/schema.ts';
import { freePort, runTs, type ChildRun } from '../src/testing/processes.ts';

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { p50: at(50), p90: at(90), p99: at(99), max: s.at(-1) ?? NaN };
}

/**
 * A saturated run (autocannon), its latency percentiles taken from each 2xx answer's exact time:
 * autocannon's own histogram keeps whole milliseconds (an answer in 15.9 ms counts as 15), too
 * coarse at 10–20 ms beside the raw runs' sub-millisecond times.
 */
export async function saturate(options: Options): Promise<Result> {
  const latencies: number[] = [];
  const run = autocannon(options).on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const result = await run;
  const exact = percentiles(latencies);
  return { ...result, latency: { ...result.latency, p50: exact.p50, p90: exact.p90, p99: exact.p99, max: exact.max } };
}

/**
 * A steady rate, open model (autocannon's overallRate releases each second's budget at once, a
 * burst that queues behind itself). Latency is from the send to the end of the answer.
 */
export async function steady(rate: number, seconds: number, request: () => Promise<boolean>): Promise<Percentiles & { failed: number; sent: number; slowest: Array<{ at: number; ms: number }> }> {
  const latencies: number[] = [];
  /** When (seconds into the run) each request was sent, beside its latency: where the tail falls. */
  const sentAt: number[] = [];
  const running: Promise<void>[] = [];
  let failed = 0;
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(
      (async () => {
        const t = performance.now();
        const ok = await request().catch(() => false);
        if (!ok) failed++;
        latencies.push(performance.now() - t);
        sentAt.push((t - start) / 1000);
      })(),
    );
  }
  await Promise.all(running);
  const slowest = latencies
    .map((ms, i) => ({ at: sentAt[i]!, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  return { ...percentiles(latencies), failed, sent: total, slowest };
}

/** HTTP GETs at a steady rate over keep-alive connections (at most `connections`), as browsers would. */
export async function appSteady(baseUrl: string, cookie: string, path: () => string, rate: number, seconds: number, connections = 50) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const get = () =>
    new Promise<boolean>((resolve, reject) => {
      const req = http.get(baseUrl + path(), { agent, headers: { cookie } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', reject);
    });
  try {
    return await steady(rate, seconds, get);
  } finally {
    agent.destroy();
  }
}

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The request's own statements, raw through pg, at the same steady rate, on a pool as large as the
 * application's, connected before the run (as the application's is by its warm-up). Each request
 * runs its statements in order on one connection.
 */
export async function rawSteady(url: string, make: () => Statement[], rate: number, seconds: number, poolSize: number, pgOptions = '-c TimeZone=UTC') {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: pgOptions });
  pool.on('error', () => {});
  const warm = await Promise.all(Array.from({ length: poolSize }, () => pool.connect()));
  for (const c of warm) c.release();
  try {
    return await steady(rate, seconds, async () => {
      const client = await pool.connect();
      try {
        for (const q of make()) await client.query(q.text, q.values);
        return true;
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/** One line of the table: a scenario at a rate, the app beside the same statements raw, against its target. */
export interface ScenarioRow {
  scenario: string;
  /** 'steady 50/s' or 'saturated, 50 conn.' */
  rate: string;
  p50: number;
  p99: number;
  rawP50?: number;
  rawP99?: number;
  /** What the target is, in words ('p99 < 30 ms', 'app/raw ≤ 1.5x'). */
  target: string;
  met?: boolean;
  note?: string;
}

const collected: ScenarioRow[] = [];

/** Rows recorded by every bench of this process, for the one table `npm run bench` prints at the end. */
export function recordScenarios(rows: readonly ScenarioRow[]): void {
  collected.push(...rows);
}

export function recordedScenarios(): readonly ScenarioRow[] {
  return collected;
}

export interface FigureRow {
  figure: string;
  value: string;
  target: string;
  met?: boolean;
}

const figures: FigureRow[] = [];

/** Figures that are not latencies (memory, start-up), printed under the table. */
export function recordFigures(rows: readonly FigureRow[]): void {
  figures.push(...rows);
}

export function recordedFigures(): readonly FigureRow[] {
  return figures;
}

export function figureLines(rows: readonly FigureRow[]): string {
  const w = Math.max(0, ...rows.map((r) => r.figure.length));
  const v = Math.max(0, ...rows.map((r) => r.value.length));
  return rows.map((r) => `  ${r.figure.padEnd(w)}  ${r.value.padStart(v)}  ${r.target}${r.met === undefined ? '' : r.met ? '  met' : '  NOT MET'}`).join('\n');
}

export function scenarioTable(rows: readonly ScenarioRow[]): string {
  const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '' : n.toFixed(1));
  const x = (a: number, b: number | undefined) => (b === undefined ? '' : `${(a / Math.max(b, 0.001)).toFixed(2)}x`);
  const head = ['scenario', 'rate', 'p50 ms', 'p99 ms', 'raw p50', 'raw p99', 'ratio p50', 'ratio p99', 'target', 'met?'];
  const body = rows.map((r) => [
    r.scenario,
    r.rate,
    ms(r.p50),
    ms(r.p99),
    ms(r.rawP50),
    ms(r.rawP99),
    x(r.p50, r.rawP50),
    x(r.p99, r.rawP99),
    r.target,
    r.met === undefined ? '' : r.met ? 'met' : 'NOT MET',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ');
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.scenario} (${r.rate}): ${r.note}`);
  return [line(head), '-'.repeat(line(head).length), ...body.map(line), ...notes].join('\n');
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs a seeding step and prints how long it took. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await fn();
  log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return out;
}

/** Deterministic ids for set-based seeding that are valid version-4 UUIDs (the API validates them as such). */
export const BENCH_UUID_FUNCTION = `create function bench_uuid(t text) returns uuid language sql immutable as $$
      select (substr(md5(t), 1, 12) || '4' || substr(md5(t), 14, 3) || '8' || substr(md5(t), 18))::uuid $$`;

/**
 * CPU time (user + system, ms) the given processes have used so far, from /proc (Linux, 100 ticks
 * a second). Latency on a shared 2-core machine is noisy; CPU time per request is not, and it says
 * where a request's cost goes: the application, the load generator, PostgreSQL.
 */
/** Resident memory of a process (kB), from /proc. */
export async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone: its time is lost from the sum (backends of the measured pools live through the run)
    }
  }
  return ticks * 10;
}

/** This process's own CPU time (ms): the load generator's, or the raw client's. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The PostgreSQL backends connected to a database (pg_stat_activity), e.g. a pool's after its warm-up. */
export async function backendPids(url: string, database: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [database]);
    return rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

/** Counts CPU time from now on: `stop(requests)` gives microseconds per request for each part. */
export function cpuMeter(parts: Record<string, () => number>): { stop(requests: number): Record<string, number> } {
  const start = Object.fromEntries(Object.entries(parts).map(([k, f]) => [k, f()]));
  return {
    stop(requests) {
      return Object.fromEntries(Object.entries(parts).map(([k, f]) => [k, ((f() - start[k]!) * 1000) / Math.max(requests, 1)]));
    },
  };
}

export function cpuLine(label: string, perRequest: Record<string, number>): string {
  const total = Object.values(perRequest).reduce((a, b) => a + b, 0);
  return `  CPU per request, ${label}: ${Object.entries(perRequest).map(([k, us]) => `${k} ${us.toFixed(0)} µs`).join(', ')}; total ${total.toFixed(0)} µs`;
}

/**
 * What this process's event loop went through while a run lasted: its delay (a request that waits
 * for the loop waits that long) and the garbage collector's pauses. For the benches that run the
 * application in their own process (cases), the tail of a steady run is explained by these or not.
 */
export function loopProbe(): { stop(): string } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const pauses: Array<{ kind: number; ms: number }> = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ kind: ((e as unknown as { detail?: { kind?: number } }).detail)?.kind ?? 0, ms: e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      delay.disable();
      gc.disconnect();
      const major = pauses.filter((p) => p.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      const sum = (xs: typeof pauses) => xs.reduce((a, p) => a + p.ms, 0);
      const max = (xs: typeof pauses) => xs.reduce((a, p) => Math.max(a, p.ms), 0);
      return `event loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(1)} p99 ${(delay.percentile(99) / 1e6).toFixed(1)} max ${(delay.max / 1e6).toFixed(1)} ms; GC ${pauses.length} pauses, ${sum(pauses).toFixed(0)} ms in all, longest ${max(pauses).toFixed(1)} ms (major ${major.length}, longest ${max(major).toFixed(1)} ms)`;
    },
  };
}

/**
 * A pause between a saturated run and a steady one. When autocannon returns, the requests it last
 * sent are still in the server (each waiting its turn behind the other 49), and the audit sealer
 * has the run's entries to chain: a steady run that started at once measured its first requests
 * queued behind them — the tail of the saturated run, not the steady rate's.
 */
export function settle(ms = 2000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The median of a few figures (of alternating rounds). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Waits until the running application's audit sealer has chained every entry written so far, so
 * that a measured run does not pay for sealing what an earlier run (raw statements, an earlier
 * round) left behind. Its own entries it seals as it goes, inside the run, as in production.
 */
export async function sealerCaughtUp(url: string, timeoutMs = 120_000): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ high: string | null }>('select max(id) as high from audit_log');
    const high = Number(rows[0]?.high ?? 0);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const sealed = await c.query<{ upto: string | null }>('select max(audit_id) as upto from audit_seal');
      if (Number(sealed.rows[0]?.upto ?? 0) >= high) return;
      if (Date.now() > until) throw new Error(`the audit sealer has not caught up with entry ${high} in ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await c.end();
  }
}

/** Runs store functions once on a logging Kysely and returns the SQL they issued, in order. */
export async function captureQueries(url: string, fn: (db: Kysely<Database>) => Promise<unknown>): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c role=${APP_ROLE}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
  return captured;
}

/**
 * The HTTP hop alone (bench/bare-http-server.ts): a bare node:http server that answers every GET
 * with the given statement, on a pool of `poolSize` connections as the application's role.
 */
export async function startBareServer(url: string, statement: CompiledQuery, poolSize: number): Promise<{ server: ChildRun; target: string }> {
  const port = await freePort();
  const server = runTs([], { DATABASE_URL: url, PORT: String(port), DATABASE_POOL_SIZE: String(poolSize), PG_OPTIONS: `-c role=${APP_ROLE}`, BARE_STATEMENT: JSON.stringify({ sql: statement.sql, parameters: statement.parameters }) }, 'bench/bare-http-server.ts');
  await server.waitForOutput('bare server ready');
  return { server, target: `http://127.0.0.1:${port}/` };
}
