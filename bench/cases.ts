/**
 * Case-record performance: seeds a fresh database on the PostgreSQL server (100 000 cases,
 * 1 000 000 journal entries, set-based SQL), starts Utväg on it, and measures with autocannon at
 * 50 connections: the case page API (session, access check, one scoped query, audit write) and the
 * unit's filtered case list; then the same SQL raw through pg for the ratio. Figures are printed
 * against the targets, never asserted.
 *
 *   npx tsx bench/cases.ts            (BENCH_PG_URL or TEST_PG_URL to use another server)
 */
import { createHash, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { capabilities, retentionRules } from '../src/capabilities.ts';
import { startUtvag } from '../src/core/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { caseListQuery, casePageQuery } from '../src/cases/store.ts';
import type { UnitScope } from '../src/core/access/scope.ts';
import { makeUser, currentTotp, TEST_PASSWORD } from '../src/testing/app.ts';
import autocannon from 'autocannon';



/** BENCH_SCALE below 1 gives a quick smaller run (the figures then say nothing about the targets). */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CASES = Math.round(100_000 * SCALE);
const JOURNAL = Math.round(1_000_000 * SCALE);
/** Cases in the bench caseworker's unit that carry 200 journal entries each: the pages we open. */
const HEAVY_CASES = Math.round(2_000 * SCALE);
const UNITS = 10;
const CONNECTIONS = 50;
/** 50 caseworkers, one case page (or list) a second each. */
const STEADY_RATE = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);

const TARGETS = { casePageP99Ms: 20, casePageRatio: 3, listP99Ms: 50 };

function log(line: string) {
  process.stdout.write(line + '\n');
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await fn();
  log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return out;
}

/** Set-based seeding as the owner: every row comes from generate_series, nothing row by row. */
async function seed(ownerUrl: string, userId: string, unitIds: string[]) {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const units = `array[${unitIds.map((u) => `'${u}'::uuid`).join(',')}]`;
    // Deterministic ids that are valid version-4 UUIDs (the API validates them as such).
    await c.query(`create function bench_uuid(t text) returns uuid language sql immutable as $$
      select (substr(md5(t), 1, 12) || '4' || substr(md5(t), 14, 3) || '8' || substr(md5(t), 18))::uuid $$`);
    await timed('persons + contacts + cases', async () => {
      await c.query(`
        insert into persons (id, identity_mode, pseudonym, birth_year, gender, languages, risk_factors)
        select bench_uuid('p' || g), 'pseudonymous', 'Bench ' || g, 1960 + g % 45, (array['woman','man','non_binary','not_stated'])[1 + g % 4], array['sv'], '{}'
        from generate_series(1, ${CASES}) g`);
      await c.query(`
        insert into contacts (id, channel, received_on, registered_by, person_id, person_role, age_group, summary)
        select bench_uuid('c' || g), (array['own_contact','phone','police','street_outreach','online_outreach'])[1 + g % 5],
          date '2026-01-01' - (g % 900), '${userId}', bench_uuid('p' || g), case when g % 17 = 0 then 'buys' else 'exposed' end,
          case when g % 9 = 0 then '15_17' else 'adult' end, 'Fiktiv sammanfattning för prestandatest.'
        from generate_series(1, ${CASES}) g`);
      await c.query(`
        insert into cases (id, contact_id, person_id, unit_id, status, person_role, age_group, victim, exploitation_types,
          assessment_due, assigned_to, opened_at, opened_by, last_activity_at)
        select bench_uuid('k' || g), bench_uuid('c' || g), bench_uuid('p' || g),
          case when g <= ${HEAVY_CASES} then (${units})[1] else (${units})[1 + g % ${UNITS}] end,
          (array['opened','initial_assessment','investigation','decisions','follow_up','closed'])[1 + g % 6],
          case when g % 17 = 0 then 'buys' else 'exposed' end, case when g % 9 = 0 then '15_17' else 'adult' end,
          g % 17 <> 0, array['sex_for_compensation'], case when g % 4 = 0 then date '2026-01-01' - (g % 900) + 14 end,
          case when g % 3 = 0 then '${userId}'::uuid end,
          timestamptz '2026-01-01' - make_interval(days => g % 900, secs => g % 86400), '${userId}', now()
        from generate_series(1, ${CASES}) g`);
      await c.query(`insert into case_steps (case_id, status, by_user, at) select bench_uuid('k' || g), 'opened', '${userId}', timestamptz '2026-01-01' - make_interval(days => g % 900) from generate_series(1, ${CASES}) g`);
    });
    await timed(`journal entries (${JOURNAL.toLocaleString('en')})`, async () => {
      const heavy = HEAVY_CASES * 200;
      await c.query(`
        insert into journal_entries (case_id, entry_date, text, author_id, written_at, signed_at)
        select bench_uuid('k' || (case when g <= ${heavy} then 1 + (g - 1) / 200 else ${HEAVY_CASES + 1} + (g - ${heavy + 1}) % ${CASES - HEAVY_CASES} end)),
          date '2026-01-01' - (g % 900),
          'Fiktiv journalanteckning nummer ' || g || '. Samtal om boende, försörjning och fortsatt stöd enligt planen.',
          '${userId}', timestamptz '2026-01-01' - make_interval(secs => g), timestamptz '2026-01-01' - make_interval(secs => g) + interval '1 hour'
        from generate_series(1, ${JOURNAL}) g`);
    });
    await timed('decisions', async () => {
      await c.query(`
        insert into decisions (case_id, support_type, outcome, reasoning, decided_by, decided_at)
        select bench_uuid('k' || (case when g <= ${CASES} then g else 1 + g % ${HEAVY_CASES} end)),
          (array['economic_aid','protected_housing','support_talks','trauma_treatment'])[1 + g % 4], 'granted',
          'Fiktiv motivering för prestandatest.', '${userId}', timestamptz '2026-01-01' - make_interval(days => g % 900)
        from generate_series(1, ${CASES + HEAVY_CASES * 3}) g`);
    });
    await timed('analyze', () => c.query('analyze'));
  } finally {
    await c.end();
  }
}

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair!.indexOf('=');
    jar.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
}

/** Signs in over HTTP as a browser does (password + TOTP) and returns the cookie header. */
async function signIn(baseUrl: string, user: { username: string; totpSecret: string }): Promise<string> {
  const jar = new Map<string, string>();
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { token } = (await csrfRes.json()) as { token: string };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: header() }, body: JSON.stringify(body) });
    cookiesOf(r, jar);
    if (!r.ok) throw new Error(`${path} → ${r.status}`);
  };
  await post('/api/auth/sign-in', { username: user.username, password: TEST_PASSWORD });
  await post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
  return header();
}

/**
 * The same statements, raw through pg, for the ratio: 50 concurrent callers over a pool as large as
 * the application's (the server's connection limit is shared with everything else on it).
 */
async function rawLatencies(url: string, make: () => { text: string; values: unknown[] }, seconds: number, poolSize: number) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC' });
  pool.on('error', () => {});
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const q = make();
        const t = performance.now();
        await pool.query(q.text, q.values);
        latencies.push(performance.now() - t);
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { p50: at(50), p99: at(99), throughput: latencies.length / seconds };
}

export interface CasesBenchResult {
  casePage: { p50: number; p99: number; throughput: number; non2xx: number };
  steadyPage: { p50: number; p99: number; non2xx: number };
  steadyList: { p50: number; p99: number; non2xx: number };
  casePageRaw: { p50: number; p99: number; throughput: number };
  list: { p50: number; p99: number; throughput: number; non2xx: number };
  listRaw: { p50: number; p99: number; throughput: number };
}

export async function runCasesBench(): Promise<CasesBenchResult> {
  const adminUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `utvag_bench_cases_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ownerUrl = url.href;
  log(`Cases bench on ${url.host}/${name}: ${CASES.toLocaleString('en')} cases, ${JOURNAL.toLocaleString('en')} journal entries`);
  let utvag: Awaited<ReturnType<typeof startUtvag>> | undefined;
  try {
    await migrate(ownerUrl, capabilities);
    const setup = openDatabase(ownerUrl, 2, { asAppRole: false });
    const unitIds: string[] = [];
    for (let i = 0; i < UNITS; i++) unitIds.push((await setup.db.insertInto('units').values({ name: `Bench enhet ${i}`, kind: i % 2 ? 'children' : 'adult' }).returning('id').executeTakeFirstOrThrow()).id);
    const user = await makeUser(setup.db, [{ role: 'caseworker', unit: 'Bench enhet 0' }]);
    await setup.close();
    await seed(ownerUrl, user.id, unitIds);

    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', RUN_JOBS: 'false', HOST: '127.0.0.1', PORT: '0', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-1', PUBLIC_URL: 'http://127.0.0.1' });
    utvag = await startUtvag(config, { capabilities, ownerUrl, listen: true });
    const baseUrl = utvag.url.replace('[::1]', '127.0.0.1');
    const cookie = await signIn(baseUrl, user);
    const probe = await fetch(`${baseUrl}/api/cases/${md5uuid('k1')}`, { headers: { cookie } });
    if (probe.status !== 200) throw new Error(`the case page answered ${probe.status}: ${await probe.text()}`);
    const heavyId = (n: number) => md5uuid(`k${n}`);
    const pick = () => heavyId(1 + Math.floor(Math.random() * HEAVY_CASES));
    const listPath = '/api/cases?scope=unit&view=awaiting_assessment&population=victims&ageGroup=adult&limit=50';

    log(`Case page API: ${CONNECTIONS} connections, ${DURATION_S} s`);
    const page = await autocannon({ url: baseUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie }, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/cases/${pick()}` }) }] });
    // People do not send their next request the instant the last one returns: 50 caseworkers at one
    // case page a second each is a busy day. Latency at that steady rate, beside the saturated run.
    log(`Case page API at a steady ${STEADY_RATE} req/s from ${CONNECTIONS} connections, ${DURATION_S} s`);
    const steadyPage = await autocannon({ url: baseUrl, connections: CONNECTIONS, overallRate: STEADY_RATE, duration: DURATION_S, headers: { cookie }, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/cases/${pick()}` }) }] });
    const steadyList = await autocannon({ url: baseUrl, connections: CONNECTIONS, overallRate: STEADY_RATE, duration: DURATION_S, headers: { cookie }, requests: [{ method: 'GET', path: listPath }] });
    log(`Case list API (my unit, filtered): ${CONNECTIONS} connections, ${DURATION_S} s`);
    const list = await autocannon({ url: baseUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie }, requests: [{ method: 'GET', path: listPath }] });

    const scope: UnitScope = { permission: 'cases.read', units: [unitIds[0]!] };
    const raw = (q: { sql: string; parameters: readonly unknown[] }) => ({ text: q.sql, values: [...q.parameters] });
    const pageRaw = await rawLatencies(ownerUrl, () => raw(casePageQuery(utvag!.database.db, scope, pick()).compile()), Math.min(DURATION_S, 10), config.poolSize);
    const listRaw = await rawLatencies(
      ownerUrl,
      () => raw(caseListQuery(utvag!.database.db, scope, user.id, { scope: 'unit', view: 'awaiting_assessment', population: 'victims', ageGroup: 'adult', limit: 50, offset: 0 }).compile()),
      Math.min(DURATION_S, 10),
      config.poolSize,
    );
    const result: CasesBenchResult = {
      casePage: { p50: page.latency.p50, p99: page.latency.p99, throughput: page.requests.average, non2xx: page.non2xx },
      steadyPage: { p50: steadyPage.latency.p50, p99: steadyPage.latency.p99, non2xx: steadyPage.non2xx },
      steadyList: { p50: steadyList.latency.p50, p99: steadyList.latency.p99, non2xx: steadyList.non2xx },
      casePageRaw: pageRaw,
      list: { p50: list.latency.p50, p99: list.latency.p99, throughput: list.requests.average, non2xx: list.non2xx },
      listRaw,
    };
    printResult(result);
    return result;
  } finally {
    await utvag?.stop();
    if (process.env.BENCH_KEEP) {
      log(`Kept database ${name} (BENCH_KEEP)`);
    } else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

/** The same ids as bench_uuid() in SQL. */
function md5uuid(s: string): string {
  const m = createHash('md5').update(s).digest('hex');
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function printResult(r: CasesBenchResult) {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const ok = (pass: boolean) => (pass ? 'meets target' : 'MISSES target');
  const ratio = r.casePage.p99 / Math.max(r.casePageRaw.p99, 0.001);
  log('');
  log('Case page API (session, access check, scoped query with 200 journal entries and decisions, audit write)');
  log(`  p50 ${ms(r.casePage.p50)}   p99 ${ms(r.casePage.p99)}   ${r.casePage.throughput.toFixed(0)} req/s   non-2xx ${r.casePage.non2xx}`);
  log(`  raw SQL via pg: p50 ${ms(r.casePageRaw.p50)}   p99 ${ms(r.casePageRaw.p99)}   ${r.casePageRaw.throughput.toFixed(0)} q/s`);
  log(`  p99 ${ms(r.casePage.p99)} vs target < ${TARGETS.casePageP99Ms} ms: ${ok(r.casePage.p99 < TARGETS.casePageP99Ms)}`);
  log(`  p99 ratio API/raw ${ratio.toFixed(2)}x vs target ≤ ${TARGETS.casePageRatio}x: ${ok(ratio <= TARGETS.casePageRatio)}`);
  log(`  at a steady ${STEADY_RATE} req/s (50 users, one page a second each): p50 ${ms(r.steadyPage.p50)}   p99 ${ms(r.steadyPage.p99)}   non-2xx ${r.steadyPage.non2xx}: ${ok(r.steadyPage.p99 < TARGETS.casePageP99Ms)}`);
  log('My unit’s case list (awaiting assessment, victims, adults; 50 rows)');
  log(`  p50 ${ms(r.list.p50)}   p99 ${ms(r.list.p99)}   ${r.list.throughput.toFixed(0)} req/s   non-2xx ${r.list.non2xx}`);
  log(`  raw SQL via pg: p50 ${ms(r.listRaw.p50)}   p99 ${ms(r.listRaw.p99)}   ratio ${(r.list.p99 / Math.max(r.listRaw.p99, 0.001)).toFixed(2)}x`);
  log(`  p99 ${ms(r.list.p99)} vs target < ${TARGETS.listP99Ms} ms: ${ok(r.list.p99 < TARGETS.listP99Ms)}`);
  log(`  at a steady ${STEADY_RATE} req/s: p50 ${ms(r.steadyList.p50)}   p99 ${ms(r.steadyList.p99)}   non-2xx ${r.steadyList.non2xx}: ${ok(r.steadyList.p99 < TARGETS.listP99Ms)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCasesBench().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
