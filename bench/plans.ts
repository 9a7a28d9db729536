/**
 * Exit plans (issue 11): open a plan with 50 measures, 200 follow-ups and its warnings computed —
 * p99 under 30 ms on PostgreSQL with 20 000 plans. Seeds a fresh database on the PostgreSQL server
 * (set-based SQL), starts Utväg on it in this process, signs in as the coordinator and reads
 * GET /api/plans/:id (session, access check, the plan and all its parts in one statement — actors,
 * measures, follow-ups, acknowledgements, the case's decisions, the person's consents — the warnings
 * computed in memory, the audit insert) at a steady rate (open model), then saturated; then the very
 * statements the requests sent (captured from pg while real requests ran) raw through pg at the same
 * rate, for the ratio. It also counts the round trips a plan read makes: a figure the load on the
 * machine does not change.
 *
 *   npx tsx bench/plans.ts            (BENCH_PG_URL or TEST_PG_URL to use another server)
 *   BENCH_SCALE=0.1                   a quick smaller run (the figures then say nothing about the target)
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { capabilities } from '../src/capabilities.ts';
import { startUtvag } from '../src/core/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { APP_ROLE, openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { makeUser, TEST_TOTP_KEY } from '../src/testing/app.ts';
import { signIn } from './cases.ts';
import { appSteady, BENCH_UUID_FUNCTION, log, rawSteady, recordScenarios, saturate, scenarioTable, timed, type ScenarioRow, type Statement } from './load.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PLANS = Math.round(20_000 * SCALE);
/** Plans of the bench coordinator's unit with 50 measures and 200 follow-ups each: the ones opened. */
const HEAVY = Math.max(10, Math.round(200 * SCALE));
const MEASURES = 50;
const FOLLOW_UPS = 200;
const STEADY_RATE = 50;
const CONNECTIONS = 50;
/** 20 s at 50/s: 1 000 samples, so the p99 rests on the 10 slowest. */
const DURATION_S = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP_S = 5;
const TARGET_P99_MS = 30;



/**
 * Every row from generate_series. Plan g's case, person and contact carry ids derived from g; a heavy
 * plan has 4 actors (social services, healthcare, Migrationsverket, a civil-society organisation, on
 * consents), 50 measures in chains of dependencies with some ended (dependency warnings), a refused
 * economic aid citing a sex buyer, 200 follow-ups of which some are overdue, a consent about to
 * expire, 8 decisions in its case (a housing decision the case ended, linked from a measure; a refused
 * economic aid citing a buyer) and half of its overdue follow-ups acknowledged. The other plans are
 * small (5 measures, 4 follow-ups, 2 decisions).
 */
async function seed(ownerUrl: string, userId: string, unitIds: string[]) {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const units = `array[${unitIds.map((u) => `'${u}'::uuid`).join(',')}]`;
    await c.query(BENCH_UUID_FUNCTION);
    await timed(`persons, contacts, cases, plans (${PLANS.toLocaleString('en')})`, async () => {
      await c.query(`
        insert into persons (id, identity_mode, pseudonym, birth_year, gender, languages, risk_factors)
        select bench_uuid('p' || g), 'pseudonymous', 'Bench ' || g, 1970 + g % 35, (array['woman','man','non_binary','not_stated'])[1 + g % 4], array['sv'], '{}'
        from generate_series(1, ${PLANS}) g`);
      await c.query(`
        insert into contacts (id, channel, received_on, registered_by, person_id, person_role, age_group, summary)
        select bench_uuid('c' || g), 'own_contact', date '2026-01-01' - (g % 700), '${userId}', bench_uuid('p' || g), 'exposed', 'adult', 'Fiktiv sammanfattning.'
        from generate_series(1, ${PLANS}) g`);
      await c.query(`
        insert into cases (id, contact_id, person_id, unit_id, status, person_role, age_group, victim, exploitation_types, opened_at, opened_by, last_activity_at)
        select bench_uuid('k' || g), bench_uuid('c' || g), bench_uuid('p' || g),
          case when g <= ${HEAVY} then (${units})[1] else (${units})[1 + g % ${unitIds.length}] end,
          'follow_up', 'exposed', 'adult', true, array['sex_for_compensation'], timestamptz '2026-01-01' - make_interval(days => g % 700), '${userId}', now()
        from generate_series(1, ${PLANS}) g`);
      await c.query(`
        insert into exit_plans (id, case_id, person_id, unit_id, coordinator_id, goals, created_by, created_at, updated_at, version)
        select bench_uuid('pl' || g), bench_uuid('k' || g), bench_uuid('p' || g),
          case when g <= ${HEAVY} then (${units})[1] else (${units})[1 + g % ${unitIds.length}] end,
          case when g % 5 = 0 or g <= ${HEAVY} then '${userId}'::uuid end,
          'Jag vill ha ett eget boende, ett arbete och kunna stanna i Sverige.', '${userId}', now() - interval '100 days', now(), 1
        from generate_series(1, ${PLANS}) g`);
    });
    await timed('consents and actors', async () => {
      // Three consents per person (healthcare, Migrationsverket, civil society); one expires within the warning window.
      await c.query(`
        insert into consents (id, person_id, basis, actor_kind, actor_name, scope, form, given_on, expires_on, recorded_by)
        select bench_uuid('cs' || g || ':' || a), bench_uuid('p' || g), 'consent', (array['healthcare','migrationsverket','civil_society'])[a],
          (array['Fiktiva vårdcentralen','Migrationsverket','Fiktiva föreningen'])[a], 'Insatserna i planen', 'written',
          current_date - 60, case when a = 3 then current_date + 7 end, '${userId}'
        from generate_series(1, ${PLANS}) g, generate_series(1, 3) a`);
      await c.query(`
        insert into plan_actors (id, plan_id, kind, name, consent_id, created_at)
        select bench_uuid('a' || g || ':' || a), bench_uuid('pl' || g), (array['social_services','healthcare','migrationsverket','civil_society'])[a + 1],
          (array['Socialtjänsten','Fiktiva vårdcentralen','Migrationsverket','Fiktiva föreningen'])[a + 1],
          case when a > 0 then bench_uuid('cs' || g || ':' || a) end, now() - interval '100 days' + make_interval(secs => a)
        from generate_series(1, ${PLANS}) g, generate_series(0, 3) a`);
    });
    await timed('measures', async () => {
      // Measure m of plan g depends on measure m-1 in chains of five; every tenth is ended (so its
      // dependants warn), m = 7 is a refused economic aid citing a sex buyer.
      const measures = (plans: string, n: number) => `
        insert into plan_measures (id, plan_id, actor_id, kind, title, contact_person, starts_on, planned_end_on, status, status_reason, depends_on, updated_at)
        select bench_uuid('m' || g || ':' || m), bench_uuid('pl' || g), bench_uuid('a' || g || ':' || (m % 4)),
          case when m = 7 then 'economic_aid' else (array['protected_housing','support_talks','trauma_treatment','residence_permit','employment','healthcare'])[1 + m % 6] end,
          'Insats ' || m, case when m % 3 = 0 then 'Kontaktperson ' || m end,
          current_date - 90 + m, current_date + 90 + m,
          case when m = 7 then 'refused' when m % 10 = 1 then 'ended' when m % 4 = 0 then 'planned' else 'active' end,
          case when m = 7 then 'Bedöms ha inkomster från sexköpare.' end,
          case when m % 5 = 1 then '{}'::uuid[] else array[bench_uuid('m' || g || ':' || (m - 1))] end, now()
        from ${plans} g, generate_series(1, ${n}) m`;
      await c.query(measures(`generate_series(1, ${HEAVY})`, MEASURES));
      await c.query(measures(`generate_series(${HEAVY + 1}, ${PLANS})`, 5));
    });
    await timed('follow-ups', async () => {
      const followUps = (plans: string, n: number) => `
        insert into plan_follow_ups (plan_id, due_on, held_on, participants, notes, recorded_by)
        select bench_uuid('pl' || g), current_date - 150 + f,
          case when current_date - 150 + f < current_date and f % 20 <> 0 then current_date - 150 + f end,
          array['Personen','Samordnaren','Vårdcentralen'], case when f % 2 = 0 then 'Fiktiva anteckningar från mötet.' end, '${userId}'
        from ${plans} g, generate_series(1, ${n}) f`;
      await c.query(followUps(`generate_series(1, ${HEAVY})`, FOLLOW_UPS));
      await c.query(followUps(`generate_series(${HEAVY + 1}, ${PLANS})`, 4));
    });
    await timed('decisions and acknowledgements', async () => {
      // Decision d of case g: d = 1 a housing decision the case ended (measure 2 of a heavy plan links
      // it, so its dependants warn), d = 2 a refused economic aid citing a buyer, the rest granted.
      const decisions = (plans: string, n: number) => `
        insert into decisions (id, case_id, support_type, outcome, refusal_ground, reasoning, decided_by, decided_at, starts_on, ends_on, ended_on, end_reason)
        select bench_uuid('d' || g || ':' || d), bench_uuid('k' || g),
          case d when 1 then 'protected_housing' when 2 then 'economic_aid' else (array['support_talks','trauma_treatment','economic_aid','substance_use_treatment'])[1 + d % 4] end,
          case when d = 2 then 'refused' else 'granted' end, case when d = 2 then 'other' end,
          case when d = 2 then 'Har fått pengar från en köpare.' else 'Fiktiv motivering av beslutet.' end,
          '${userId}', now() - make_interval(days => 120 - d), current_date - 120 + d, current_date + 120,
          case when d = 1 then current_date - 5 end, case when d = 1 then 'not_followed' end
        from ${plans} g, generate_series(1, ${n}) d`;
      await c.query(decisions(`generate_series(1, ${HEAVY})`, 8));
      await c.query(decisions(`generate_series(${HEAVY + 1}, ${PLANS})`, 2));
      await c.query(`update plan_measures set decision_id = bench_uuid('d' || g || ':1') from generate_series(1, ${HEAVY}) g where id = bench_uuid('m' || g || ':2')`);
      await c.query(`
        insert into plan_acknowledgements (plan_id, warning_key, reason, by_user)
        select f.plan_id, 'follow_up_overdue:' || f.id, 'Mötet flyttades, ny tid är bokad med personen.', '${userId}'
        from plan_follow_ups f
        where f.plan_id in (select bench_uuid('pl' || g) from generate_series(1, ${HEAVY}) g) and f.held_on is null and f.due_on < current_date and extract(day from f.due_on)::int % 2 = 0`);
    });
    await timed('vacuum analyze', () => c.query('vacuum analyze'));
  } finally {
    await c.end();
  }
}

/**
 * Every round trip to PostgreSQL the app makes for `requests` sequential plan reads (the app runs in
 * this process: pg's Client.query is wrapped while they run): per request, as sent (text and values,
 * to replay them raw), and counted by their first words: a load-independent figure beside the latencies.
 */
async function statementsOfRequests(request: () => Promise<unknown>, requests: number): Promise<{ perRequest: number; texts: Array<[string, number]>; sent: Statement[][] }> {
  const sent: Statement[][] = [];
  let current: Statement[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; values?: unknown[] } | undefined;
    const text = (typeof q === 'string' ? q : q?.text) ?? '?';
    const values = (typeof q === 'string' ? args[1] : q?.values) as unknown[] | undefined;
    current.push({ text, values: [...(Array.isArray(values) ? values : [])] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    for (let i = 0; i < requests; i++) {
      current = [];
      await request();
      sent.push(current);
    }
  } finally {
    pg.Client.prototype.query = original;
  }
  const counts = new Map<string, number>();
  for (const t of sent.flat()) {
    const head = t.text.replace(/\s+/g, ' ').trim().slice(0, 110);
    counts.set(head, (counts.get(head) ?? 0) + 1);
  }
  return { perRequest: sent.flat().length / requests, texts: [...counts].map(([t, n]) => [t, n / requests] as [string, number]), sent };
}

export async function runPlansBench(): Promise<ScenarioRow[]> {
  const adminUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `utvag_bench_plans_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ownerUrl = url.href;
  log(`Plans bench on ${url.host}/${name}: ${PLANS.toLocaleString('en')} plans, ${HEAVY} of them with ${MEASURES} measures and ${FOLLOW_UPS} follow-ups`);
  log(`  machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`);
  let utvag: Awaited<ReturnType<typeof startUtvag>> | undefined;
  try {
    await migrate(ownerUrl, capabilities);
    const setup = openDatabase(ownerUrl, 2, { asAppRole: false });
    const unitIds: string[] = [];
    for (let i = 0; i < 10; i++) unitIds.push((await setup.db.insertInto('units').values({ name: `Bench enhet ${i}`, kind: i % 2 ? 'children' : 'adult' }).returning('id').executeTakeFirstOrThrow()).id);
    const user = await makeUser(setup.db, [{ role: 'coordinator', unit: 'Bench enhet 0' }]);
    await setup.close();
    await seed(ownerUrl, user.id, unitIds);

    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', RUN_JOBS: 'false', HOST: '127.0.0.1', PORT: '0', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-1', PUBLIC_URL: 'http://127.0.0.1', TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY });
    utvag = await startUtvag(config, { capabilities, ownerUrl, listen: true });
    const baseUrl = utvag.url.replace('[::1]', '127.0.0.1');
    const cookie = await signIn(baseUrl, user);
    // bench_uuid('pl' || n) of the seed, computed here.
    const planId = (n: number) => {
      const h = createHash('md5').update(`pl${n}`).digest('hex');
      const x = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
      return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
    };
    const pick = () => planId(1 + Math.floor(Math.random() * HEAVY));
    let seen = 0;
    const probe = await fetch(`${baseUrl}/api/plans/${planId(1)}`, { headers: { cookie } });
    if (probe.status !== 200) throw new Error(`the plan page answered ${probe.status}: ${await probe.text()}`);
    const body = (await probe.json()) as { measures: unknown[]; followUps: unknown[]; warnings: Array<{ rule: string }> };
    const rules = [...new Set(body.warnings.map((w) => w.rule))].join(', ');
    log(`  a heavy plan: ${body.measures.length} measures, ${body.followUps.length} follow-ups, ${body.warnings.length} warnings (${rules}), ${(Number(probe.headers.get('content-length') ?? 0) / 1024).toFixed(1)} KB`);

    // The statements of 20 reads of different heavy plans: counted, and replayed raw below.
    const statements = await statementsOfRequests(() => fetch(`${baseUrl}/api/plans/${planId(1 + ((seen++ * 7) % HEAVY))}`, { headers: { cookie } }).then((r) => r.text()), 20);
    log(`  round trips to PostgreSQL per plan read: ${statements.perRequest} (every statement the request sends, begin and commit included):`);
    for (const [text, n] of statements.texts) log(`    ${n}x ${text}`);

    log(`Warm-up: ${WARMUP_S} s at ${CONNECTIONS} connections (not measured)`);
    const requests = [{ method: 'GET' as const, setupRequest: (req: { path: string }) => ({ ...req, path: `/api/plans/${pick()}` }) }];
    await autocannon({ url: baseUrl, connections: CONNECTIONS, duration: WARMUP_S, headers: { cookie }, requests });
    log(`Plan page API at a steady ${STEADY_RATE} req/s, ${DURATION_S} s`);
    const steadyApp = await appSteady(baseUrl, cookie, () => `/api/plans/${pick()}`, STEADY_RATE, DURATION_S, CONNECTIONS);
    log(`Plan page API saturated: ${CONNECTIONS} connections, ${DURATION_S} s`);
    const saturated = await saturate({ url: baseUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie }, requests });

    // The statements the 20 reads above sent, one read's at random each time, in the order sent and
    // on one connection, as the app role (the audit insert included: it is part of every read).
    const make = (): Statement[] => statements.sent[Math.floor(Math.random() * statements.sent.length)]!;
    log(`The plan read's statements raw through pg at a steady ${STEADY_RATE}/s, ${DURATION_S} s`);
    const steadyRaw = await rawSteady(ownerUrl, make, STEADY_RATE, DURATION_S, config.poolSize, `-c role=${APP_ROLE} -c TimeZone=UTC`);
    const rows: ScenarioRow[] = [
      {
        scenario: `plan page (${MEASURES} measures, ${FOLLOW_UPS} follow-ups, warnings; ${PLANS.toLocaleString('en')} plans)`,
        rate: `steady ${STEADY_RATE}/s`,
        p50: steadyApp.p50,
        p99: steadyApp.p99,
        rawP50: steadyRaw.p50,
        rawP99: steadyRaw.p99,
        target: `p99 < ${TARGET_P99_MS} ms`,
        met: steadyApp.p99 < TARGET_P99_MS && steadyApp.failed === 0,
        note: `${steadyApp.sent} requests; ${statements.perRequest} round trips to PostgreSQL per read; raw = the statements the app sent for a read (captured), replayed through pg on one connection${steadyApp.failed ? `; ${steadyApp.failed} failed` : ''}`,
      },
      {
        scenario: 'plan page',
        rate: `saturated ${CONNECTIONS} conn.`,
        p50: saturated.latency.p50,
        p99: saturated.latency.p99,
        target: '(context)',
        note: `${Math.round(saturated.requests.average)} req/s, non-2xx ${saturated.non2xx}`,
      },
    ];
    log(`\n${scenarioTable(rows)}`);
    log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (${cpus().length} cores; other work on the machine counts in every figure)`);
    recordScenarios(rows);
    return rows;
  } finally {
    await utvag?.stop();
    if (process.env.BENCH_KEEP) log(`Kept database ${name}`);
    else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPlansBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
