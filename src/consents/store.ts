import { sql } from 'kysely';
import type { UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { cutoffFor } from '../core/retention-framework/framework.ts';
import { personsInScope } from '../persons/store.ts';
import { consentExpiringSoon, consentStatus } from './rules.ts';
import type { ConsentIn, ConsentOut } from './schema.ts';

/**
 * The persons whose consents a caller may see: those with a case in the scope's units, and those
 * whose exit plan the caller coordinates (seed 003: the coordinator is the way in across units).
 * The plans table is read by name; consents import nothing of the exit-plans capability.
 */
function visiblePersons(db: Executor, scope: UnitScope, userId: string) {
  if (scope.units !== 'all' && scope.units.length === 0) return sql<boolean>`false`;
  // scope: persons in the scope (personsInScope), or the plans the caller coordinates (by coordinator, not unit)
  return sql<boolean>`(c.person_id in (${personsInScope(db, scope).select('p.id')})
    or exists (select 1 from exit_plans pl where pl.person_id = c.person_id and pl.coordinator_id = ${userId}))`;
}

const CONSENT_COLUMNS = [
  'c.id',
  'c.person_id as personId',
  'c.basis',
  'c.actor_kind as actorKind',
  'c.actor_name as actorName',
  'c.scope',
  'c.form',
  'c.legal_basis as legalBasis',
  'c.given_on as givenOn',
  'c.expires_on as expiresOn',
  'ru.display_name as recordedBy',
  'c.recorded_at as recordedAt',
  'c.withdrawn_at as withdrawnAt',
  'wu.display_name as withdrawnBy',
] as const;

/** Every consent query for staff starts here. */
export function consentsInScope(db: Executor, scope: UnitScope, userId: string) {
  return db
    .selectFrom('consents as c')
    .leftJoin('users as ru', 'ru.id', 'c.recorded_by')
    .leftJoin('users as wu', 'wu.id', 'c.withdrawn_by')
    .where(visiblePersons(db, scope, userId));
}

type ConsentRow = Omit<ConsentOut, 'status' | 'expiringSoon' | 'basis'> & { basis: string };

export function withStatus(row: ConsentRow, today: string): ConsentOut {
  return { ...row, basis: row.basis as ConsentOut['basis'], status: consentStatus(row, today), expiringSoon: consentExpiringSoon(row, today) };
}

/** Whether the person is visible to the caller (their consents may be recorded and read). */
export async function personVisible(db: Executor, scope: UnitScope, userId: string, personId: string): Promise<boolean> {
  if (scope.units !== 'all' && scope.units.length === 0) return false;
  // scope: persons in the scope (personsInScope), or the plans the caller coordinates (by coordinator, not unit)
  const row = await sql<{ ok: boolean }>`select (${personId}::uuid in (${personsInScope(db, scope).select('p.id')})
    or exists (select 1 from exit_plans pl where pl.person_id = ${personId}::uuid and pl.coordinator_id = ${userId})) as ok`.execute(db);
  return !!row.rows[0]?.ok;
}

export async function consentsOfPerson(db: Executor, scope: UnitScope, userId: string, personId: string, today: string): Promise<ConsentOut[]> {
  const rows = await consentsInScope(db, scope, userId).select(CONSENT_COLUMNS).where('c.person_id', '=', personId).orderBy('c.recorded_at', 'desc').execute();
  return rows.map((r) => withStatus(r, today));
}

/** A person's consents by id, for a capability that has already checked access to the person (a plan). */
export async function consentsByPerson(db: Executor, personId: string, today: string): Promise<ConsentOut[]> {
  const rows = await db
    .selectFrom('consents as c')
    .leftJoin('users as ru', 'ru.id', 'c.recorded_by')
    .leftJoin('users as wu', 'wu.id', 'c.withdrawn_by')
    .select(CONSENT_COLUMNS)
    .where('c.person_id', '=', personId)
    .orderBy('c.recorded_at', 'desc')
    .execute();
  return rows.map((r) => withStatus(r, today));
}

/** One consent's state by id (no personal data beyond the actor), for the checks of other capabilities. */
export async function consentState(db: Executor, id: string) {
  return db
    .selectFrom('consents')
    .select(['id', 'person_id as personId', 'basis', 'actor_kind as actorKind', 'actor_name as actorName', 'given_on as givenOn', 'expires_on as expiresOn', 'withdrawn_at as withdrawnAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertConsent(tx: Tx, c: ConsentIn, recordedBy: string): Promise<string> {
  const row = await tx
    .insertInto('consents')
    .values({
      person_id: c.personId,
      basis: c.basis,
      actor_kind: c.actorKind,
      actor_name: c.actorName,
      scope: c.scope,
      form: c.basis === 'consent' ? c.form : null,
      legal_basis: c.basis === 'legal_basis' ? c.legalBasis : null,
      given_on: c.givenOn,
      expires_on: c.expiresOn,
      recorded_by: recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A consent of a visible person, locked for the withdrawal (404 outside). */
export async function getConsentForWrite(tx: Tx, scope: UnitScope, userId: string, id: string) {
  const row = await consentsInScope(tx, scope, userId).select(['c.id', 'c.person_id', 'c.withdrawn_at']).where('c.id', '=', id).forUpdate(['c']).executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

export async function withdrawConsent(tx: Tx, id: string, userId: string, note: string | null): Promise<Date> {
  const row = await tx
    .updateTable('consents')
    .set({ withdrawn_at: sql<Date>`now()`, withdrawn_by: userId, withdrawal_note: note })
    .where('id', '=', id)
    .returning('withdrawn_at')
    .executeTakeFirstOrThrow();
  return row.withdrawn_at!;
}

/** Gallring: ended consents (withdrawn or expired) past the period, unless a plan actor still names one. */
export async function purgeEndedConsents(tx: Tx, now: Date, keepDays: number): Promise<number> {
  const cutoff = cutoffFor(now, keepDays);
  const gone = await tx
    .deleteFrom('consents as c')
    .where((eb) => eb.or([eb('c.withdrawn_at', '<', cutoff), eb('c.expires_on', '<', cutoff.toISOString().slice(0, 10))]))
    .where(sql<boolean>`not exists (select 1 from plan_actors a where a.consent_id = c.id)`) // a plan still resting on it keeps it
    .returning('c.id')
    .execute();
  return gone.length;
}
