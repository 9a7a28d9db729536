import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Db, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { ContactFacts, ShiftKind } from './rules.ts';
import type { ContactIn, ContactOut, ParticipantOut, ShiftIn, ShiftSummary } from './schema.ts';

type Executor = Db | Tx;

/** Every query on shifts starts here: the shifts of the scope's units. Contacts and participants are reached through their shift. */
export function shiftsInScope(db: Executor, scope: UnitScope) {
  return db.selectFrom('outreach_shifts as s').where(inScope('s.unit_id', scope));
}

export async function insertShift(tx: Tx, input: ShiftIn, plannedBy: string): Promise<string> {
  const shift = await tx
    .insertInto('outreach_shifts')
    .values({ unit_id: input.unitId, kind: input.kind, area: input.area, starts_at: input.startsAt, ends_at: input.endsAt, note: input.note, planned_by: plannedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = [
    { shift_id: shift.id, organisation: 'social_services' as const, user_id: plannedBy, name: null, organisation_name: null },
    ...input.participants.filter((p) => p.userId !== plannedBy).map((p) => ({ shift_id: shift.id, organisation: p.organisation, user_id: p.userId, name: p.name, organisation_name: p.organisationName })),
  ];
  await tx.insertInto('outreach_participants').values(rows).onConflict((oc) => oc.columns(['shift_id', 'user_id']).doNothing()).execute();
  return shift.id;
}

export async function listShifts(db: Executor, scope: UnitScope, range: { from?: string; to?: string }): Promise<ShiftSummary[]> {
  let q = shiftsInScope(db, scope)
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id as unitId', 'u.name as unitName', 's.kind', 's.area', 's.starts_at as startsAt', 's.ends_at as endsAt'])
    .select((eb) => eb.selectFrom('outreach_contacts as c').whereRef('c.shift_id', '=', 's.id').select(sql<number>`count(*)::int`.as('n')).as('contacts'));
  if (range.from) q = q.where('s.ends_at', '>=', new Date(`${range.from}T00:00:00Z`));
  if (range.to) q = q.where('s.starts_at', '<', new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86_400_000));
  const rows = await q.orderBy('s.starts_at', 'desc').limit(200).execute();
  return rows.map((r) => ({ ...r, contacts: Number(r.contacts ?? 0) }));
}

/** One shift of the scope (404 otherwise, whether it does not exist or is another unit's); locked when a change follows. */
export async function shiftOf(db: Executor, scope: UnitScope, id: string, lock = false) {
  let q = shiftsInScope(db, scope)
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id as unitId', 'u.name as unitName', 's.kind', 's.area', 's.starts_at as startsAt', 's.ends_at as endsAt', 's.note', 's.planned_by as plannedBy'])
    .where('s.id', '=', id);
  if (lock) q = q.forUpdate('s');
  const shift = await q.executeTakeFirst();
  if (!shift) throw new AppError(404, 'shiftNotFound');
  return shift;
}

export async function participantsOf(db: Executor, shiftId: string): Promise<ParticipantOut[]> {
  return db
    .selectFrom('outreach_participants as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.organisation', 'p.user_id as userId', sql<string | null>`coalesce(p.name, u.display_name)`.as('name'), 'p.organisation_name as organisationName'])
    .where('p.shift_id', '=', shiftId) // scope: the shift was loaded through shiftsInScope
    .orderBy('p.organisation')
    .orderBy('name')
    .execute();
}

const CONTACT_COLUMNS = [
  'c.id',
  'c.logged_at as loggedAt',
  'c.logged_by as loggedBy',
  'lb.display_name as loggedByName',
  'c.on_behalf_of as onBehalfOf',
  'c.age_band as ageBand',
  'c.gender',
  'c.person_role as personRole',
  'c.place_type as placeType',
  'c.offered',
  'c.accepted',
  'c.follow_up as followUp',
  'c.note',
  'c.intake_contact_id as intakeContactId',
] as const;

export async function contactsOf(db: Executor, shiftId: string): Promise<ContactOut[]> {
  return db
    .selectFrom('outreach_contacts as c')
    .innerJoin('users as lb', 'lb.id', 'c.logged_by')
    .leftJoin('outreach_participants as p', 'p.id', 'c.on_behalf_of')
    .leftJoin('users as pu', 'pu.id', 'p.user_id')
    .select(CONTACT_COLUMNS)
    .select(sql<string | null>`coalesce(p.name, pu.display_name)`.as('onBehalfOfName'))
    .where('c.shift_id', '=', shiftId) // scope: the shift was loaded through shiftsInScope
    .orderBy('c.logged_at')
    .orderBy('c.id')
    .execute();
}

export async function insertContact(tx: Tx, shiftId: string, loggedBy: string, c: ContactIn): Promise<string> {
  if (c.onBehalfOf) {
    const p = await tx.selectFrom('outreach_participants').select('id').where('id', '=', c.onBehalfOf).where('shift_id', '=', shiftId).executeTakeFirst(); // scope: within the shift just loaded in scope
    if (!p) throw new AppError(400, 'notAParticipant');
  }
  const row = await tx
    .insertInto('outreach_contacts')
    .values({
      shift_id: shiftId,
      logged_by: loggedBy,
      on_behalf_of: c.onBehalfOf,
      age_band: c.ageBand,
      gender: c.gender,
      person_role: c.personRole,
      place_type: c.placeType,
      offered: [...new Set(c.offered)],
      accepted: [...new Set(c.accepted)],
      follow_up: c.followUp,
      note: c.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An outreach contact of a shift in the scope (locked for its link to intake when `lock`). */
export async function contactForIntake(db: Executor, scope: UnitScope, id: string, lock = false): Promise<ContactFacts & { id: string; shiftId: string; shiftKind: ShiftKind; startsAt: Date; gender: string; unitId: string }> {
  let q = shiftsInScope(db, scope)
    .innerJoin('outreach_contacts as c', 'c.shift_id', 's.id')
    .select(['c.id', 'c.shift_id as shiftId', 's.kind as shiftKind', 's.starts_at as startsAt', 's.unit_id as unitId', 'c.age_band as ageBand', 'c.gender', 'c.person_role as personRole', 'c.place_type as placeType', 'c.offered', 'c.accepted', 'c.follow_up as followUp', 'c.intake_contact_id as intakeContactId'])
    .where('c.id', '=', id);
  if (lock) q = q.forUpdate('c');
  const c = await q.executeTakeFirst();
  if (!c) throw new AppError(404, 'outreachContactNotFound');
  return c;
}

export async function linkIntake(tx: Tx, id: string, intakeContactId: string): Promise<void> {
  await tx.updateTable('outreach_contacts').set({ intake_contact_id: intakeContactId }).where('id', '=', id).where('intake_contact_id', 'is', null).execute(); // scope: locked through contactForIntake
}

/** The units of a scope, by name (no personal data). */
export async function unitsToPlanIn(db: Executor, scope: UnitScope) {
  return db.selectFrom('units as u').select(['u.id', 'u.name']).where(inScope('u.id', scope)).orderBy('u.name').execute();
}
