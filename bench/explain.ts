/**
 * The plans of the case records' hot queries on a seeded bench database (BENCH_KEEP=1 npx tsx
 * bench/cases.ts keeps one): EXPLAIN (ANALYZE, BUFFERS) of the case page, a journal page, the
 * unit's case list (newest first, 50 rows), "mine" and a search, as the application compiles them.
 *
 *   npx tsx bench/explain.ts <database url> [only-this-label]
 */
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/core/db/schema.ts';
import type { UnitScope } from '../src/core/access/scope.ts';
import { caseListQuery, casePageQuery, journalPageQuery } from '../src/cases/store.ts';
import '../src/capabilities.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: npx tsx bench/explain.ts <database url> [label]');
const only = process.argv[3];

function md5uuid(s: string): string {
  const m = createHash('md5').update(s).digest('hex');
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const pool = new pg.Pool({ connectionString: url, max: 1, options: '-c TimeZone=UTC' });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
const unit = (await pool.query(`select id from units where name = 'Bench enhet 0'`)).rows[0].id as string;
const user = (await pool.query(`select opened_by from cases limit 1`)).rows[0].opened_by as string;
const scope: UnitScope = { permission: 'cases.read', units: [unit] };
const heavy = md5uuid('k17');
const page = (await pool.query(`select written_at, id from journal_entries where case_id = $1 order by written_at desc, id desc offset 19 limit 1`, [heavy])).rows[0];
const list = { scope: 'unit', view: 'all', population: 'victims', limit: 50, offset: 0 } as const;

const queries: Record<string, { sql: string; parameters: readonly unknown[] }> = {
  'case page': casePageQuery(db, scope, heavy).compile(),
  'journal page (20 before the 20th)': journalPageQuery(db, scope, heavy, { before: { writtenAt: page.written_at.toISOString(), id: page.id }, limit: 20 }).compile(),
  'unit list, newest first': caseListQuery(db, scope, user, list).compile(),
  'unit list, awaiting assessment, adults (the bench)': caseListQuery(db, scope, user, { ...list, view: 'awaiting_assessment', ageGroup: 'adult' }).compile(),
  'mine, newest first': caseListQuery(db, scope, user, { ...list, scope: 'mine' }).compile(),
  'search by name': caseListQuery(db, scope, user, { ...list, query: 'Bench 1234' }).compile(),
  'search by personnummer': caseListQuery(db, scope, user, { ...list, query: '198112189876' }).compile(),
};
for (const [label, q] of Object.entries(queries)) {
  if (only && !label.includes(only)) continue;
  const r = await pool.query(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]);
  console.log(`\n=== ${label}`);
  for (const row of r.rows) console.log(row['QUERY PLAN']);
}
await db.destroy();
