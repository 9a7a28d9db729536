import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { ConsentOut } from '../consents/schema.ts';
import { decisionsJson } from './decisions.ts';
import type { DecisionRef, FollowUpOut, MeasureOut } from './schema.ts';
import { stockholmTodaySql } from '../core/db/stockholm-today.ts';

/**
 * Every staff query on plans starts here: the plans of cases in the scope's units, and the plans
 * the caller coordinates (seed 003: the coordinator is the way in across the adult and children's
 * units) — the latter only for a caller who holds the permission in some unit at all.
 */
export function plansInScope(db: Executor, scope: UnitScope, userId: string) {
  const base = db.selectFrom('exit_plans as pl'); // scope: the base itself, narrowed below
  if (scope.units !== 'all' && scope.units.length === 0) return base.where(inScope('pl.unit_id', scope));
  return base.where((eb) => eb.or([inScope('pl.unit_id', scope), eb('pl.coordinator_id', '=', userId)]));
}

export interface PlanRow {
  id: string;
  case_id: string;
  person_id: string;
  unit_id: string;
  coordinator_id: string | null;
  lead_actor_id: string | null;
  goals: string;
  template: string | null;
  status: string;
  end_reason: string | null;
  version: number;
}

const PLAN_ROW = ['pl.id', 'pl.case_id', 'pl.person_id', 'pl.unit_id', 'pl.coordinator_id', 'pl.lead_actor_id', 'pl.goals', 'pl.template', 'pl.status', 'pl.end_reason', 'pl.version'] as const;

/** A plan in the scope (404 outside), locked so concurrent changes of it queue. */
export async function getPlanForWrite(tx: Tx, scope: UnitScope, userId: string, id: string): Promise<PlanRow> {
  const row = await plansInScope(tx, scope, userId).select(PLAN_ROW).where('pl.id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

export async function getPlan(db: Executor, scope: UnitScope, userId: string, id: string): Promise<PlanRow | undefined> {
  return plansInScope(db, scope, userId).select(PLAN_ROW).where('pl.id', '=', id).executeTakeFirst();
}

export interface ActorRow {
  id: string;
  kind: string;
  name: string;
  consentId: string | null;
  partnerUserId: string | null;
  partnerName: string | null;
  invitedAt: string | null;
  consent: { basis: string; givenOn: string; expiresOn: string | null; withdrawnAt: string | null } | null;
}

/** A consent of the person as JSON brings it: ConsentOut before its status, instants as ISO strings. */
export type ConsentJson = Omit<ConsentOut, 'status' | 'expiringSoon' | 'basis' | 'recordedAt' | 'withdrawnAt'> & { basis: string; recordedAt: string; withdrawnAt: string | null };

export interface PlanContents {
  actors: ActorRow[];
  measures: Array<Omit<MeasureOut, 'effectiveStatus'>>;
  followUps: FollowUpOut[];
  acks: Array<{ key: string; reason: string; by: string | null; at: string }>;
  meta: { personLabel: string | null; unitName: string; coordinatorName: string | null; updatedAt: string; barnahus: string; regionalReferral: string };
  /** The case's decisions (decisions.ts). */
  decisions: DecisionRef[];
  /** Every consent of the person, newest first, as consentsByPerson reads them. */
  consents: ConsentJson[];
}

/** An instant as Date.prototype.toISOString writes it (UTC, milliseconds), so the JSON reads as the Date would. */
export const isoInstant = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The plan's contents beside its row `pl`, each a JSON column of the same select: one statement,
 * one snapshot, one round trip, each part read through its plan_id (or person_id, case_id) index.
 * Actors (with their consent's state), measures, follow-ups, acknowledgements, the labels of the
 * page, the case's decisions and the person's consents.
 */
const CONTENTS = [
  sql<ActorRow[]>`coalesce((select json_agg(json_build_object('id', a.id, 'kind', a.kind, 'name', a.name, 'consentId', a.consent_id, 'partnerUserId', a.partner_user_id,
      'partnerName', pu.display_name, 'invitedAt', a.invited_at,
      'consent', case when c.id is null then null else json_build_object('basis', c.basis, 'givenOn', c.given_on, 'expiresOn', c.expires_on, 'withdrawnAt', c.withdrawn_at) end)
    order by a.created_at, a.id)
    from plan_actors a left join consents c on c.id = a.consent_id left join users pu on pu.id = a.partner_user_id where a.plan_id = pl.id), '[]')`.as('actors'),
  sql<PlanContents['measures']>`coalesce((select json_agg(json_build_object('id', m.id, 'actorId', m.actor_id, 'kind', m.kind, 'title', m.title, 'contactPerson', m.contact_person,
      'startsOn', m.starts_on, 'plannedEndOn', m.planned_end_on, 'status', m.status, 'statusReason', m.status_reason, 'dependsOn', m.depends_on,
      'decisionId', m.decision_id, 'templateKey', m.template_key, 'partnerNote', m.partner_note, 'version', m.version) order by m.starts_on, m.id)
    from plan_measures m where m.plan_id = pl.id), '[]')`.as('measures'),
  sql<FollowUpOut[]>`coalesce((select json_agg(json_build_object('id', f.id, 'dueOn', f.due_on, 'heldOn', f.held_on, 'participants', f.participants, 'notes', f.notes,
      'recordedBy', fu.display_name, 'version', f.version) order by f.due_on, f.id)
    from plan_follow_ups f left join users fu on fu.id = f.recorded_by where f.plan_id = pl.id), '[]')`.as('followUps'),
  sql<PlanContents['acks']>`coalesce((select json_agg(json_build_object('key', k.warning_key, 'reason', k.reason, 'by', ku.display_name, 'at', k.at) order by k.at)
    from plan_acknowledgements k left join users ku on ku.id = k.by_user where k.plan_id = pl.id), '[]')`.as('acks'),
  // scope: the person and case of the plan in the row (the plan was reached through plansInScope or by an id loaded so)
  sql<PlanContents['meta']>`(select json_build_object('personLabel', coalesce(p.name, p.pseudonym), 'unitName', un.name, 'coordinatorName', cu.display_name, 'updatedAt', pl.updated_at,
      'barnahus', k.barnahus, 'regionalReferral', k.regional_referral)
    from persons p, units un, cases k left join users cu on cu.id = pl.coordinator_id
    where p.id = pl.person_id and un.id = pl.unit_id and k.id = pl.case_id)`.as('meta'),
  decisionsJson.as('decisions'),
  // The person's consents as consentsByPerson (src/consents/store.ts) reads them, column for column (a test holds them equal).
  sql<ConsentJson[]>`coalesce((select json_agg(json_build_object('id', c.id, 'personId', c.person_id, 'basis', c.basis, 'actorKind', c.actor_kind, 'actorName', c.actor_name,
      'scope', c.scope, 'form', c.form, 'legalBasis', c.legal_basis, 'givenOn', c.given_on, 'expiresOn', c.expires_on, 'recordedBy', ru.display_name,
      'recordedAt', ${isoInstant('c.recorded_at')}, 'withdrawnAt', ${isoInstant('c.withdrawn_at')}, 'withdrawnBy', wu.display_name) order by c.recorded_at desc)
    from consents c left join users ru on ru.id = c.recorded_by left join users wu on wu.id = c.withdrawn_by where c.person_id = pl.person_id), '[]')`.as('consents'),
] as const;

/**
 * The plan page's read in one statement: the plan in the caller's scope (nothing outside it) and
 * its contents. Undefined when the plan is not in the scope.
 */
export async function planPage(db: Executor, scope: UnitScope, userId: string, id: string): Promise<(PlanRow & PlanContents) | undefined> {
  return planPageQuery(db, scope, userId, id).executeTakeFirst();
}

export function planPageQuery(db: Executor, scope: UnitScope, userId: string, id: string) {
  return plansInScope(db, scope, userId)
    .select([...PLAN_ROW, ...CONTENTS])
    .where('pl.id', '=', id);
}

/** The contents of a plan the caller has already loaded (and locked) through plansInScope, in one statement. */
export async function planParts(db: Executor, planId: string): Promise<PlanContents> {
  const row = await db
    .selectFrom('exit_plans as pl') // scope: by the id of a plan the caller loaded through plansInScope
    .select([...CONTENTS])
    .where('pl.id', '=', planId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

/** The case a new plan is for, in the caller's scope of case reading (404 outside). */
export async function caseForPlan(tx: Executor, scope: UnitScope, caseId: string) {
  const row = await tx.selectFrom('cases as k').select(['k.id', 'k.person_id', 'k.unit_id', 'k.status']).where('k.id', '=', caseId).where(inScope('k.unit_id', scope)).executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

/** Whether the user may coordinate: an active staff account holding the coordinator role (in any unit). */
export async function isCoordinator(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .where('r.user_id', '=', userId)
    .where('r.role', '=', 'coordinator')
    .where('u.active', '=', true)
    .executeTakeFirst();
  return !!row;
}

export async function coordinators(db: Executor) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name as name', sql<string | null>`null`.as('organisation')])
    .where('u.active', '=', true)
    .where((eb) => eb.exists(eb.selectFrom('user_roles as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'coordinator')))
    .orderBy('u.display_name')
    .execute();
}

/** Partner accounts an administrator created: the ones a coordinator may invite. */
export async function partnerAccounts(db: Executor) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name as name', 'u.partner_organisation as organisation'])
    .where('u.active', '=', true)
    .where('u.kind', '=', 'partner')
    .where((eb) => eb.exists(eb.selectFrom('user_roles as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'external_partner')))
    .orderBy('u.display_name')
    .execute();
}

export async function isPartnerAccount(db: Executor, userId: string): Promise<boolean> {
  return (await partnerAccounts(db)).some((p) => p.id === userId);
}

export async function insertPlan(tx: Tx, p: { caseId: string; personId: string; unitId: string; coordinatorId: string | null; goals: string; template: string | null; createdBy: string }) {
  return tx
    .insertInto('exit_plans')
    .values({ case_id: p.caseId, person_id: p.personId, unit_id: p.unitId, coordinator_id: p.coordinatorId, goals: p.goals, template: p.template, created_by: p.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: { code?: string }) => {
      if (err.code === '23505') throw new AppError(409, 'planAlreadyExists');
      throw err;
    });
}

/**
 * Every change of a plan: its version goes up by one and the whole plan as it now stands is kept
 * under that version, with who changed it and what. Optimistic locking for plan-level edits: when
 * `expected` is given, the change applies only at that version (409 otherwise).
 */
export async function recordVersion(tx: Tx, planId: string, change: string, userId: string | null, set: Record<string, unknown> = {}, expected?: number): Promise<number> {
  // scope: by the id of a plan the caller loaded through plansInScope (or a partner through an invitation)
  let q = tx.updateTable('exit_plans').set({ ...set, version: sql`version + 1`, updated_at: sql`now()` } as never).where('id', '=', planId);
  if (expected !== undefined) q = q.where('version', '=', expected);
  const row = await q.returning('version').executeTakeFirst();
  if (!row) throw new AppError(409, 'conflict');
  // scope: the plan just changed above, by the id the caller loaded through plansInScope
  await sql`
    insert into plan_versions (plan_id, version, change, changed_by, snapshot)
    select pl.id, pl.version, ${change}, ${userId}, jsonb_build_object(
      'goals', pl.goals, 'status', pl.status, 'coordinatorId', pl.coordinator_id, 'leadActorId', pl.lead_actor_id,
      'actors', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'kind', a.kind, 'name', a.name, 'consentId', a.consent_id, 'partnerUserId', a.partner_user_id) order by a.created_at) from plan_actors a where a.plan_id = pl.id), '[]'),
      'measures', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'actorId', m.actor_id, 'kind', m.kind, 'title', m.title, 'startsOn', m.starts_on, 'plannedEndOn', m.planned_end_on,
        'status', m.status, 'statusReason', m.status_reason, 'dependsOn', m.depends_on, 'decisionId', m.decision_id) order by m.starts_on, m.id) from plan_measures m where m.plan_id = pl.id), '[]'),
      'followUps', (select count(*) from plan_follow_ups f where f.plan_id = pl.id))
    from exit_plans pl where pl.id = ${planId}`.execute(tx);
  return row.version;
}

export async function insertActor(tx: Tx, planId: string, a: { kind: string; name: string; consentId: string | null }) {
  return tx.insertInto('plan_actors').values({ plan_id: planId, kind: a.kind, name: a.name, consent_id: a.consentId }).returning('id').executeTakeFirstOrThrow();
}

export async function updateActor(tx: Tx, planId: string, actorId: string, set: { consent_id?: string | null; partner_user_id?: string | null; invited_by?: string | null; invited_at?: Date | null }) {
  const row = await tx.updateTable('plan_actors').set(set).where('id', '=', actorId).where('plan_id', '=', planId).returning('id').executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
}

export async function insertMeasure(tx: Tx, planId: string, m: { actorId: string; kind: string; title: string; contactPerson: string | null; startsOn: string; plannedEndOn: string | null; status: string; dependsOn: string[]; decisionId: string | null; templateKey: string | null }) {
  return tx
    .insertInto('plan_measures')
    .values({
      plan_id: planId,
      actor_id: m.actorId,
      kind: m.kind,
      title: m.title,
      contact_person: m.contactPerson,
      starts_on: m.startsOn,
      planned_end_on: m.plannedEndOn,
      status: m.status,
      depends_on: m.dependsOn,
      decision_id: m.decisionId,
      template_key: m.templateKey,
      status_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A measure change at the version read (409 otherwise). */
export async function updateMeasure(tx: Tx, planId: string, measureId: string, version: number, set: Record<string, unknown>): Promise<number> {
  const row = await tx
    .updateTable('plan_measures')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', measureId)
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'conflict');
  return row.version;
}

export async function insertFollowUp(tx: Tx, planId: string, f: { dueOn: string; participants: string[]; notes: string | null }, userId: string) {
  return tx.insertInto('plan_follow_ups').values({ plan_id: planId, due_on: f.dueOn, participants: f.participants, notes: f.notes, recorded_by: userId, held_on: null }).returning('id').executeTakeFirstOrThrow();
}

export async function updateFollowUp(tx: Tx, planId: string, id: string, version: number, set: Record<string, unknown>): Promise<number> {
  const exists = await tx.selectFrom('plan_follow_ups').select('version').where('id', '=', id).where('plan_id', '=', planId).executeTakeFirst();
  if (!exists) throw new AppError(404, 'notFound');
  const row = await tx
    .updateTable('plan_follow_ups')
    .set({ ...set, version: sql`version + 1` } as never)
    .where('id', '=', id)
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'conflict');
  return row.version;
}

export async function insertAcknowledgements(tx: Tx, planId: string, keys: readonly string[], reason: string, userId: string) {
  if (keys.length) await tx.insertInto('plan_acknowledgements').values(keys.map((k) => ({ plan_id: planId, warning_key: k, reason, by_user: userId }))).execute();
}

export async function planVersions(db: Executor, planId: string) {
  return db
    .selectFrom('plan_versions as v')
    .leftJoin('users as u', 'u.id', 'v.changed_by')
    .select(['v.version', 'v.change', 'u.display_name as changedBy', sql<string>`to_json(v.changed_at)#>>'{}'`.as('changedAt'), 'v.snapshot'])
    .where('v.plan_id', '=', planId)
    .orderBy('v.version', 'desc')
    .execute();
}

/** Plan lists: the plans in the scope's units and those the caller coordinates, with what is due. */
/** The plan list (coordinator's own first); the route reads it with its audit entry in one statement (auditedList). */
export function planListQuery(db: Executor, scope: UnitScope, userId: string) {
  return plansInScope(db, scope, userId)
    .innerJoin('units as un', 'un.id', 'pl.unit_id')
    .innerJoin('persons as p', 'p.id', 'pl.person_id')
    .leftJoin('users as cu', 'cu.id', 'pl.coordinator_id')
    .select([
      'pl.id',
      'pl.case_id as caseId',
      'pl.person_id as personId',
      sql<string | null>`coalesce(p.name, p.pseudonym)`.as('personLabel'),
      'un.name as unitName',
      'cu.display_name as coordinatorName',
      sql<boolean>`coalesce(pl.coordinator_id = ${userId}, false)`.as('mine'),
      'pl.status',
      sql<number>`(select count(*)::int from plan_measures m where m.plan_id = pl.id)`.as('measures'),
      sql<string | null>`(select min(f.due_on)::text from plan_follow_ups f where f.plan_id = pl.id and f.held_on is null and f.due_on >= ${stockholmTodaySql})`.as('nextFollowUp'),
      sql<number>`(select count(*)::int from plan_follow_ups f where f.plan_id = pl.id and f.held_on is null and f.due_on < ${stockholmTodaySql})`.as('overdueFollowUps'),
      sql<string>`to_json(pl.updated_at)#>>'{}'`.as('updatedAt'),
    ])
    .orderBy(sql`(pl.coordinator_id = ${userId}) desc nulls last`)
    .orderBy('pl.updated_at', 'desc')
    .limit(200);
}

/**
 * Partner access, never through units (a partner's grant has no unit, and a unit-less grant means
 * every unit in policy.ts): the actors of the plan the partner account was invited for, each with
 * its consent's state. No row: not invited.
 */
export async function partnerActors(db: Executor, partnerUserId: string, planId: string) {
  return db
    .selectFrom('plan_actors as a')
    // scope: partner access by per-plan invitation (plan_actors.partner_user_id), never by unit
    .innerJoin('exit_plans as pl', 'pl.id', 'a.plan_id')
    .leftJoin('consents as c', 'c.id', 'a.consent_id')
    .select(['a.id', 'a.kind', 'a.name', 'pl.person_id as personId', 'pl.status as planStatus', 'c.basis', 'c.given_on as givenOn', 'c.expires_on as expiresOn', 'c.withdrawn_at as withdrawnAt', 'c.id as consentId'])
    .where('a.plan_id', '=', planId)
    .where('a.partner_user_id', '=', partnerUserId)
    .execute();
}

/** The plans a partner account is invited to, with their actors' consent state. */
export async function partnerInvitations(db: Executor, partnerUserId: string) {
  return db
    .selectFrom('plan_actors as a')
    // scope: partner access by per-plan invitation (plan_actors.partner_user_id), never by unit
    .innerJoin('exit_plans as pl', 'pl.id', 'a.plan_id')
    .innerJoin('persons as p', 'p.id', 'pl.person_id')
    .leftJoin('users as cu', 'cu.id', 'pl.coordinator_id')
    .leftJoin('consents as c', 'c.id', 'a.consent_id')
    .select([
      'pl.id',
      'pl.person_id as personId',
      'pl.status as planStatus',
      sql<string | null>`coalesce(p.name, p.pseudonym)`.as('personLabel'),
      'cu.display_name as coordinatorName',
      'a.id as actorId',
      'c.basis',
      'c.given_on as givenOn',
      'c.expires_on as expiresOn',
      'c.withdrawn_at as withdrawnAt',
      sql<number>`(select count(*)::int from plan_measures m where m.actor_id = a.id)`.as('measures'),
    ])
    .where('a.partner_user_id', '=', partnerUserId)
    .execute();
}

/** The measures of the given actors of one plan: all a partner sees. */
export async function measuresOfActors(db: Executor, planId: string, actorIds: readonly string[]) {
  if (actorIds.length === 0) return [];
  return db
    .selectFrom('plan_measures as m')
    .select(['m.id', 'm.actor_id as actorId', 'm.kind', 'm.title', 'm.contact_person as contactPerson', 'm.starts_on as startsOn', 'm.planned_end_on as plannedEndOn', 'm.status', 'm.partner_note as partnerNote', 'm.version'])
    .where('m.plan_id', '=', planId)
    .where('m.actor_id', 'in', actorIds)
    .orderBy('m.starts_on')
    .orderBy('m.id')
    .execute();
}

export async function planHeader(db: Executor, planId: string) {
  // scope: by the id of a plan a partner reached through an invitation
  return db
    .selectFrom('exit_plans as pl')
    .innerJoin('persons as p', 'p.id', 'pl.person_id')
    .leftJoin('users as cu', 'cu.id', 'pl.coordinator_id')
    .select(['pl.id', sql<string | null>`coalesce(p.name, p.pseudonym)`.as('personLabel'), 'cu.display_name as coordinatorName'])
    .where('pl.id', '=', planId)
    .executeTakeFirstOrThrow();
}
