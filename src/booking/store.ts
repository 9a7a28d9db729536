import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Db, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { cutoffFor, type RetentionRule } from '../core/retention-framework/framework.ts';
import { addDays } from '../core/time/stockholm.ts';
import { freeSlots, type BookingGroup, type Slot, type Taken, type WeekRow } from './rules.ts';

type Executor = Db | Tx;

/** Every staff query on receptions starts here: the receptions of the scope's units. */
export function receptionsInScope(db: Executor, scope: UnitScope) {
  return db.selectFrom('receptions as r').where(inScope('r.unit_id', scope));
}

/** The receptions the public may book (anonymous: no unit scope). */
export function publicReceptions(db: Executor) {
  // scope: public — only receptions marked public, no personal data
  return db.selectFrom('receptions as r').where('r.public', '=', true);
}

const RECEPTION_COLUMNS = ['r.id', 'r.name', 'r.place', 'r.kind', 'r.public', 'r.valid_from as validFrom', 'r.valid_to as validTo', 'r.unit_id as unitId'] as const;

export async function publicReceptionList(db: Executor) {
  return publicReceptions(db).select(RECEPTION_COLUMNS).orderBy('r.name').execute();
}

export async function receptionList(db: Executor, scope: UnitScope) {
  return receptionsInScope(db, scope).select(RECEPTION_COLUMNS).orderBy('r.name').execute();
}

/** A reception for a booking: locked, so that bookings of one reception take turns (the separation check and the insert are one step). */
export async function lockReception(tx: Tx, base: ReturnType<typeof publicReceptions>, id: string) {
  const r = await base.select(RECEPTION_COLUMNS).where('r.id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw new AppError(404, 'unknownReception');
  return r;
}

function weekQuery(db: Executor, receptionId: string) {
  return db
    .selectFrom('reception_week')
    .select(['weekday', 'target_group as targetGroup', 'opens', 'closes', 'slot_minutes as slotMinutes', 'room_id as roomId', 'staff_user_id as staffUserId'])
    .where('reception_id', '=', receptionId)
    .orderBy('weekday')
    .orderBy('opens');
}

export async function weekOf(db: Executor, receptionId: string): Promise<WeekRow[]> {
  return weekQuery(db, receptionId).execute();
}

export async function roomsOf(db: Executor, receptionId: string) {
  return db.selectFrom('reception_rooms').select(['id', 'name']).where('reception_id', '=', receptionId).orderBy('name').execute();
}

/**
 * Booked times that block slots of a reception: its own bookings and its staff's bookings elsewhere.
 * Either for given staff members, or for a group's free-slot search: then the staff are the week's
 * and only the weekdays of the group's week rows count (no slot of the group falls on another day),
 * both read in the same query so that it needs not wait for the week. Back-to-back bookings of one
 * room and staff member on one day come merged into one busy time (range_agg), as epoch
 * milliseconds: the free-slot search reads weeks of bookings, and a row per booking (a Date each)
 * was most of its time.
 */
export async function takenBetween(db: Executor, receptionId: string, from: string, to: string, of: { staffIds: readonly string[] } | { group: BookingGroup }): Promise<Taken[]> {
  return takenOf(await takenQuery(db, receptionId, from, to, of).execute());
}

function takenQuery(db: Executor, receptionId: string, from: string, to: string, of: { staffIds: readonly string[] } | { group: BookingGroup }) {
  const week = db.selectFrom('reception_week as w').where('w.reception_id', '=', receptionId);
  let q = db
    .selectFrom('bookings')
    .select([
      'room_id as roomId',
      'staff_user_id as staffUserId',
      sql<string>`local_date::text`.as('localDate'),
      'target_group as targetGroup',
      sql<string>`range_agg(int8range((extract(epoch from starts_at) * 1000)::int8, (extract(epoch from ends_at) * 1000)::int8))::text`.as('busy'),
    ])
    .where('status', '=', 'booked')
    .where('local_date', '>=', from)
    .where('local_date', '<=', to)
    .groupBy(['local_date', 'room_id', 'staff_user_id', 'target_group']);
  if ('group' in of) {
    q = q
      .where((eb) => eb.or([eb('reception_id', '=', receptionId), eb('staff_user_id', 'in', week.select('w.staff_user_id').where('w.staff_user_id', 'is not', null))]))
      .where(sql<number>`extract(isodow from local_date)::int`, 'in', week.select('w.weekday').where('w.target_group', '=', of.group));
  } else {
    const { staffIds } = of;
    q = q.where((eb) => (staffIds.length ? eb.or([eb('reception_id', '=', receptionId), eb('staff_user_id', 'in', staffIds)]) : eb('reception_id', '=', receptionId)));
  }
  return q;
}

type TakenRow = { roomId: string; staffUserId: string | null; localDate: string; targetGroup: BookingGroup; busy: string };

function takenOf(rows: readonly TakenRow[]): Taken[] {
  const out: Taken[] = [];
  for (const { busy, ...r } of rows) {
    // A multirange as text: {[start,end),[start,end)}
    for (const m of busy.matchAll(/\[(\d+),(\d+)\)/g)) out.push({ ...r, startsMs: Number(m[1]), endsMs: Number(m[2]) });
  }
  return out;
}

/** The groups booked at a reception on a date (for the separation rule). */
export async function groupsBookedOn(db: Executor, receptionId: string, date: string): Promise<BookingGroup[]> {
  const rows = await db.selectFrom('bookings').select('target_group').distinct().where('reception_id', '=', receptionId).where('local_date', '=', date).where('status', '=', 'booked').execute();
  return rows.map((r) => r.target_group);
}

export interface NewBooking {
  receptionId: string;
  roomId: string;
  staffUserId: string | null;
  targetGroup: BookingGroup;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  codeHash: string | null;
  pseudonym: string;
  contact: string | null;
  caseId: string | null;
  source: 'public' | 'staff' | 'outreach';
  createdBy: string | null;
}

/**
 * Inserts a booking. The database refuses a room or a staff member booked twice at once and the
 * two groups on one day (exclusion constraints); that refusal is answered as the rule's own.
 */
export async function insertBooking(tx: Tx, b: NewBooking): Promise<string> {
  try {
    const row = await tx
      .insertInto('bookings')
      .values({
        reception_id: b.receptionId,
        room_id: b.roomId,
        staff_user_id: b.staffUserId,
        target_group: b.targetGroup,
        starts_at: b.startsAt,
        ends_at: b.endsAt,
        local_date: b.localDate,
        code_hash: b.codeHash,
        pseudonym: b.pseudonym,
        contact: b.contact,
        case_id: b.caseId,
        source: b.source,
        created_by: b.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    throw constraintError(err) ?? err;
  }
}

export function constraintError(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23P01') return null;
  return e.constraint === 'bookings_groups_apart' ? new AppError(409, 'otherGroupBookedThatDay') : new AppError(409, 'slotTaken');
}

const BOOKING_COLUMNS = [
  'b.id',
  'b.reception_id as receptionId',
  'rc.name as receptionName',
  'rc.place as place',
  'b.room_id as roomId',
  'rm.name as roomName',
  'b.staff_user_id as staffUserId',
  'b.target_group as targetGroup',
  'b.starts_at as startsAt',
  'b.ends_at as endsAt',
  'b.status as status',
  'b.pseudonym as pseudonym',
  'b.contact as contact',
  'b.case_id as caseId',
  'b.source as source',
] as const;

function bookingsJoined(db: Executor) {
  return db.selectFrom('bookings as b').innerJoin('receptions as rc', 'rc.id', 'b.reception_id').innerJoin('reception_rooms as rm', 'rm.id', 'b.room_id');
}

/** The booking a code opens (a cancelled booking's code opens nothing). */
export async function bookingByCode(db: Executor, codeHash: string, forUpdate = false) {
  // scope: the code is the only key to an anonymous booking
  let q = bookingsJoined(db).select([...BOOKING_COLUMNS, sql<string>`b.local_date::text`.as('localDate')]).where('b.code_hash', '=', codeHash).where('b.status', '=', 'booked');
  if (forUpdate) q = q.forUpdate(['b']);
  return q.executeTakeFirst();
}

export async function cancelBooking(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('bookings').set({ status: 'cancelled', cancelled_at: now }).where('id', '=', id).execute();
}

/** A reception's calendar between two dates (the reception is already known to be in scope). */
export async function receptionCalendar(db: Executor, receptionId: string, from: string, to: string) {
  return bookingsJoined(db)
    .leftJoin('users as u', 'u.id', 'b.staff_user_id')
    .select([...BOOKING_COLUMNS, 'u.display_name as staffName', sql<string>`b.local_date::text`.as('localDate')])
    .where('b.reception_id', '=', receptionId)
    .where('b.status', '=', 'booked')
    .where('b.local_date', '>=', from)
    .where('b.local_date', '<=', to)
    .orderBy('b.starts_at')
    .execute();
}

/** A staff member's own calendar, every reception. */
export async function staffCalendar(db: Executor, userId: string, from: string, to: string) {
  return bookingsJoined(db)
    .leftJoin('users as u', 'u.id', 'b.staff_user_id')
    .select([...BOOKING_COLUMNS, 'u.display_name as staffName', sql<string>`b.local_date::text`.as('localDate')])
    .where('b.staff_user_id', '=', userId)
    .where('b.status', '=', 'booked')
    .where('b.local_date', '>=', from)
    .where('b.local_date', '<=', to)
    .orderBy('b.starts_at')
    .execute();
}

/** Bookings (pseudonym, a way to be reached) are deleted a while after the appointment; a case's stay with the case. */
export const bookingRetentionRule: RetentionRule = {
  recordType: 'booking',
  description: { sv: 'Bokningar i mottagningen (pseudonym och kontaktväg)', en: 'Reception bookings (pseudonym and contact)' },
  defaultKeepDays: 90,
  async purge(tx, { keepDays, now }) {
    // scope: system work (retention)
    const r = await tx.deleteFrom('bookings').where('ends_at', '<', cutoffFor(now, keepDays)).where('case_id', 'is', null).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

/** The free slots of a reception for a group over some weeks from a date (today in Sweden by default). */
export async function slotsOf(db: Executor, reception: { id: string; validFrom: string | null; validTo: string | null }, group: BookingGroup, now: Date, from: string, days: number): Promise<Slot[]> {
  // One read: the week and the busy times, each as one JSON array; the slots are cut in memory.
  const result = await sql<{ week: WeekRow[]; taken: TakenRow[] }>`
    select
      (select coalesce(json_agg(w order by w.weekday, w.opens), '[]'::json) from (${weekQuery(db, reception.id)}) w) as week,
      (select coalesce(json_agg(t), '[]'::json) from (${takenQuery(db, reception.id, from, addDays(from, days), { group })}) t) as taken`.execute(db);
  const { week, taken } = result.rows[0]!;
  return freeSlots(week, group, { from, days, now, taken: takenOf(taken), validFrom: reception.validFrom, validTo: reception.validTo });
}

