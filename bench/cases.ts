/**
 * Case-record performance: seeds a fresh database on the PostgreSQL server (100 000 cases,
 * 1 000 000 journal entries, set-based SQL), starts Utväg on it, and measures with autocannon the
 * case page API (session, access check, one scoped query with the latest 20 journal entries and
 * its audit insert) and the unit's filtered case list (50 rows), at a steady 50 requests/s (the
 * headline; requests paced evenly, open model) and saturated at 50 connections (autocannon); then
 * the same statements the request issues, raw through pg at the same rate, for the ratio app/raw. Figures are printed against the targets,
 * never asserted.
 *
 *   npx tsx bench/cases.ts            (BENCH_PG_URL or TEST_PG_URL to use another server)
 *   BENCH_KEEP=1                      keeps the seeded database; BENCH_DB=<its name> measures on it again
 *   BENCH_PROFILE=<file.cpuprofile>   CPU profile of this process (server and load generator) during
 *                                     the saturated case page run
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { capabilities, retentionRules } from '../src/capabilities.ts';
import { startUtvag } from '../src/core/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { caseListQuery, casePageQuery } from '../src/cases/store.ts';
import type { UnitScope } from '../src/core/access/scope.ts';
import { auditedList, auditedRead } from '../src/core/audit-log/audit.ts';
import type { Executor } from '../src/core/db/database.ts';
import type { CompiledQuery } from 'kysely';
import { makeUser, currentTotp, TEST_PASSWORD, TEST_TOTP_KEY } from '../src/testing/app.ts';
import { seedAudit } from './foundation.ts';
import { appSteady, BENCH_UUID_FUNCTION, log, loopProbe, percentiles, saturate, sealerCaughtUp, settle, rawSteady, recordScenarios, scenarioTable, timed, type ScenarioRow, type Statement } from './load.ts';
import autocannon from 'autocannon';



/** BENCH_SCALE below 1 gives a quick smaller run (the figures then say nothing about the targets). */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CASES = Math.round(100_000 * SCALE);
const JOURNAL = Math.round(1_000_000 * SCALE);
const AUDIT = Math.round(Number(process.env.BENCH_AUDIT_ROWS ?? 10_000_000 * SCALE));
/** Cases in the bench caseworker's unit that carry 200 journal entries each: the pages we open. */
const HEAVY_CASES = Math.round(2_000 * SCALE);
const UNITS = 10;
const CONNECTIONS = 50;
/** 50 caseworkers, one case page (or list) a second each. */
const STEADY_RATE = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP_S = 5;

/** The quality bar (shared/product/quality.md): at a steady 50 requests/s. The ratio is a guide, not a bar. */
const TARGETS = { casePageP99Ms: 30, listP99Ms: 50, ratio: 1.5 };



/** Set-based seeding as the owner: every row comes from generate_series, nothing row by row. */
async function seed(ownerUrl: string, userId: string, unitIds: string[]) {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const units = `array[${unitIds.map((u) => `'${u}'::uuid`).join(',')}]`;
    await c.query(BENCH_UUID_FUNCTION);
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
    // A database in use has been vacuumed by autovacuum since its rows were written: the visibility
    // map is set, so index-only scans need no heap fetches. Seeded in one go, it is not yet.
    await timed('vacuum analyze', () => c.query('vacuum analyze'));
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
export async function signIn(baseUrl: string, user: { username: string; totpSecret: string }): Promise<string> {
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
async function rawLatencies(url: string, make: () => Statement[], seconds: number, poolSize: number) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC' });
  pool.on('error', () => {});
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const statements = make();
        const t = performance.now();
        const client = await pool.connect();
        try {
          for (const q of statements) await client.query(q.text, q.values);
        } finally {
          client.release();
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  await pool.end();
  const { p50, p99 } = percentiles(latencies);
  return { p50, p99, throughput: latencies.length / seconds };
}

interface Steady {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface CasesBenchResult {
  casePage: { p50: number; p99: number; throughput: number; non2xx: number };
  steadyPage: Steady & { failed: number };
  steadyPageRaw: Steady;
  steadyList: Steady & { failed: number };
  steadyListRaw: Steady;
  casePageRaw: { p50: number; p99: number; throughput: number };
  list: { p50: number; p99: number; throughput: number; non2xx: number };
  listRaw: { p50: number; p99: number; throughput: number };
}

export async function runCasesBench(): Promise<CasesBenchResult> {
  const adminUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const reuse = process.env.BENCH_DB;
  const name = reuse ?? `utvag_bench_cases_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`BENCH_DB: not a database name: ${name}`);
  if (!reuse) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ownerUrl = url.href;
  log(`Cases bench on ${url.host}/${name}${reuse ? ' (seeded before)' : ''}: ${CASES.toLocaleString('en')} cases, ${JOURNAL.toLocaleString('en')} journal entries, ${AUDIT.toLocaleString('en')} audit rows${reuse ? ' (as seeded then)' : ''}`);
  log(`  machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`);
  let utvag: Awaited<ReturnType<typeof startUtvag>> | undefined;
  try {
    await migrate(ownerUrl, capabilities);
    const setup = openDatabase(ownerUrl, 2, { asAppRole: false });
    const unitIds: string[] = [];
    for (let i = 0; i < UNITS; i++) {
      const existing = reuse ? await setup.db.selectFrom('units').select('id').where('name', '=', `Bench enhet ${i}`).executeTakeFirst() : undefined;
      unitIds.push(existing?.id ?? (await setup.db.insertInto('units').values({ name: `Bench enhet ${i}`, kind: i % 2 ? 'children' : 'adult' }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const user = await makeUser(setup.db, [{ role: 'caseworker', unit: 'Bench enhet 0' }]);
    await setup.close();
    if (!reuse) {
      await seed(ownerUrl, user.id, unitIds);
      log(`  audit rows (${AUDIT.toLocaleString('en')})`);
      await seedAudit(ownerUrl, AUDIT);
    } else {
      const c = new pg.Client({ connectionString: ownerUrl });
      await c.connect();
      await timed('vacuum analyze', () => c.query('vacuum analyze'));
      await c.end();
    }

    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', RUN_JOBS: 'false', HOST: '127.0.0.1', PORT: '0', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-1', PUBLIC_URL: 'http://127.0.0.1', TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY });
    utvag = await startUtvag(config, { capabilities, ownerUrl, listen: true });
    const baseUrl = utvag.url.replace('[::1]', '127.0.0.1');
    const cookie = await signIn(baseUrl, user);
    const probe = await fetch(`${baseUrl}/api/cases/${md5uuid('k1')}`, { headers: { cookie } });
    if (probe.status !== 200) throw new Error(`the case page answered ${probe.status}: ${await probe.text()}`);
    const probed = (await probe.json()) as { journal: unknown[]; journalCount: number };
    log(`  the case page of a heavy case: ${probed.journal.length} of ${probed.journalCount} journal entries, ${(Number(probe.headers.get('content-length') ?? 0) / 1024).toFixed(1)} KB`);
    const heavyId = (n: number) => md5uuid(`k${n}`);
    const pick = () => heavyId(1 + Math.floor(Math.random() * HEAVY_CASES));
    const listFilter = { scope: 'unit', view: 'awaiting_assessment', population: 'victims', ageGroup: 'adult', limit: 50, offset: 0 } as const;
    const listPath = '/api/cases?scope=unit&view=awaiting_assessment&population=victims&ageGroup=adult&limit=50';
    const pageRequest = [{ method: 'GET', setupRequest: (req: { path: string }) => ({ ...req, path: `/api/cases/${pick()}` }) }];

    // Warm-up, not measured: the JIT, the application's pool connections, PostgreSQL's caches.
    log(`Warm-up: ${WARMUP_S} s of case pages and lists at ${CONNECTIONS} connections (not measured)`);
    await autocannon({ url: baseUrl, connections: CONNECTIONS, duration: WARMUP_S, headers: { cookie }, requests: pageRequest });
    await autocannon({ url: baseUrl, connections: CONNECTIONS, duration: WARMUP_S, headers: { cookie }, requests: [{ method: 'GET', path: listPath }] });
    // What the raw runs of an earlier run left in the audit log is sealed before measuring (see sealerCaughtUp).
    await sealerCaughtUp(ownerUrl);

    // People do not send their next request the instant the last one returns: 50 caseworkers at one
    // case page a second each is a busy day. The latency at that steady rate is what the bar is about.
    log(`Case page API at a steady ${STEADY_RATE} req/s from ${CONNECTIONS} connections, ${DURATION_S} s`);
    await settle();
    let loop = loopProbe();
    const steadyPage = await appSteady(baseUrl, cookie, () => `/api/cases/${pick()}`, STEADY_RATE, DURATION_S);
    log(`  ${loop.stop()}`);
    log(`  slowest: ${steadyPage.slowest.map((r) => `${r.ms.toFixed(0)} ms at ${r.at.toFixed(1)} s`).join(', ')}`);
    log(`Case list API (my unit, filtered) at a steady ${STEADY_RATE} req/s, ${DURATION_S} s`);
    loop = loopProbe();
    const steadyList = await appSteady(baseUrl, cookie, () => listPath, STEADY_RATE, DURATION_S);
    log(`  ${loop.stop()}`);
    log(`  slowest: ${steadyList.slowest.map((r) => `${r.ms.toFixed(0)} ms at ${r.at.toFixed(1)} s`).join(', ')}`);
    log(`Case page API saturated: ${CONNECTIONS} connections, ${DURATION_S} s${process.env.BENCH_PROFILE ? ' (CPU profile)' : ''}`);
    const page = await profiled(process.env.BENCH_PROFILE, () =>
      saturate({ url: baseUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie }, requests: pageRequest }),
    );
    log(`Case list API saturated: ${CONNECTIONS} connections, ${DURATION_S} s`);
    const list = await saturate({ url: baseUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie }, requests: [{ method: 'GET', path: listPath }] });

    // The statements each request issues, compiled by the application's own code: the case page and
    // the list are one statement each (the read and its audit insert: auditedRead, auditedList).
    // The session comes from the in-process cache: no statement.
    const scope: UnitScope = { permission: 'cases.read', units: [unitIds[0]!] };
    const actor = { userId: user.id, role: 'caseworker', unitId: unitIds[0]! };
    const pageStatements = () => [
      captured((executor) =>
        auditedRead(executor, actor, casePageQuery(utvag!.database.db, scope, pick()).compile(), {
          action: 'read',
          recordType: 'case',
          recordIdColumn: 'id',
          personIdColumn: 'person_id',
          fields: ['status', 'person', 'contact', 'journal', 'decisions', 'answers', 'exploitationTypes', 'traffickingIndicators'],
          purpose: 'case work',
        }),
      ),
    ];
    const listStatements = () => [
      captured((executor) =>
        auditedList(executor, actor, caseListQuery(utvag!.database.db, scope, user.id, listFilter).compile(), {
          action: 'list',
          recordType: 'case',
          personIdColumn: 'personId',
          fields: ['status', 'personLabel', 'personRole', 'ageGroup'],
          purpose: 'case work',
          details: { scope: 'unit', view: 'awaiting_assessment' },
        }),
      ),
    ];
    log(`The same statements raw through pg: steady ${STEADY_RATE}/s for ${DURATION_S} s, then saturated`);
    await rawLatencies(ownerUrl, pageStatements, WARMUP_S, config.poolSize);
    await rawLatencies(ownerUrl, listStatements, WARMUP_S, config.poolSize);
    const steadyPageRaw = await rawSteady(ownerUrl, pageStatements, STEADY_RATE, DURATION_S, config.poolSize);
    const steadyListRaw = await rawSteady(ownerUrl, listStatements, STEADY_RATE, DURATION_S, config.poolSize);
    const pageRaw = await rawLatencies(ownerUrl, pageStatements, Math.min(DURATION_S, 10), config.poolSize);
    const listRaw = await rawLatencies(ownerUrl, listStatements, Math.min(DURATION_S, 10), config.poolSize);
    const result: CasesBenchResult = {
      casePage: { p50: page.latency.p50, p99: page.latency.p99, throughput: page.requests.average, non2xx: page.non2xx },
      steadyPage,
      steadyPageRaw,
      steadyList,
      steadyListRaw,
      casePageRaw: pageRaw,
      list: { p50: list.latency.p50, p99: list.latency.p99, throughput: list.requests.average, non2xx: list.non2xx },
      listRaw,
    };
    printResult(result);
    recordScenarios(casesScenarios(result));
    log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (${cpus().length} cores; other work on the machine counts in every figure)`);
    return result;
  } finally {
    await utvag?.stop();
    if (process.env.BENCH_KEEP || reuse) {
      log(`Kept database ${name} (BENCH_KEEP / BENCH_DB)`);
    } else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

/** The one statement an audited read or list sends (read + audit insert), compiled by its own code without running it. */
function captured(send: (executor: Executor) => Promise<unknown>): Statement {
  let statement: CompiledQuery | undefined;
  const capture = { executeQuery: async (q: CompiledQuery) => ((statement = q), { rows: [] }) } as unknown as Executor;
  void send(capture);
  if (!statement) throw new Error('nothing was sent');
  return { text: statement.sql, values: [...statement.parameters] };
}

/** Runs the work under the V8 CPU profiler when a file is named, and writes the profile there. */
async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    log(`  CPU profile written to ${file}`);
  }
}

/** The same ids as bench_uuid() in SQL. */
function md5uuid(s: string): string {
  const m = createHash('md5').update(s).digest('hex');
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The figures as rows of the bench table: the steady runs hold the targets, the saturated ones give throughput. */
export function casesScenarios(r: CasesBenchResult): ScenarioRow[] {
  const size = `${CASES.toLocaleString('en')} cases, ${JOURNAL.toLocaleString('en')} entries`;
  const failures = (n: number) => (n ? `${n} failed` : undefined);
  return [
    { scenario: 'case page (latest 20)', rate: `steady ${STEADY_RATE}/s`, p50: r.steadyPage.p50, p99: r.steadyPage.p99, rawP50: r.steadyPageRaw.p50, rawP99: r.steadyPageRaw.p99, target: `p99 < ${TARGETS.casePageP99Ms} ms`, met: r.steadyPage.p99 < TARGETS.casePageP99Ms && !r.steadyPage.failed, note: failures(r.steadyPage.failed) ?? size },
    { scenario: 'case list (my unit, 50)', rate: `steady ${STEADY_RATE}/s`, p50: r.steadyList.p50, p99: r.steadyList.p99, rawP50: r.steadyListRaw.p50, rawP99: r.steadyListRaw.p99, target: `p99 < ${TARGETS.listP99Ms} ms`, met: r.steadyList.p99 < TARGETS.listP99Ms && !r.steadyList.failed, note: failures(r.steadyList.failed) },
    { scenario: 'case page (latest 20)', rate: `saturated ${CONNECTIONS} conn.`, p50: r.casePage.p50, p99: r.casePage.p99, rawP50: r.casePageRaw.p50, rawP99: r.casePageRaw.p99, target: `(throughput)`, note: `${r.casePage.throughput.toFixed(0)} req/s app, ${r.casePageRaw.throughput.toFixed(0)}/s raw${r.casePage.non2xx ? `; non-2xx ${r.casePage.non2xx}` : ''}` },
    { scenario: 'case list (my unit, 50)', rate: `saturated ${CONNECTIONS} conn.`, p50: r.list.p50, p99: r.list.p99, rawP50: r.listRaw.p50, rawP99: r.listRaw.p99, target: `(throughput)`, note: `${r.list.throughput.toFixed(0)} req/s app, ${r.listRaw.throughput.toFixed(0)}/s raw${r.list.non2xx ? `; non-2xx ${r.list.non2xx}` : ''}` },
  ];
}

function printResult(r: CasesBenchResult) {
  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  log('');
  log(`Cases: at a steady ${STEADY_RATE} requests/s (50 caseworkers, one request a second each) the targets hold; saturated runs give throughput (latency there is queueing)`);
  log(scenarioTable(casesScenarios(r)));
  const tail = (label: string, app: Steady, raw: Steady) => log(`  ${label.padEnd(26)} p90 ${ms(app.p90)} max ${ms(app.max)}   raw p90 ${ms(raw.p90)} max ${ms(raw.max)}`);
  tail('case page, the tail', r.steadyPage, r.steadyPageRaw);
  tail('case list, the tail', r.steadyList, r.steadyListRaw);
  log(`  raw: the request's own statements through pg (case page and list: each its read + audit insert in one statement)`);
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
