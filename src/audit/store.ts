import { sql } from 'kysely';
import type { Executor } from '../core/db/database.ts';

export interface AuditSearch {
  userId?: string;
  personId?: string;
  recordType?: string;
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

/** Audit entries, newest first, paged by id (keyset) so it stays fast on millions of rows. */
export async function searchAudit(db: Executor, s: AuditSearch) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('units as un', 'un.id', 'a.actor_unit_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_user_id',
      'u.display_name as actor_name',
      'a.actor_role',
      'un.name as actor_unit',
      'a.action',
      'a.record_type',
      'a.record_id',
      'a.person_id',
      'a.fields',
      'a.purpose',
    ]);
  if (s.userId) q = q.where('a.actor_user_id', '=', s.userId);
  if (s.personId) q = q.where('a.person_id', '=', s.personId);
  if (s.recordType) q = q.where('a.record_type', '=', s.recordType);
  if (s.from) q = q.where('a.at', '>=', sql<Date>`${s.from}::date`);
  if (s.to) q = q.where('a.at', '<', sql<Date>`${s.to}::date + 1`);
  if (s.beforeId) q = q.where('a.id', '<', s.beforeId);
  const rows = await q.orderBy('a.id', 'desc').limit(s.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    actorUnit: r.actor_unit,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    personId: r.person_id,
    fields: r.fields,
    purpose: r.purpose,
  }));
}

export function listReviews(db: Executor) {
  return db
    .selectFrom('audit_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select(['r.id', 'u.display_name as reviewer', 'r.period_from', 'r.period_to', 'r.scope', 'r.finding', 'r.chain_head_id', 'r.chain_head_hash', 'r.created_at'])
    .orderBy('r.created_at', 'desc')
    .limit(200)
    .execute();
}

export function listActors(db: Executor) {
  return db.selectFrom('users').select(['id', 'display_name as displayName', 'username']).orderBy('display_name').orderBy('username').execute();
}
