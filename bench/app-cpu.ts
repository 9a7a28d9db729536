/**
 * CPU time per audited single read at a low fixed concurrency, where each side's figure is work
 * done rather than waiting: on a shared machine latency is noise, CPU time per request much less so.
 * Each round measures, one after the other on the same database:
 *   - the application (a fresh server start: the figure of one start can differ from the next);
 *   - the HTTP hop alone: a bare node:http server issuing the audited read's own statement;
 *   - the statement raw through pg, no HTTP.
 * For each: the serving process (the app, the bare server, or the raw pg client), its PostgreSQL
 * backends and the load generator, in µs per request; the medians of the rounds at the end. The
 * app minus the bare server is what Utväg's own request path (routing, cookie, session, access,
 * validation, Kysely, answer writer, security headers) costs beyond any HTTP server. Also compares
 * builds of the server (before/after a change) where the saturated latency cannot.
 *
 *   BENCH_FOUNDATION_DB=<a database bench/foundation.ts kept> npx tsx bench/app-cpu.ts
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { APP_ROLE, openDatabase } from '../src/core/db/database.ts';
import { auditedRead } from '../src/core/audit-log/audit.ts';
import { userQuery } from '../src/organisation/store.ts';
import { buildServer, SERVER_BUNDLE } from '../src/cli/build-server.ts';
import { makeUser, TEST_TOTP_KEY } from '../src/testing/app.ts';
import { HttpSession } from '../src/testing/http-session.ts';
import { freePort, runTs, type ChildRun } from '../src/testing/processes.ts';
import { backendPids, captureQueries, cpuMs, median, ownCpuMs, sealerCaughtUp, startBareServer } from './load.ts';

const SERVER_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = process.env.BENCH_FOUNDATION_DB;
if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('BENCH_FOUNDATION_DB=<database name> is required');
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;
const dbUrl = url.href;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 4;
const POOL_SIZE = 20;

interface Cpu {
  /** The app, the bare server, or the raw pg client. */
  serving: number;
  postgres: number;
  loadGenerator: number;
}

await buildServer();
const subject = await withOwner((db) => makeUser(db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }]));
const reader = await withOwner((db) => makeUser(db, [{ role: 'administrator' }], { username: `bench.cpu.${randomBytes(3).toString('hex')}` }));
// The statement the app sends for this read (the read and its audit entry in one), compiled by the app's own code.
const [statement] = await captureQueries(dbUrl, (db) =>
  auditedRead(db, { userId: reader.id, role: 'administrator', unitId: null }, userQuery(db, subject.id).compile(), { action: 'read', recordType: 'user', recordIdColumn: 'id', fields: ['username', 'displayName', 'email', 'grants'], purpose: 'user administration' }),
);

async function withOwner<T>(work: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const owner = openDatabase(dbUrl, 1, { asAppRole: false });
  try {
    return await work(owner.db);
  } finally {
    await owner.close();
  }
}

/** Warms up, then loads the server with REQUESTS at CONNECTIONS and counts each part's CPU. */
async function overHttp(server: ChildRun, target: string, cookie: string): Promise<Cpu> {
  await autocannon({ url: target, connections: CONNECTIONS, amount: REQUESTS, headers: { cookie } });
  const backends = await backendPids(dbUrl, name!);
  const before = { serving: cpuMs([server.child.pid!]), postgres: cpuMs(backends), loadGenerator: ownCpuMs() };
  const r = await autocannon({ url: target, connections: CONNECTIONS, amount: REQUESTS, headers: { cookie } });
  if (r.non2xx || r.errors) throw new Error(`non-2xx ${r.non2xx}, errors ${r.errors}`);
  const per = (ms: number) => (ms * 1000) / r.requests.total;
  return { serving: per(cpuMs([server.child.pid!]) - before.serving), postgres: per(cpuMs(backends) - before.postgres), loadGenerator: per(ownCpuMs() - before.loadGenerator) };
}

async function stop(server: ChildRun): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

async function app(): Promise<Cpu> {
  const port = await freePort();
  const server = runTs([SERVER_BUNDLE, 'start'], { DATABASE_URL: dbUrl, PORT: String(port), RUN_JOBS: 'false', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(POOL_SIZE), TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY }, '--enable-source-maps', { compiled: true });
  try {
    await server.waitForOutput('Utväg is ready', 120_000);
    const base = `http://127.0.0.1:${port}`;
    // A user of its own each round: a TOTP code signs in once.
    const admin = await withOwner((db) => makeUser(db, [{ role: 'administrator' }], { username: `bench.cpu.${randomBytes(3).toString('hex')}` }));
    const session = await new HttpSession(base).signIn(admin);
    // The entries the bare and raw runs wrote are sealed first: sealing them is not this run's work.
    await sealerCaughtUp(dbUrl);
    return await overHttp(server, `${base}/api/organisation/users/${subject.id}`, session.cookieHeader);
  } finally {
    await stop(server);
  }
}

async function bare(): Promise<Cpu> {
  const { server, target } = await startBareServer(dbUrl, statement!, POOL_SIZE);
  try {
    return await overHttp(server, target, '');
  } finally {
    await stop(server);
  }
}

async function raw(): Promise<Cpu> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: POOL_SIZE, options: `-c role=${APP_ROLE}` });
  const once = async () => {
    const client = await pool.connect();
    try {
      await client.query(statement!.sql, [...statement!.parameters]);
    } finally {
      client.release();
    }
  };
  const run = (requests: number) =>
    Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let i = 0; i < requests / CONNECTIONS; i++) await once();
      }),
    );
  try {
    await run(REQUESTS);
    const backends = await backendPids(dbUrl, name!);
    const before = { serving: ownCpuMs(), postgres: cpuMs(backends) };
    await run(REQUESTS);
    const per = (ms: number) => (ms * 1000) / REQUESTS;
    return { serving: per(ownCpuMs() - before.serving), postgres: per(cpuMs(backends) - before.postgres), loadGenerator: 0 };
  } finally {
    await pool.end();
  }
}

const sides = { app, 'bare node:http': bare, raw } as const;
const figures: Record<keyof typeof sides, Cpu[]> = { app: [], 'bare node:http': [], raw: [] };
const show = (c: Cpu) => `${c.serving.toFixed(0)} / ${c.postgres.toFixed(0)} / ${c.loadGenerator.toFixed(0)}`;
console.log(`CPU per audited single read, µs (serving process / PostgreSQL / load generator), ${CONNECTIONS} connections, ${REQUESTS} requests a side, ${ROUNDS} rounds:`);
for (let round = 1; round <= ROUNDS; round++) {
  for (const [side, measure] of Object.entries(sides) as Array<[keyof typeof sides, () => Promise<Cpu>]>) figures[side].push(await measure());
  console.log(`  round ${round}: ${Object.entries(figures).map(([side, list]) => `${side} ${show(list.at(-1)!)}`).join('; ')}`);
}
const medianOf = (list: Cpu[]): Cpu => ({ serving: median(list.map((c) => c.serving)), postgres: median(list.map((c) => c.postgres)), loadGenerator: median(list.map((c) => c.loadGenerator)) });
const total = (c: Cpu) => c.serving + c.postgres + c.loadGenerator;
const m = { app: medianOf(figures.app), bare: medianOf(figures['bare node:http']), raw: medianOf(figures.raw) };
console.log(`medians: app ${show(m.app)}; bare node:http ${show(m.bare)}; raw ${show(m.raw)}`);
console.log(`app CPU per audited single read: ${figures.app.map((c) => c.serving.toFixed(0)).join(' ')} µs; median ${m.app.serving.toFixed(0)}`);
console.log(`the app's own request path beyond a bare node:http server: ${(m.app.serving - m.bare.serving).toFixed(0)} µs per request`);
console.log(`all CPU per request against the raw statement's: app ${(total(m.app) / total(m.raw)).toFixed(2)}x, bare node:http ${(total(m.bare) / total(m.raw)).toFixed(2)}x`);
process.exit(0);
