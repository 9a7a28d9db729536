import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { UnitScope } from '../core/access/scope.ts';
import type { Db, Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { casesInScope } from '../cases/store.ts';
import { QuestionSetDefinition, type CoverageQuery, type FollowUpIn, type QuestionSetBody } from './schema.ts';
import { onStockholmDays, stockholmMonth } from '../core/db/stockholm-today.ts';

const SETS_DIR = path.join(import.meta.dirname, 'sets');

/** The question sets shipped as JSON files in the repository. */
export function bundledSets(): QuestionSetDefinition[] {
  return readdirSync(SETS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => QuestionSetDefinition.parse(JSON.parse(readFileSync(path.join(SETS_DIR, f), 'utf8'))));
}

/** Loads bundled versions not yet in the database; a published version is never replaced. */
export async function syncBundledSets(db: Db): Promise<void> {
  const sets = bundledSets();
  if (sets.length === 0) return;
  await db
    .insertInto('question_sets')
    .values(sets.map((s) => ({ key: s.key, version: s.version, definition: JSON.stringify(s), published_by: null })))
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}

/** The latest version of every set. */
export async function latestSets(db: Executor): Promise<Array<QuestionSetDefinition & { publishedAt: Date }>> {
  const rows = await db
    .selectFrom('question_sets as q')
    .select(['q.definition', 'q.published_at'])
    .where(({ eb, selectFrom }) => eb('q.version', '=', selectFrom('question_sets as q2').select(sql<number>`max(q2.version)`.as('v')).whereRef('q2.key', '=', 'q.key')))
    .orderBy('q.key')
    .execute();
  return rows.map((r) => ({ ...(r.definition as QuestionSetDefinition), publishedAt: r.published_at }));
}

export async function allVersions(db: Executor) {
  return db
    .selectFrom('question_sets as q')
    .leftJoin('users as u', 'u.id', 'q.published_by')
    .select(['q.key', 'q.version', 'q.published_at as publishedAt', 'u.display_name as publishedBy'])
    .orderBy('q.key')
    .orderBy('q.version', 'desc')
    .execute();
}

export async function getSetVersion(db: Executor, key: string, version: number): Promise<QuestionSetDefinition> {
  const row = await db.selectFrom('question_sets').select('definition').where('key', '=', key).where('version', '=', version).executeTakeFirst();
  if (!row) throw new AppError(400, 'unknownQuestionSet');
  return row.definition as QuestionSetDefinition;
}

/** Publishes the next version of a set (the first, for a new key). Serialised per key by a row lock on the latest. */
export async function publishSet(tx: Tx, body: QuestionSetBody, userId: string): Promise<QuestionSetDefinition> {
  await sql`select pg_advisory_xact_lock(hashtext(${'question_set:' + body.key}))`.execute(tx);
  const current = await tx.selectFrom('question_sets').select(sql<number>`coalesce(max(version), 0)`.as('v')).where('key', '=', body.key).executeTakeFirstOrThrow();
  const definition: QuestionSetDefinition = { ...body, version: Number(current.v) + 1 };
  await tx.insertInto('question_sets').values({ key: body.key, version: definition.version, definition: JSON.stringify(definition), published_by: userId }).execute();
  return definition;
}

export async function insertAnswers(
  tx: Tx,
  a: { caseId: string; setKey: string; setVersion: number; answers: Record<string, string>; followUps: readonly FollowUpIn[]; countsAsAsked: boolean; askedBy: string },
) {
  return tx
    .insertInto('question_answers')
    .values({
      case_id: a.caseId,
      set_key: a.setKey,
      set_version: a.setVersion,
      answers: JSON.stringify(a.answers),
      follow_ups: JSON.stringify(a.followUps),
      counts_as_asked: a.countsAsAsked,
      asked_by: a.askedBy,
    })
    .returning(['id', 'asked_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Coverage per unit and month: new cases opened in the scope's units, and how many of them had a
 * set asked (the given key, or any set): an answer record that counts as asked, i.e. each counted
 * question answered or declined. A question not asked never counts.
 */
export async function coverage(db: Executor, scope: UnitScope, f: CoverageQuery) {
  return casesInScope(db, scope)
    .innerJoin('units as un', 'un.id', 'k.unit_id')
    .select([
      'k.unit_id as unitId',
      'un.name as unitName',
      stockholmMonth('k.opened_at').as('month'),
      sql<number>`count(*)::int`.as('newCases'),
      f.setKey
        ? sql<number>`count(*) filter (where exists (select 1 from question_answers a where a.case_id = k.id and a.counts_as_asked and a.set_key = ${f.setKey}))::int`.as('asked')
        : sql<number>`count(*) filter (where exists (select 1 from question_answers a where a.case_id = k.id and a.counts_as_asked))::int`.as('asked'),
    ])
    .where(onStockholmDays('k.opened_at', f))
    .groupBy(['k.unit_id', 'un.name', stockholmMonth('k.opened_at')])
    .orderBy('un.name')
    .orderBy('month')
    .execute();
}
