import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { coverageShare, type TrainingRule } from './rules.ts';
import type { CompletionSource } from './tables.ts';
import type { SeminarIn, TrainingIn, TrainingOut } from './schema.ts';

const TRAINING_COLUMNS = [
  't.id',
  't.title',
  't.provider',
  't.format',
  't.length_minutes as lengthMinutes',
  't.description',
  't.target_roles as targetRoles',
  't.required_for_roles as requiredForRoles',
  't.renewal_months as renewalMonths',
  't.before_questioning as beforeQuestioning',
  't.active',
] as const;

/** The catalogue (no personal data), active entries first. */
export async function listTrainings(db: Executor): Promise<TrainingOut[]> {
  return db.selectFrom('trainings as t').select(TRAINING_COLUMNS).orderBy('t.active', 'desc').orderBy('t.title').execute();
}

export async function getTraining(db: Executor, id: string): Promise<(TrainingOut & TrainingRule) | undefined> {
  return db.selectFrom('trainings as t').select(TRAINING_COLUMNS).where('t.id', '=', id).executeTakeFirst();
}

function trainingRow(t: TrainingIn) {
  return {
    title: t.title,
    provider: t.provider,
    format: t.format,
    length_minutes: t.lengthMinutes,
    description: t.description,
    target_roles: [...t.targetRoles],
    required_for_roles: [...t.requiredForRoles],
    renewal_months: t.renewalMonths,
    before_questioning: t.beforeQuestioning,
    active: t.active,
  };
}

export async function insertTraining(tx: Executor, t: TrainingIn): Promise<string> {
  return (await tx.insertInto('trainings').values(trainingRow(t)).onConflict((oc) => oc.column('title').doNothing()).returning('id').executeTakeFirst())?.id ?? '';
}

export async function updateTraining(tx: Tx, id: string, t: TrainingIn): Promise<boolean> {
  const r = await tx.updateTable('trainings').set({ ...trainingRow(t), updated_at: sql<Date>`now()` }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function completionsOf(db: Executor, userId: string) {
  return db
    .selectFrom('training_completions as c')
    .innerJoin('trainings as t', 't.id', 'c.training_id')
    .select(['c.id', 'c.training_id as trainingId', 't.title', 'c.completed_on as completedOn', 'c.source'])
    .where('c.user_id', '=', userId)
    .orderBy('c.completed_on', 'desc')
    .execute();
}

/** Records completions; one already recorded (same person, training and day) is left as it is. Returns the new ids. */
export async function insertCompletions(
  tx: Tx,
  rows: ReadonlyArray<{ userId: string; trainingId: string; completedOn: string }>,
  by: { source: CompletionSource; recordedBy: string; seminarId?: string },
): Promise<Array<{ id: string; userId: string }>> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insertInto('training_completions')
    .values(rows.map((r) => ({ user_id: r.userId, training_id: r.trainingId, completed_on: r.completedOn, source: by.source, seminar_id: by.seminarId ?? null, recorded_by: by.recordedBy })))
    .onConflict((oc) => oc.columns(['user_id', 'training_id', 'completed_on']).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  return inserted.map((r) => ({ id: r.id, userId: r.user_id }));
}

/**
 * Active staff with a role in the scope's units: each with their units there and all their roles
 * (a requirement follows the role wherever it is held).
 */
export async function staffInScope(db: Executor, scope: UnitScope) {
  const rows = await db
    // The staff in the unit at the end of that day (0701's grant periods), not today's staff.
    .selectFrom('competence_role_periods as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('units as un', 'un.id', 'r.unit_id')
    .select(['u.id', 'u.username', 'u.display_name as name', 'un.id as unitId', 'un.name as unitName'])
    .where(inScope('r.unit_id', scope))
    .where('u.active', '=', true)
    .where('u.kind', '=', 'staff')
    .orderBy('u.display_name')
    .execute();
  const byUser = new Map<string, { userId: string; username: string; name: string; units: Array<{ id: string; name: string }> }>();
  for (const r of rows) {
    const s = byUser.get(r.id) ?? { userId: r.id, username: r.username, name: r.name, units: [] };
    if (!s.units.some((u) => u.id === r.unitId)) s.units.push({ id: r.unitId, name: r.unitName });
    byUser.set(r.id, s);
  }
  const ids = [...byUser.keys()];
  const roles = ids.length ? await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).execute() : [];
  const completions = ids.length
    ? await db.selectFrom('training_completions').select(['user_id', 'training_id as trainingId', 'completed_on as completedOn']).where('user_id', 'in', ids).execute()
    : [];
  return [...byUser.values()].map((s) => ({
    ...s,
    roles: [...new Set(roles.filter((r) => r.user_id === s.userId).map((r) => r.role))],
    completions: completions.filter((c) => c.user_id === s.userId),
  }));
}

/** One staff member, if they hold a role in the scope's units. */
export async function staffMemberInScope(db: Executor, scope: UnitScope, userId: string): Promise<boolean> {
  const r = await db
    // The staff in the unit at the end of that day (0701's grant periods), not today's staff.
    .selectFrom('competence_role_periods as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .where('r.user_id', '=', userId)
    .where(inScope('r.unit_id', scope))
    .where('u.kind', '=', 'staff')
    .where('u.active', '=', true)
    .executeTakeFirst();
  return r !== undefined;
}

export interface TrainingCoverageRow {
  unitId: string;
  unitName: string;
  trainingId: string;
  title: string;
  on: string;
  /** Staff of the unit on the date who hold a role there the training is required for. */
  staff: number;
  /** Of them, those with a completion that counts on the date (taken by then, not due for renewal). */
  trained: number;
  share: number;
}

/**
 * Training coverage per unit and required training on a date: the share of the unit's staff (a
 * role there that the training is required for; accounts made by that date) with a completion that
 * counts on it. Staff who have left are no longer counted (their grants are gone), so a past date
 * shows today's staff as they stood then. Counts only, no personal data: for the statistics too.
 */
export async function trainingCoverage(db: Executor, f: { unitIds: 'all' | readonly string[]; on: string }): Promise<TrainingCoverageRow[]> {
  if (f.unitIds !== 'all' && f.unitIds.length === 0) return [];
  const scope: UnitScope = { permission: null, units: f.unitIds };
  const rows = await db
    // The staff in the unit at the end of that day (0701's grant periods), not today's staff.
    .selectFrom('competence_role_periods as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('units as un', 'un.id', 'r.unit_id')
    .innerJoin('trainings as t', (j) => j.on(sql<boolean>`r.role = any(t.required_for_roles)`).on('t.active', '=', true))
    .select([
      'un.id as unitId',
      'un.name as unitName',
      't.id as trainingId',
      't.title',
      sql<number>`count(distinct r.user_id)::int`.as('staff'),
      sql<number>`count(distinct r.user_id) filter (where exists (
        select 1 from training_completions c
        where c.user_id = r.user_id and c.training_id = t.id and c.completed_on <= ${f.on}::date
          and (t.renewal_months is null or c.completed_on + make_interval(months => t.renewal_months) > ${f.on}::date)))::int`.as('trained'),
    ])
    .where(inScope('r.unit_id', scope))
    .where('u.kind', '=', 'staff')
    .where(sql<boolean>`r.valid_from < (${f.on}::date + 1)::timestamp at time zone 'Europe/Stockholm'`)
    .where(sql<boolean>`(r.valid_to is null or r.valid_to >= (${f.on}::date + 1)::timestamp at time zone 'Europe/Stockholm')`)
    .groupBy(['un.id', 'un.name', 't.id', 't.title'])
    .orderBy('un.name')
    .orderBy('t.title')
    .execute();
  return rows.map((r) => ({ ...r, on: f.on, share: coverageShare(r.staff, r.trained) }));
}

// ---- Seminars ----

export async function insertSeminar(tx: Tx, s: SeminarIn, plannedBy: string): Promise<string> {
  const row = await tx.insertInto('seminars').values({ training_id: s.trainingId, held_on: s.heldOn, starts_at: s.startsAt, place: s.place, planned_by: plannedBy }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('seminar_invitations').values([...new Set(s.unitIds)].map((unitId) => ({ seminar_id: row.id, unit_id: unitId }))).execute();
  return row.id;
}

/** Seminars with their invited units; only those inviting one of the scope's units. */
export async function seminarsFor(db: Executor, scope: UnitScope, opts: { from?: string } = {}) {
  let q = db
    .selectFrom('seminars as s')
    .innerJoin('trainings as t', 't.id', 's.training_id')
    .select([
      's.id',
      's.training_id as trainingId',
      't.title',
      's.held_on as heldOn',
      's.starts_at as startsAt',
      's.place',
      // scope: the invited units of a seminar already filtered by the scope below (every unit it invited is shown)
      sql<Array<{ id: string; name: string }>>`(select coalesce(json_agg(json_build_object('id', un.id, 'name', un.name) order by un.name), '[]') from seminar_invitations i join units un on un.id = i.unit_id where i.seminar_id = s.id)`.as('units'),
      sql<number>`(select count(*)::int from training_completions c where c.seminar_id = s.id)`.as('attendees'),
    ])
    .where(({ exists, selectFrom }) => exists(selectFrom('seminar_invitations as si').select('si.seminar_id').whereRef('si.seminar_id', '=', 's.id').where(inScope('si.unit_id', scope))))
    .orderBy('s.held_on')
    .orderBy('s.starts_at');
  if (opts.from) q = q.where('s.held_on', '>=', opts.from);
  return q.execute();
}

export async function getSeminar(db: Executor, id: string) {
  return db.selectFrom('seminars').select(['id', 'training_id as trainingId', 'held_on as heldOn']).where('id', '=', id).executeTakeFirst();
}

/** Active staff with a role in one of the seminar's invited units (who may be recorded as attending). */
export async function seminarInvitees(db: Executor, seminarId: string) {
  return db
    .selectFrom('seminar_invitations as i') // scope: the seminar's own invitations; the competence centre works across units
    .innerJoin('user_roles as r', 'r.unit_id', 'i.unit_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('units as un', 'un.id', 'i.unit_id')
    .select(['u.id as userId', 'u.display_name as name', sql<string>`min(un.name)`.as('unitName'), sql<boolean>`exists (select 1 from training_completions c where c.seminar_id = i.seminar_id and c.user_id = u.id)`.as('attended')])
    .where('i.seminar_id', '=', seminarId)
    .where('u.active', '=', true)
    .where('u.kind', '=', 'staff')
    .groupBy(['u.id', 'u.display_name', 'i.seminar_id'])
    .orderBy('u.display_name')
    .execute();
}

/** Completion records of staff whose account was deactivated and has not changed since the cutoff. */
export async function purgeDepartedStaffCompletions(tx: Tx, cutoff: Date): Promise<number> {
  const r = await tx
    .deleteFrom('training_completions')
    .where(({ exists, selectFrom }) => exists(selectFrom('users as u').select('u.id').whereRef('u.id', '=', 'training_completions.user_id').where('u.active', '=', false).where('u.updated_at', '<', cutoff)))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
