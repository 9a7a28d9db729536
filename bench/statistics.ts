import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pathToFileURL } from 'node:url';
import { capabilities } from '../src/capabilities.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { compile } from '../src/statistics/routes.ts';
import { reportCsv, reportPdf } from '../src/statistics/report.ts';
import { insertCaseGroup } from '../src/statistics/testing.ts';
import { withClient } from '../src/testing/postgres.ts';
import { printTable, type BenchRow } from './foundation.ts';

/**
 * Statistics figures (issue 15), in-process on the function the routes call (no HTTP): the annual
 * compilation over 1 000 000 generated cases opened in one year (every indicator, suppression, and
 * the PDF and CSV written), and the dashboard's queries for a quarter and one unit, and for a year
 * and every unit. PostgreSQL server (BENCH_PG_URL).
 */
const SERVER_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CASES = Number(process.env.BENCH_STATISTICS_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_STATISTICS_RUNS ?? 200);
const UNITS = 8;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function time(runs: number, warm: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warm; i++) await work(i);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function runStatisticsBench(): Promise<BenchRow[]> {
  const name = `utvag_statistics_bench_${randomBytes(4).toString('hex')}`;
  await withClient(SERVER_URL, (c) => c.query(`create database ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    console.log(`Statistics bench: migrating ${name} …`);
    await migrate(url.href, capabilities);
    const { db, close } = openDatabase(url.href, 8, { asAppRole: false });
    try {
      const year = new Date().getUTCFullYear() - 1;
      const units = await db.insertInto('units').values(Array.from({ length: UNITS }, (_, i) => ({ name: `Enhet ${i} (bench)`, kind: 'adult' }))).returning('id').execute();
      const opener = await db.insertInto('users').values({ username: `bench_${name}`, display_name: 'Bench', kind: 'staff' }).returning('id').executeTakeFirstOrThrow();
      console.log(`Statistics bench: seeding ${CASES} cases in ${year} …`);
      const t0 = performance.now();
      const chunk = 50_000;
      for (let done = 0, i = 0; done < CASES; done += chunk, i++) {
        await insertCaseGroup(db, {
          n: Math.min(chunk, CASES - done),
          unitId: units[i % UNITS]!.id,
          openedBy: opener.id,
          from: `${year}-01-01`,
          days: 365,
          ageBands: ['0_14', '15_17', '18_21', '22_25', '26_plus', '26_plus', 'unknown'],
          genders: ['woman', 'woman', 'man', 'trans', 'not_stated'],
          roles: ['exposed', 'exposed', 'exposed', 'buys', 'exploits', 'relative'],
          channels: ['own_contact', 'chat_escalation', 'phone', 'street_outreach', 'online_outreach', 'police', 'school'],
          exploitationTypes: [['sex_for_compensation'], ['trafficking', 'sex_for_compensation'], ['online_exploitation'], ['grooming', 'pornography']],
          riskFactors: [[], ['homelessness'], ['substance_use', 'migration'], ['previous_sexual_abuse']],
          traffickingIndicators: [[], [], ['debt_to_exploiter'], ['documents_held_by_others', 'controlled_movement']],
          citizenships: ['SE', 'RO', 'NG', null],
          barnahusReferred: i % 5 === 0,
          regionalReferred: i % 7 === 0,
        });
      }
      await sql`vacuum analyze`.execute(db);
      console.log(`Statistics bench: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring …`);
      const all = { scope: { permission: null, units: 'all' as const } };
      const annualRuns = Number(process.env.BENCH_STATISTICS_ANNUAL_RUNS ?? 5);
      const annual = await time(annualRuns, 1, async () => {
        const r = await compile({ db }, all, { from: `${year}-01-01`, to: `${year}-12-31` }, 5);
        reportCsv(r, 'sv');
        await reportPdf(r, 'annual', 'sv');
      });
      const quarter = await time(RUNS, 10, (i) => compile({ db }, { scope: { permission: null, units: [units[i % UNITS]!.id] } }, { from: `${year}-04-01`, to: `${year}-06-30` }, 5));
      const month = await time(RUNS, 10, (i) => compile({ db }, { scope: { permission: null, units: [units[i % UNITS]!.id, units[(i + 1) % UNITS]!.id] } }, { from: `${year}-0${1 + (i % 9)}-01`, to: `${year}-0${1 + (i % 9)}-28` }, 5));
      const row = (figure: string, xs: number[], target: number): BenchRow[] => [
        { figure: `${figure} p50`, value: `${pct(xs, 50).toFixed(1)} ms`, target: '', ratio: '', met: '' },
        { figure: `${figure} p99`, value: `${pct(xs, 99).toFixed(1)} ms`, target: `< ${target} ms`, ratio: (pct(xs, 99) / target).toFixed(2), met: pct(xs, 99) < target ? 'yes' : 'NO' },
      ];
      const result = [
        ...row(`annual compilation, ${CASES} cases in the year, every unit (+PDF, CSV)`, annual, 2000),
        ...row(`dashboard, one unit, a quarter (${CASES / UNITS / 4} cases)`, quarter, 200),
        ...row(`dashboard, two units, a month (${(CASES / UNITS / 12) * 2} cases)`, month, 200),
      ];
      printTable('Statistics (in-process, the routes’ compile)', result);
      return result;
    } finally {
      await close();
    }
  } finally {
    await withClient(SERVER_URL, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runStatisticsBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
