/**
 * The application's own CPU time per audited single read, at a low fixed concurrency: on a shared
 * machine latency is noise, CPU time per request much less so. Compares builds of the server
 * (before/after a change) where the saturated latency cannot.
 *
 *   BENCH_FOUNDATION_DB=<a database bench/foundation.ts kept> npx tsx bench/app-cpu.ts
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { openDatabase } from '../src/core/db/database.ts';
import { buildServer, SERVER_BUNDLE } from '../src/cli/build-server.ts';
import { makeUser, TEST_TOTP_KEY } from '../src/testing/app.ts';
import { HttpSession } from '../src/testing/http-session.ts';
import { freePort, runTs } from '../src/testing/processes.ts';
import { cpuMs } from './load.ts';

const SERVER_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = process.env.BENCH_FOUNDATION_DB;
if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('BENCH_FOUNDATION_DB=<database name> is required');
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

await buildServer();
const owner = openDatabase(url.href, 2, { asAppRole: false });
const admin = await makeUser(owner.db, [{ role: 'administrator' }], { username: `bench.cpu.${randomBytes(3).toString('hex')}` });
const subject = await makeUser(owner.db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
await owner.close();
const port = await freePort();
const run = runTs([SERVER_BUNDLE, 'start'], { DATABASE_URL: url.href, PORT: String(port), RUN_JOBS: 'false', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10', TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY }, '--enable-source-maps', { compiled: true });
try {
  await run.waitForOutput('Utväg is ready', 120_000);
  const base = `http://127.0.0.1:${port}`;
  const session = await new HttpSession(base).signIn(admin);
  const target = `${base}/api/organisation/users/${subject.id}`;
  const pid = run.child.pid!;
  await autocannon({ url: target, connections: 4, amount: REQUESTS, headers: { cookie: session.cookieHeader } });
  const perRequest: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const before = cpuMs([pid]);
    const r = await autocannon({ url: target, connections: 4, amount: REQUESTS, headers: { cookie: session.cookieHeader } });
    if (r.non2xx || r.errors) throw new Error(`non-2xx ${r.non2xx}, errors ${r.errors}`);
    perRequest.push(((cpuMs([pid]) - before) * 1000) / r.requests.total);
  }
  perRequest.sort((a, b) => a - b);
  console.log(`app CPU per audited single read (4 connections, ${REQUESTS} requests a round): ${perRequest.map((v) => v.toFixed(0)).join(' ')} µs; lowest ${perRequest[0]!.toFixed(0)}, median ${perRequest[Math.floor(ROUNDS / 2)]!.toFixed(0)}`);
} finally {
  run.child.kill('SIGTERM');
  await run.exited;
}
process.exit(0);
