import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { CASE_UNIT_KINDS } from './rules.ts';
import { casesInScope, lastActivityNow } from '../cases/store.ts';

const iso = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** What the age today is computed from: the person's birth date or year, the age stated at the contact and when. */
export async function ageFactsOfCase(db: Executor, scope: UnitScope, caseId: string) {
  return casesInScope(db, scope)
    .innerJoin('contacts as c', 'c.id', 'k.contact_id')
    .innerJoin('persons as p', 'p.id', 'k.person_id')
    .select(['p.birth_date as birthDate', 'p.birth_year as birthYear', 'c.stated_age as statedAge', 'c.received_on as statedOn'])
    .where('k.id', '=', caseId)
    .executeTakeFirst();
}

/** The active units a case can be held by, with their districts. */
export async function caseUnits(db: Executor) {
  return db
    .selectFrom('units as u')
    .leftJoin('districts as d', 'd.id', 'u.district_id')
    .select(['u.id', 'u.name', 'u.kind', 'u.active', 'd.name as district'])
    .where('u.kind', 'in', [...CASE_UNIT_KINDS])
    .where('u.active', '=', true)
    .orderBy('u.name')
    .execute();
}

export async function getUnitForTransfer(db: Executor, id: string) {
  const row = await db.selectFrom('units').select(['id', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(400, 'unknownUnit');
  return row;
}

export async function hasPendingTransfer(db: Executor, caseId: string): Promise<boolean> {
  return !!(await db.selectFrom('case_transfers').select('id').where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst());
}

export async function insertTransfer(tx: Tx, t: { caseId: string; fromUnitId: string; toUnitId: string; reason: string; note: string | null; ageGroup: string; requestedBy: string }) {
  return tx
    .insertInto('case_transfers')
    .values({ case_id: t.caseId, from_unit_id: t.fromUnitId, to_unit_id: t.toUnitId, reason: t.reason, note: t.note, age_group: t.ageGroup, requested_by: t.requestedBy, decided_by: null, decided_at: null, decline_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: { code?: string }) => {
      if (err.code === '23505') throw new AppError(409, 'transferPending');
      throw err;
    });
}

const TRANSFER_COLUMNS = [
  't.id',
  't.case_id as caseId',
  'fu.name as fromUnitName',
  'tu.name as toUnitName',
  't.reason',
  't.note',
  't.age_group as ageGroup',
  't.status',
  'ru.display_name as requestedBy',
  'du.display_name as decidedBy',
  't.decline_reason as declineReason',
] as const;

function transfersBase(db: Executor) {
  return db
    .selectFrom('case_transfers as t')
    .innerJoin('units as fu', 'fu.id', 't.from_unit_id')
    .innerJoin('units as tu', 'tu.id', 't.to_unit_id')
    .innerJoin('users as ru', 'ru.id', 't.requested_by')
    .leftJoin('users as du', 'du.id', 't.decided_by');
}

/** The transfers of a case the caller already loaded through casesInScope, oldest first. */
export async function transfersOfCase(db: Executor, caseId: string) {
  return transfersBase(db)
    .select([...TRANSFER_COLUMNS, iso('t.requested_at').as('requestedAt'), sql<string | null>`to_char(t.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('decidedAt')])
    .where('t.case_id', '=', caseId)
    .orderBy('t.requested_at')
    .execute();
}

/**
 * Transfers waiting for a unit of the scope: only what the receiving unit needs to decide (no name,
 * pseudonym or personnummer). `personId` is for the audit entry only.
 */
export async function incomingTransfers(db: Executor, scope: UnitScope) {
  return transfersBase(db)
    .innerJoin('cases as k', 'k.id', 't.case_id') // scope: the transfer's receiving unit is in the scope (below), not the case's
    .select([
      't.id',
      'k.person_id as personId',
      'fu.name as fromUnitName',
      'tu.name as toUnitName',
      't.reason',
      't.note',
      't.age_group as ageGroup',
      'k.person_role as personRole',
      'k.status as caseStatus',
      'ru.display_name as requestedBy',
      iso('t.requested_at').as('requestedAt'),
    ])
    .where('t.status', '=', 'pending')
    .where(inScope('t.to_unit_id', scope))
    .orderBy('t.requested_at')
    .limit(200)
    .execute();
}

/** A pending transfer whose receiving (or, with `side: 'from'`, sending) unit is in the scope, locked; 404 otherwise. */
export async function pendingTransferForDecision(tx: Tx, scope: UnitScope, id: string, side: 'to' | 'from') {
  const row = await tx
    .selectFrom('case_transfers as t')
    .innerJoin('cases as k', 'k.id', 't.case_id') // scope: the transfer's unit on the deciding side is in the scope (below)
    .select(['t.id', 't.case_id as caseId', 't.from_unit_id as fromUnitId', 't.to_unit_id as toUnitId', 't.age_group as ageGroup', 't.status', 'k.person_id as personId', 'k.unit_id as caseUnitId'])
    .where('t.id', '=', id)
    .where(inScope(side === 'to' ? 't.to_unit_id' : 't.from_unit_id', scope))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  if (row.status !== 'pending') throw new AppError(409, 'transferNotPending');
  return row;
}

export async function decideTransfer(tx: Tx, id: string, status: 'accepted' | 'declined' | 'withdrawn', by: string, declineReason: string | null) {
  await tx.updateTable('case_transfers').set({ status, decided_by: by, decided_at: sql`now()` as unknown as Date, decline_reason: declineReason }).where('id', '=', id).execute();
}

/** The case moves to the receiving unit; its journal, decisions, answers and steps go with it (they hang on the case). */
export async function moveCaseToUnit(tx: Tx, caseId: string, unitId: string, ageGroup: string, assignedTo: string | null): Promise<void> {
  // scope: by the id of a case whose transfer to this unit the receiving unit accepted (pendingTransferForDecision)
  await tx
    .updateTable('cases')
    .set({ unit_id: unitId, age_group: ageGroup, assigned_to: assignedTo, version: sql`version + 1`, last_activity_at: lastActivityNow } as never)
    .where('id', '=', caseId)
    .execute();
}
