import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import { APP_ROLE, openDatabase } from '../src/core/db/database.ts';
import { capabilities } from '../src/capabilities.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { makeUser, TEST_TOTP_KEY } from '../src/testing/app.ts';
import { HttpSession } from '../src/testing/http-session.ts';
import { withClient } from '../src/testing/postgres.ts';
import { freePort, postmasterPid, runTs, waitFor, type ChildRun } from '../src/testing/processes.ts';
import { getUser, userQuery } from '../src/organisation/store.ts';
import { auditedRead } from '../src/core/audit-log/audit.ts';
import { loadSession } from '../src/core/auth/sessions.ts';
import { loadConfig } from '../src/core/config.ts';
import { buildServer, SERVER_BUNDLE } from '../src/cli/build-server.ts';
import { appSteady, backendPids, captureQueries, startBareServer, rssKb, cpuLine, cpuMeter, cpuMs, median, ownCpuMs, percentiles, rawSteady, recordFigures, saturate, recordScenarios, scenarioTable, sealerCaughtUp, settle, type ScenarioRow } from './load.ts';

/**
 * Foundation figures against the quality bar: an authenticated, access-checked, audited read of
 * one record versus the same SQL issued raw; start-up time and memory on the embedded database.
 */
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  ratio: string;
  met: string;
}

const CONNECTIONS = 50;
/**
 * Database connections on every side: the application's pool, the raw runs' pool and the bare
 * server's. The application's shipped default (DATABASE_POOL_SIZE), as the cases bench uses;
 * BENCH_POOL_SIZE overrides it. 50 requests in flight then queue for 20 connections on each side
 * alike, and PostgreSQL serves 20 backends, not 50, on its two cores.
 */
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? loadConfig({}).poolSize);
/** 50 users × 4 requests a second. */
const STEADY_RATE = 200;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** App and raw runs alternate this many times; the figures are the medians (BENCH_ROUNDS). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 10_000_000);
const SEED_BUDGET_MS = 150_000;
const SERVER_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ms = (v: number) => `${v.toFixed(2)} ms`;
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

export function printTable(title: string, rows: readonly BenchRow[]): void {
  const head: BenchRow = { figure: 'figure', value: 'value', target: 'target', ratio: 'ratio', met: 'met?' };
  const all = [head, ...rows];
  const width = (k: keyof BenchRow) => Math.max(...all.map((r) => r[k].length));
  const line = (r: BenchRow) => (['figure', 'value', 'target', 'ratio', 'met'] as const).map((k) => r[k].padEnd(width(k))).join(' | ');
  console.log(`\n${title}\n${line(head)}\n${'-'.repeat(line(head).length)}`);
  for (const r of rows) console.log(line(r));
}

/** Audit rows seeded set-based as the owner, with (placeholder) seals so the sealer has nothing old to do. */
export async function seedAudit(url: string, wanted: number): Promise<number> {
  const began = Date.now();
  const chunk = 2_000_000;
  let seeded = 0;
  await withClient(url, async (c) => {
    await c.query('alter table audit_log disable trigger user; alter table audit_seal disable trigger user');
    // Secondary indexes are built once at the end: maintaining them row by row is what makes bulk loads slow.
    const { rows: indexes } = await c.query<{ def: string; name: string }>(
      `select indexdef as def, indexname as name from pg_indexes where tablename = 'audit_log' and indexname <> 'audit_log_pkey'`,
    );
    for (const i of indexes) await c.query(`drop index ${i.name}`);
    while (seeded < wanted && Date.now() - began < SEED_BUDGET_MS) {
      const from = seeded + 1;
      const to = Math.min(wanted, seeded + chunk);
      await c.query(
        `insert into audit_log (id, at, actor_user_id, actor_role, actor_unit_id, action, record_type, record_id, person_id, fields, purpose)
         select g, timestamptz '2021-01-01' + g * interval '9 seconds', md5('actor' || (g % 300))::uuid, 'caseworker', null,
                (array['read','list','update','create'])[1 + g % 4], 'case', (g % 100000)::text, md5('person' || (g % 60000))::uuid,
                '{journal,decisions}', 'case work'
         from generate_series($1::bigint, $2::bigint) g`,
        [from, to],
      );
      // Not a valid chain (the bench never verifies it): the real sealer only continues after the last seal.
      await c.query(`insert into audit_seal (audit_id, hash) select g, md5(g::text) || md5((-g)::text) from generate_series($1::bigint, $2::bigint) g`, [from, to]);
      seeded = to;
      console.log(`  seeded ${seeded.toLocaleString('en')} audit rows (${Math.round((Date.now() - began) / 1000)} s)`);
    }
    console.log(`  building ${indexes.length} indexes …`);
    await c.query(`set maintenance_work_mem = '256MB'`);
    for (const i of indexes) await c.query(i.def);
    await c.query(`select setval('audit_log_id_seq', $1)`, [Math.max(seeded, 1)]);
    await c.query('alter table audit_log enable trigger user; alter table audit_seal enable trigger user');
    // A database in use has been vacuumed since these rows came, and their dirty pages written out.
    // Without this autovacuum (10 M new rows) and a checkpoint run during the first measured run —
    // the application's, as the raw runs come after it — and its tail is theirs, not the app's.
    await c.query('vacuum analyze audit_log');
    await c.query('vacuum analyze audit_seal');
    await c.query('checkpoint');
  });
  return seeded;
}

interface LoadResult {
  p50: number;
  p99: number;
  throughput: number;
  errors: number;
  /** CPU microseconds per request: this process (the pg client) and the pool's PostgreSQL backends. */
  cpu: Record<string, number>;
}

/**
 * Runs a unit of work on a pool of POOL_SIZE connections from 50 concurrent loops, timing each: either
 * one query, or the statements of a request (the session lookup, then the rest in a transaction).
 */
async function rawLoad(url: string, work: { before?: CompiledQuery; inTransaction: CompiledQuery[] }): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, options: `-c role=${APP_ROLE}` });
  pool.on('error', () => {}); // a dropped idle connection shows up as a failed query, counted below
  const once = async () => {
    const client = await pool.connect();
    try {
      if (work.before) await client.query(work.before.sql, [...work.before.parameters]);
      const tx = work.inTransaction.length > 1;
      if (tx) await client.query('begin');
      for (const q of work.inTransaction) await client.query(q.sql, [...q.parameters]);
      if (tx) await client.query('commit');
    } finally {
      client.release();
    }
  };
  const latencies: number[] = [];
  let errors = 0;
  // Warm every connection first, as autocannon's keep-alive connections and the app's pool are warm.
  await Promise.all(Array.from({ length: CONNECTIONS }, once));
  const backends = await backendPids(url, new URL(url).pathname.slice(1));
  const meter = cpuMeter({ client: ownCpuMs, postgres: () => cpuMs(backends) });
  const end = Date.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        try {
          await once();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const cpu = meter.stop(latencies.length);
  await pool.end();
  const { p50, p99 } = percentiles(latencies);
  return { p50, p99, throughput: latencies.length / DURATION_S, errors, cpu };
}

/**
 * The HTTP hop alone (bench/bare-http-server.ts): a bare node:http server in front of the audited
 * read's statement, saturated at 50 connections and at the steady rate. Not a target: it shows how
 * much of the application's ratio to the raw statement any HTTP server on this machine would have.
 */
async function bareHttpLoad(url: string, statement: CompiledQuery) {
  const { server, target } = await startBareServer(url, statement, POOL_SIZE);
  try {
    console.log(`  the HTTP hop alone: a bare node:http server issuing the same statement, ${CONNECTIONS} connections, ${DURATION_S} s, then at a steady ${STEADY_RATE}/s …`);
    await autocannon({ url: target, connections: CONNECTIONS, duration: 2 }); // warm-up
    const backends = await backendPids(url, new URL(url).pathname.slice(1));
    const meter = cpuMeter({ server: () => cpuMs([server.child.pid!]), 'load generator': ownCpuMs, postgres: () => cpuMs(backends) });
    const saturated = await saturate({ url: target, connections: CONNECTIONS, duration: DURATION_S });
    const cpu = meter.stop(saturated.requests.total);
    if (saturated.non2xx || saturated.errors) throw new Error(`the bare server: ${saturated.non2xx} non-2xx, ${saturated.errors} errors`);
    await settle();
    const steady = await appSteady(target.slice(0, -1), '', () => '/', STEADY_RATE, DURATION_S, CONNECTIONS);
    console.log(cpuLine('bare node:http server, saturated', cpu));
    return { saturated, steady, cpu };
  } finally {
    await stopChild(server);
  }
}

/**
 * The server as `npm start` runs it: the compiled bundle on plain Node (built at the bench's start),
 * or with BENCH_TSX=1 the sources through tsx's loader, as tests run it. `nodeFlags` go before the script.
 */
const COMPILED = !process.env.BENCH_TSX;
function startServer(env: Record<string, string>, nodeFlags: string[] = []): ChildRun {
  const script = COMPILED ? SERVER_BUNDLE : 'src/cli/main.ts';
  // runTs puts its `script` argument right after the loader: extra Node flags go there, the script after them.
  const [first, ...more] = nodeFlags;
  return first ? runTs([...more, script, 'start'], env, first, { compiled: COMPILED }) : runTs(['start'], env, script, { compiled: COMPILED });
}

async function stopChild(run: ChildRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGTERM');
  await run.exited;
}

async function endpointBench(rows: BenchRow[], scenarios: ScenarioRow[]): Promise<void> {
  // BENCH_FOUNDATION_DB=<name> measures again on a database a run kept (BENCH_KEEP=1) instead of seeding one.
  const reuse = process.env.BENCH_FOUNDATION_DB;
  if (reuse && !/^[a-z0-9_]+$/.test(reuse)) throw new Error(`BENCH_FOUNDATION_DB: not a database name: ${reuse}`);
  const name = reuse ?? `utvag_foundation_bench_${randomBytes(4).toString('hex')}`;
  if (!reuse) await withClient(SERVER_URL, (c) => c.query(`create database ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const dbUrl = url.href;
  let utvag: ChildRun | undefined;
  try {
    await migrate(dbUrl, capabilities);
    let seeded: number;
    if (reuse) {
      seeded = await withClient(dbUrl, async (c) => Number((await c.query('select count(*) from audit_log')).rows[0].count));
      console.log(`Reusing ${name}: ${seeded.toLocaleString('en')} audit rows`);
    } else {
      console.log(`Seeding ${AUDIT_ROWS.toLocaleString('en')} audit rows into ${name} …`);
      seeded = await seedAudit(dbUrl, AUDIT_ROWS);
    }

    const owner = openDatabase(dbUrl, 2, { asAppRole: false });
    const admin = await makeUser(owner.db, [{ role: 'administrator' }], { username: `bench.admin.${randomBytes(3).toString('hex')}` });
    const subject = await makeUser(owner.db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }, { role: 'coordinator', unit: 'KAST' }]);
    await owner.close();

    const port = await freePort();
    const env = { DATABASE_URL: dbUrl, PORT: String(port), RUN_JOBS: 'false', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(POOL_SIZE), TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY };
    // BENCH_CPU_PROF_DIR: the app process writes a V8 CPU profile there when it stops (bench/profile-top.ts
    // reads it). Node refuses --cpu-prof in NODE_OPTIONS, so the flags go before the script.
    const prof = process.env.BENCH_CPU_PROF_DIR;
    const base = `http://127.0.0.1:${port}`;
    const token = { cookie: '' };

    // The raw statements, compiled by the application's own code. The request's: the read with its
    // audit entry in one statement (auditedRead). The session comes from the in-process cache
    // (SessionCache): no statement, bar the touch of last_seen_at at most once a minute.
    const [query] = await captureQueries(dbUrl, (db) => getUser(db, subject.id));
    const statements = await captureQueries(dbUrl, (db) =>
      auditedRead(db, { userId: admin.id, role: 'administrator', unitId: null }, userQuery(db, subject.id).compile(), { action: 'read', recordType: 'user', recordIdColumn: 'id', fields: ['username', 'displayName', 'email', 'grants'], purpose: 'user administration' }),
    );

    // App and raw alternate, ROUNDS times, and each figure is the median of its rounds: one 10 s run
    // on a shared 2-core machine moves by a third from one run to the next, and alternating keeps a
    // drift of the machine from falling on one side only. The app is stopped before each raw run, so
    // that the two never share the machine's two cores.
    const rounds: Array<{ http: Awaited<ReturnType<typeof saturate>>; appCpu: Record<string, number>; audited: number; steady: Awaited<ReturnType<typeof appSteady>>; rawTx: LoadResult; steadyRaw: Awaited<ReturnType<typeof rawSteady>> }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      utvag = startServer(env, prof && round === 1 ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []);
      await utvag.waitForOutput('Utväg is ready', 120_000);
      if (!token.cookie) token.cookie = (await new HttpSession(base).signIn(admin)).cookieHeader;
      const target = `${base}/api/organisation/users/${subject.id}`;
      const check = await fetch(target, { headers: { cookie: token.cookie } });
      if (check.status !== 200) throw new Error(`the endpoint answered ${check.status}`);
      console.log(`Round ${round}/${ROUNDS}. Endpoint: GET /api/organisation/users/:id, ${CONNECTIONS} connections, database pool ${POOL_SIZE} (raw runs alike), ${DURATION_S} s …`);
      await autocannon({ url: target, connections: CONNECTIONS, duration: 2, headers: { cookie: token.cookie } }); // warm-up
      // The entries the raw runs of an earlier round (or run) left are sealed first: sealing them is
      // not this request's work.
      await sealerCaughtUp(dbUrl);
      const auditBefore = await withClient(dbUrl, async (c) => Number((await c.query(`select count(*) from audit_log where record_id = $1`, [subject.id])).rows[0].count));
      const appBackends = await backendPids(dbUrl, name);
      const appPid = utvag.child.pid!;
      const meter = cpuMeter({ app: () => cpuMs([appPid]), 'load generator': ownCpuMs, postgres: () => cpuMs(appBackends) });
      const http = await saturate({ url: target, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie: token.cookie } });
      const appCpu = meter.stop(http.requests.total);
      const auditAfter = await withClient(dbUrl, async (c) => Number((await c.query(`select count(*) from audit_log where record_id = $1`, [subject.id])).rows[0].count));
      // The run above saturates the machine (each connection sends its next request at once). People
      // do not: 50 staff at 4 requests a second each is a busy office. Latency at that steady rate,
      // paced evenly (open model):
      console.log(`  endpoint at a steady ${STEADY_RATE} req/s, ${DURATION_S} s …`);
      await settle();
      const steady = await appSteady(base, token.cookie, () => `/api/organisation/users/${subject.id}`, STEADY_RATE, DURATION_S, CONNECTIONS);
      await stopChild(utvag);
      utvag = undefined;
      console.log(`  raw: the request's statement (read + audit entry), ${CONNECTIONS} concurrent, ${DURATION_S} s, then at a steady ${STEADY_RATE}/s …`);
      const rawTx = await rawLoad(dbUrl, { inTransaction: statements });
      const steadyRaw = await rawSteady(dbUrl, () => statements.map((q) => ({ text: q.sql, values: [...q.parameters] })), STEADY_RATE, DURATION_S, POOL_SIZE, `-c role=${APP_ROLE}`);
      rounds.push({ http, appCpu, audited: auditAfter - auditBefore, steady, rawTx, steadyRaw });
      console.log(
        `  round ${round}: saturated app p50/p99 ${http.latency.p50.toFixed(1)}/${http.latency.p99.toFixed(1)} ms (${Math.round(http.requests.average)} req/s) vs raw ${rawTx.p50.toFixed(1)}/${rawTx.p99.toFixed(1)} ms (${Math.round(rawTx.throughput)}/s); ` +
          `steady app ${steady.p50.toFixed(2)}/${steady.p99.toFixed(2)} ms vs raw ${steadyRaw.p50.toFixed(2)}/${steadyRaw.p99.toFixed(2)} ms`,
      );
      console.log(cpuLine('endpoint, saturated', appCpu));
      console.log(cpuLine('raw request statement, saturated', rawTx.cpu));
    }

    console.log(`Context: the bare SELECT, and the statement with an uncached session lookup before it, ${CONNECTIONS} concurrent, ${DURATION_S} s each …`);
    const raw = await rawLoad(dbUrl, { inTransaction: [query!] });
    const [sessionQuery] = await captureQueries(dbUrl, (db) => loadSession(db, /utvag_session=([^;]+)/.exec(token.cookie)![1]!, 15));
    const rawWithSession = await rawLoad(dbUrl, { before: sessionQuery!, inTransaction: statements });
    const hop = await bareHttpLoad(dbUrl, statements[0]!);

    const med = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
    const http = { p50: med((r) => r.http.latency.p50), p99: med((r) => r.http.latency.p99), throughput: med((r) => r.http.requests.average) };
    const rawTx = { p50: med((r) => r.rawTx.p50), p99: med((r) => r.rawTx.p99), throughput: med((r) => r.rawTx.throughput) };
    const steady = { p50: med((r) => r.steady.p50), p99: med((r) => r.steady.p99), failed: rounds.reduce((n, r) => n + r.steady.failed, 0) };
    const steadyRaw = { p50: med((r) => r.steadyRaw.p50), p99: med((r) => r.steadyRaw.p99) };
    const appCpu = { app: med((r) => r.appCpu.app!), 'load generator': med((r) => r.appCpu['load generator']!), postgres: med((r) => r.appCpu.postgres!) };
    const rawCpu = { client: med((r) => r.rawTx.cpu.client!), postgres: med((r) => r.rawTx.cpu.postgres!) };
    const errors = rounds.reduce((n, r) => n + r.http.errors, 0);
    const non2xx = rounds.reduce((n, r) => n + r.http.non2xx, 0);
    const endpointOkNow = () => non2xx === 0 && errors === 0;
    // Requests still in flight when autocannon stops are answered (and audited) but not counted.
    const auditOk = rounds.every((r) => r.audited >= r.http['2xx'] && r.audited <= r.http['2xx'] + CONNECTIONS);
    const audited = rounds.reduce((n, r) => n + r.audited, 0);
    const answered = rounds.reduce((n, r) => n + r.http['2xx'], 0);
    const of = `median of ${ROUNDS} alternating rounds`;
    scenarios.push(
      { scenario: 'audited single read', rate: `saturated ${CONNECTIONS} conn., pool ${POOL_SIZE}`, p50: http.p50, p99: http.p99, rawP50: rawTx.p50, rawP99: rawTx.p99, target: 'app/raw ≤ 1.5x', met: http.p50 / rawTx.p50 <= 1.5 && http.p99 / rawTx.p99 <= 1.5 && endpointOkNow(), note: `${of}; ${Math.round(http.throughput)} req/s app, ${Math.round(rawTx.throughput)}/s raw; bare SELECT raw p50/p99 ${raw.p50.toFixed(1)}/${raw.p99.toFixed(1)} ms` },
      { scenario: 'audited single read', rate: `steady ${STEADY_RATE}/s`, p50: steady.p50, p99: steady.p99, rawP50: steadyRaw.p50, rawP99: steadyRaw.p99, target: 'app/raw ≤ 1.5x', met: steady.p50 / steadyRaw.p50 <= 1.5 && steady.p99 / steadyRaw.p99 <= 1.5 && steady.failed === 0, note: `${of}${steady.failed ? `; ${steady.failed} failed` : ''}` },
    );
    const endpointOk = endpointOkNow();
    rows.push(
      { figure: 'audit rows in the database', value: seeded.toLocaleString('en'), target: '10,000,000', ratio: '', met: yes(seeded >= 10_000_000) },
      { figure: 'endpoint p50 (auth+access+audit)', value: ms(http.p50), target: '', ratio: '', met: '' },
      { figure: 'endpoint p99', value: ms(http.p99), target: '< 20 ms', ratio: '', met: yes(http.p99 < 20 && endpointOk) },
      { figure: 'endpoint throughput (saturated)', value: `${Math.round(http.throughput)} req/s`, target: '', ratio: '', met: '' },
      { figure: `steady ${STEADY_RATE} req/s: p50`, value: ms(steady.p50), target: '', ratio: '', met: '' },
      { figure: `steady ${STEADY_RATE} req/s: p99`, value: ms(steady.p99), target: '< 20 ms', ratio: '', met: yes(steady.p99 < 20 && steady.failed === 0) },
      { figure: 'endpoint errors / non-2xx', value: `${errors} / ${non2xx}`, target: '0 / 0', ratio: '', met: yes(endpointOk) },
      { figure: 'audit entries written / 2xx answers', value: `${audited} / ${answered}`, target: `≥, ≤ +${CONNECTIONS} in flight per round`, ratio: '', met: yes(auditOk) },
      { figure: 'raw SQL p50', value: ms(raw.p50), target: '', ratio: '', met: '' },
      { figure: 'raw SQL p99', value: ms(raw.p99), target: '', ratio: '', met: '' },
      { figure: 'raw SQL throughput', value: `${Math.round(raw.throughput)} q/s`, target: '', ratio: '', met: '' },
      { figure: 'raw request statement p50 (read + audit)', value: ms(rawTx.p50), target: '', ratio: '', met: '' },
      { figure: 'raw request statement p99', value: ms(rawTx.p99), target: '', ratio: '', met: '' },
      { figure: 'raw request statement throughput', value: `${Math.round(rawTx.throughput)} tx/s`, target: '', ratio: '', met: '' },
      { figure: 'endpoint / raw request statement, p50', value: '', target: '≤ 1.5x', ratio: `${(http.p50 / rawTx.p50).toFixed(2)}x`, met: yes(http.p50 / rawTx.p50 <= 1.5) },
      { figure: 'endpoint / raw request statement, p99', value: '', target: '≤ 1.5x', ratio: `${(http.p99 / rawTx.p99).toFixed(2)}x`, met: yes(http.p99 / rawTx.p99 <= 1.5) },
      { figure: 'CPU per request: app / load generator / postgres', value: `${appCpu.app!.toFixed(0)} / ${appCpu['load generator']!.toFixed(0)} / ${appCpu.postgres!.toFixed(0)} µs`, target: '(where it goes)', ratio: '', met: '' },
      { figure: 'CPU per raw request statement: client / postgres', value: `${rawCpu.client.toFixed(0)} / ${rawCpu.postgres.toFixed(0)} µs`, target: '(where it goes)', ratio: '', met: '' },
      { figure: 'raw with uncached session lookup p50/p99', value: `${ms(rawWithSession.p50)} / ${ms(rawWithSession.p99)}`, target: '(context)', ratio: '', met: '' },
      { figure: 'bare node:http + the statement: p50/p99', value: `${ms(hop.saturated.latency.p50)} / ${ms(hop.saturated.latency.p99)}`, target: '(the HTTP hop alone)', ratio: `${(hop.saturated.latency.p50 / rawTx.p50).toFixed(2)}x / ${(hop.saturated.latency.p99 / rawTx.p99).toFixed(2)}x raw`, met: '' },
      { figure: 'bare node:http: throughput, CPU/request', value: `${Math.round(hop.saturated.requests.average)} req/s, ${hop.cpu.server!.toFixed(0)} µs`, target: '(context)', ratio: '', met: '' },
      { figure: `bare node:http steady ${STEADY_RATE}/s p50/p99`, value: `${ms(hop.steady.p50)} / ${ms(hop.steady.p99)}`, target: '(the HTTP hop alone)', ratio: `${(hop.steady.p50 / steadyRaw.p50).toFixed(2)}x / ${(hop.steady.p99 / steadyRaw.p99).toFixed(2)}x raw`, met: '' },
      { figure: 'endpoint / raw, p50', value: '', target: '≤ 3x', ratio: `${(http.p50 / raw.p50).toFixed(2)}x`, met: yes(http.p50 / raw.p50 <= 3) },
      { figure: 'endpoint / raw, p99', value: '', target: '≤ 3x', ratio: `${(http.p99 / raw.p99).toFixed(2)}x`, met: yes(http.p99 / raw.p99 <= 3) },
      { figure: 'raw / endpoint, throughput', value: '', target: '≤ 3x', ratio: `${(raw.throughput / http.throughput).toFixed(2)}x`, met: yes(raw.throughput / http.throughput <= 3) },
    );
  } finally {
    if (utvag) await stopChild(utvag);
    if (process.env.BENCH_KEEP || reuse) console.log(`Kept database ${name} (BENCH_FOUNDATION_DB=${name} measures on it again)`);
    else await withClient(SERVER_URL, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

async function pssKb(pid: number): Promise<number> {
  const rollup = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
}

async function childPids(parent: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(entry));
  }
  return out;
}

async function startUntilHealthy(env: Record<string, string>, port: number): Promise<{ run: ChildRun; ms: number }> {
  const began = performance.now();
  const run = startServer(env);
  await waitFor(async () => {
    if (run.child.exitCode !== null) throw new Error(`Utväg exited:\n${run.output()}`);
    return fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false);
  }, 120_000, 'Utväg to answer /api/health');
  return { run, ms: performance.now() - began };
}

async function embeddedBench(rows: BenchRow[]): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-bench-'));
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  const env = { UTVAG_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(port), LOG_LEVEL: 'warn' };
  try {
    console.log('Embedded: first start (initialises the data folder) …');
    const cold = await startUntilHealthy(env, port);
    await stopChild(cold.run);
    console.log('Embedded: second start of the same data folder …');
    const warm = await startUntilHealthy(env, port);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const appRss = await rssKb(warm.run.child.pid!);
      const postmaster = (await postmasterPid(path.join(dataDir, 'postgres')))!;
      const pgPids = [postmaster, ...(await childPids(postmaster))];
      const pgRss = (await Promise.all(pgPids.map(rssKb))).reduce((a, b) => a + b, 0);
      const pgPss = (await Promise.all(pgPids.map(pssKb))).reduce((a, b) => a + b, 0);
      // Where it goes: each postgres process's RSS (shared memory it has touched counts in each) and what it is.
      for (const pid of pgPids) {
        const cmd = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim().slice(0, 60);
        console.log(`  postgres ${pid}: RSS ${((await rssKb(pid)) / 1024).toFixed(1)} MB, PSS ${((await pssKb(pid)) / 1024).toFixed(1)} MB  ${cmd}`);
      }
      const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
      const total = (appRss + pgRss) / 1024;
      recordFigures([
        { figure: 'memory after start: Utväg RSS', value: mb(appRss), target: '' },
        { figure: `memory after start: embedded postgres RSS (${pgPids.length} processes, sum)`, value: mb(pgRss), target: '' },
        { figure: 'memory after start: together', value: `${total.toFixed(0)} MB`, target: '< 300 MB', met: total < 300 },
        { figure: 'memory after start: postgres PSS (shared memory counted once)', value: mb(pgPss), target: '' },
        { figure: 'start-up to ready, warm', value: `${(warm.ms / 1000).toFixed(2)} s`, target: '< 5 s', met: warm.ms < 5000 },
      ]);
      rows.push(
        { figure: 'start-up to ready, first start (initdb)', value: `${(cold.ms / 1000).toFixed(2)} s`, target: '', ratio: '', met: '' },
        { figure: 'start-up to ready, warm', value: `${(warm.ms / 1000).toFixed(2)} s`, target: '< 5 s', ratio: `${(warm.ms / 5000).toFixed(2)}x of target`, met: yes(warm.ms < 5000) },
        { figure: 'RSS of the Utväg process', value: mb(appRss), target: '', ratio: '', met: '' },
        { figure: `RSS of embedded postgres (${pgPids.length} processes)`, value: mb(pgRss), target: '', ratio: '', met: '' },
        { figure: 'RSS together', value: `${total.toFixed(0)} MB`, target: '< 300 MB', ratio: `${(total / 300).toFixed(2)}x of target`, met: yes(total < 300) },
        { figure: 'postgres PSS (shared memory counted once)', value: mb(pgPss), target: '', ratio: '', met: '' },
      );
    } finally {
      await stopChild(warm.run);
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

export async function runFoundationBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const scenarios: ScenarioRow[] = [];
  console.log(`Foundation bench: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`);
  if (COMPILED) await buildServer();
  console.log(`Server: ${COMPILED ? 'compiled (dist/server/main.js, as npm start runs it)' : 'sources through tsx (BENCH_TSX=1)'}`);
  if (!process.env.BENCH_SKIP_ENDPOINT) await endpointBench(rows, scenarios);
  // BENCH_SKIP_EMBEDDED=1: only the endpoint figures (the embedded start-up and memory take a minute).
  if (!process.env.BENCH_SKIP_EMBEDDED) await embeddedBench(rows);
  printTable(`Foundation (${os.cpus().length} cores, PostgreSQL server ${new URL(SERVER_URL).host})`, rows);
  recordScenarios(scenarios);
  if (scenarios.length) console.log(`\n${scenarioTable(scenarios)}`);
  console.log(`  load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFoundationBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
