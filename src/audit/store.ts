import { sql } from 'kysely';
import type { Executor } from '../core/db/database.ts';
import type { AuditSearch } from './schema.ts';
import { endOfStockholmDay, startOfStockholmDay } from '../core/db/stockholm-today.ts';

/** Audit entries, newest first, paged by id (keyset) so it stays fast on millions of rows. */
export async function searchAudit(db: Executor, s: AuditSearch) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('units as un', 'un.id', 'a.actor_unit_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_user_id as actorUserId',
      'u.display_name as actorName',
      'a.actor_role as actorRole',
      'un.name as actorUnit',
      'a.action',
      'a.record_type as recordType',
      'a.record_id as recordId',
      'a.person_id as personId',
      'a.fields',
      'a.purpose',
    ])
    // bigint ids arrive as numbers (database.ts parses int8 below 2^53).
    .$narrowType<{ id: number }>();
  if (s.userId) q = q.where('a.actor_user_id', '=', s.userId);
  // One person, or one of the persons a list or search returned (person_ids, 0003).
  if (s.personId) q = q.where((eb) => eb.or([eb('a.person_id', '=', s.personId!), sql<boolean>`a.person_ids @> array[${s.personId}]::uuid[]`]));
  if (s.recordType) q = q.where('a.record_type', '=', s.recordType);
  if (s.from) q = q.where('a.at', '>=', startOfStockholmDay(s.from));
  if (s.to) q = q.where('a.at', '<', endOfStockholmDay(s.to));
  if (s.beforeId) q = q.where('a.id', '<', s.beforeId);
  return q.orderBy('a.id', 'desc').limit(s.limit).execute();
}

export function listReviews(db: Executor) {
  return db
    .selectFrom('audit_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select(['r.id', 'u.display_name as reviewer', 'r.period_from as periodFrom', 'r.period_to as periodTo', 'r.scope', 'r.finding', 'r.chain_head_id as chainHeadId', 'r.created_at as createdAt'])
    .$narrowType<{ chainHeadId: number | null }>()
    .orderBy('r.created_at', 'desc')
    .limit(200)
    .execute();
}

export function createReview(db: Executor, review: { reviewerId: string; periodFrom: string; periodTo: string; scope: string; finding: string; chainHead: { audit_id: number | string; hash: string } | undefined }) {
  return db
    .insertInto('audit_reviews')
    .values({
      reviewer_id: review.reviewerId,
      period_from: review.periodFrom,
      period_to: review.periodTo,
      scope: review.scope,
      finding: review.finding,
      chain_head_id: review.chainHead?.audit_id ?? null,
      chain_head_hash: review.chainHead?.hash ?? null,
    })
    .returning(['id', 'chain_head_id as chainHeadId'])
    .$narrowType<{ chainHeadId: number | null }>()
    .executeTakeFirstOrThrow();
}

export function listActors(db: Executor) {
  return db.selectFrom('users').select(['id', 'display_name as displayName', 'username']).orderBy('display_name').orderBy('username').execute();
}
