import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { formatCode, normaliseCode } from '../chat/rules.ts';
import { hashToken } from '../chat/store.ts';
import { casesInScope } from '../cases/store.ts';
import type { Db, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { dayGroup, matchSlot, separationProblem, SEPARATION_TEXT, slotBusy, weekContradictsBookings, weekProblems, type BookingGroup, type Slot } from './rules.ts';
import {
  BookingCodeIn,
  CalendarEntry,
  CalendarQuery,
  ChangeIn,
  Created,
  ErrorOut,
  Id,
  PublicBookingIn,
  PublicBookingOut,
  ReceptionOut,
  RoomIn,
  StaffOut,
  WeekIn,
  SlotOut,
  SlotsQuery,
  StaffBookingIn,
} from './schema.ts';
import {
  bookingByCode,
  cancelBooking,
  constraintError,
  groupsBookedOn,
  insertBooking,
  lockReception,
  publicReceptionList,
  publicReceptions,
  receptionCalendar,
  receptionList,
  receptionsInScope,
  roomsOf,
  slotsOf,
  staffCalendar,
  takenBetween,
  weekOf,
} from './store.ts';
import { registerBookingPage } from './visitor/page.ts';

const Public = { access: 'public' as const, csrf: false };
const Lang = z.object({ lang: z.enum(['sv', 'en']).default('sv') });

/** Reception booking: the public's anonymous booking by code, staff bookings and calendars. */
export function registerBookingRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  const clock = clockOf(deps);
  registerBookingPage(app, db, clock);

  // ---- The public: no account, no cookie; a booking code is the only key. ----
  app.route({
    method: 'GET',
    url: '/api/booking/public/receptions',
    config: { access: 'public' },
    schema: { summary: 'The receptions the public can book, with their week and the separation of the groups in plain words', querystring: Lang, response: { 200: z.array(ReceptionOut) } },
    handler: async (request) => Promise.all((await publicReceptionList(db)).map((r) => receptionOut(db, r, request.query.lang))),
  });
  app.route({
    method: 'GET',
    url: '/api/booking/public/slots',
    config: { access: 'public' },
    schema: { summary: 'Free slots of one group: only that group’s days', querystring: SlotsQuery, response: { 200: z.array(SlotOut), 404: ErrorOut } },
    handler: async (request) => publicSlots(db, clock(), request.query),
  });
  app.route({
    method: 'POST',
    url: '/api/booking/public/bookings',
    config: Public,
    schema: {
      summary: 'Book a slot without a name; the code (shown once) is the only way to change or cancel it. No reminder is ever sent.',
      body: PublicBookingIn,
      response: { 201: PublicBookingOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut },
    },
    handler: async (request, reply) => reply.status(201).send(await bookPublic(db, clock(), request.body)),
  });
  app.route({
    method: 'POST',
    url: '/api/booking/public/lookup',
    config: Public,
    schema: { summary: 'The booking a code opens', body: BookingCodeIn, response: { 200: PublicBookingOut, 404: ErrorOut } },
    handler: async (request) => {
      const b = await bookingByCode(db, hashToken(normaliseCode(request.body.code)));
      if (!b) throw new AppError(404, 'unknownBookingCode');
      return { receptionName: b.receptionName, place: b.place, targetGroup: b.targetGroup, startsAt: b.startsAt, endsAt: b.endsAt };
    },
  });
  app.route({
    method: 'POST',
    url: '/api/booking/public/cancel',
    config: Public,
    schema: { summary: 'Cancel a booking with its code; the code opens nothing afterwards', body: BookingCodeIn, response: { 204: z.null(), 404: ErrorOut } },
    handler: async (request, reply) => {
      await db.transaction().execute(async (tx) => {
        const b = await bookingByCode(tx, hashToken(normaliseCode(request.body.code)), true);
        if (!b) throw new AppError(404, 'unknownBookingCode');
        await cancelBooking(tx, b.id, clock());
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/booking/public/change',
    config: Public,
    schema: { summary: 'Move a booking to another free slot of the same group; the code stays', body: ChangeIn, response: { 200: PublicBookingOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut } },
    handler: async (request) => changePublic(db, clock(), request.body),
  });

  // ---- Staff ----
  app.route({
    method: 'GET',
    url: '/api/booking/receptions',
    config: { access: 'booking.read' },
    schema: { summary: 'Receptions of the caller’s units, with their week and rooms', querystring: Lang, response: { 200: z.array(ReceptionOut) } },
    handler: async (request) => Promise.all((await receptionList(db, callerOf(request).scope)).map((r) => receptionOut(db, r, request.query.lang))),
  });
  app.route({
    method: 'GET',
    url: '/api/booking/receptions/:id/calendar',
    config: { access: 'booking.read' },
    schema: { summary: 'A reception’s bookings between two dates (audited)', params: Id, querystring: CalendarQuery, response: { 200: z.array(CalendarEntry) } },
    handler: async (request) => readReceptionCalendar(callerOf(request), request.params.id, request.query),
  });
  app.route({
    method: 'GET',
    url: '/api/booking/my-calendar',
    config: { access: 'booking.read' },
    schema: { summary: 'The caller’s own bookings at every reception (audited)', querystring: CalendarQuery, response: { 200: z.array(CalendarEntry) } },
    handler: async (request) => {
      const caller = callerOf(request);
      return caller.transaction(async (tx, audit) => {
        const rows = await staffCalendar(tx, caller.user.id, request.query.from, request.query.to);
        await audit({ action: 'list', recordType: 'booking', fields: ['pseudonym', 'contact', 'caseId'], details: { count: rows.length, view: 'own' } });
        return rows;
      });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/booking/receptions/:id/bookings',
    config: { access: 'booking.book' },
    schema: {
      summary: 'Book from a case or an outreach contact. An override may leave the slot grid within the opening hours; another group’s day is refused all the same.',
      params: Id,
      body: StaffBookingIn,
      response: { 201: Created, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut },
    },
    handler: async (request, reply) => reply.status(201).send(await bookByStaff(callerOf(request), clock(), request.params.id, request.body)),
  });
  // ---- The reception's week: which days serve which group, rooms, staff, slot lengths ----
  app.route({
    method: 'GET',
    url: '/api/booking/receptions/:id/staff',
    config: { access: 'booking.read' },
    schema: { summary: 'The staff of the reception’s unit (whom a week row may name)', params: Id, response: { 200: z.array(StaffOut), 404: ErrorOut } },
    handler: async (request) => {
      const r = await receptionsInScope(db, callerOf(request).scope).select(['r.id', 'r.unit_id']).where('r.id', '=', request.params.id).executeTakeFirst();
      if (!r) throw new AppError(404, 'notFound');
      return unitStaff(db, r.unit_id);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/booking/receptions/:id/rooms',
    config: { access: 'booking.manage' },
    schema: { summary: 'Add a room to a reception', params: Id, body: RoomIn, response: { 201: Created, 404: ErrorOut } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const id = await caller.transaction(async (tx, audit) => {
        const r = await receptionsInScope(tx, caller.scope).select('r.id').where('r.id', '=', request.params.id).executeTakeFirst();
        if (!r) throw new AppError(404, 'notFound');
        const room = await tx.insertInto('reception_rooms').values({ reception_id: r.id, name: request.body.name }).returning('id').executeTakeFirstOrThrow();
        await audit({ action: 'create', recordType: 'reception', recordId: r.id, fields: ['rooms'] });
        return room.id;
      });
      return reply.status(201).send({ id });
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/booking/receptions/:id/week',
    config: { access: 'booking.manage' },
    schema: {
      summary: 'Publish a reception’s week (replaces it). One group a day; refused while bookings stand on a day it would give the other group or close.',
      params: Id,
      body: WeekIn,
      response: { 204: z.null(), 400: ErrorOut, 404: ErrorOut, 409: ErrorOut },
    },
    handler: async (request, reply) => {
      await saveWeek(callerOf(request), clock(), request.params.id, request.body.week);
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/booking/bookings/:id/cancel',
    config: { access: 'booking.book' },
    schema: { summary: 'Cancel a booking of a reception in the caller’s units', params: Id, response: { 204: z.null(), 404: ErrorOut } },
    handler: async (request, reply) => {
      await cancelByStaff(callerOf(request), request.params.id, clock());
      return reply.status(204).send(null);
    },
  });
}

async function receptionOut(db: Db, r: Awaited<ReturnType<typeof publicReceptionList>>[number], lang: 'sv' | 'en'): Promise<ReceptionOut> {
  return { id: r.id, name: r.name, place: r.place, kind: r.kind, validFrom: r.validFrom, validTo: r.validTo, week: await weekOf(db, r.id), rooms: await roomsOf(db, r.id), separation: SEPARATION_TEXT[lang] };
}

async function publicSlots(db: Db, now: Date, q: z.infer<typeof SlotsQuery>): Promise<SlotOut[]> {
  const reception = await publicReceptions(db).select(['r.id', 'r.valid_from as validFrom', 'r.valid_to as validTo']).where('r.id', '=', q.receptionId).executeTakeFirst();
  if (!reception) throw new AppError(404, 'unknownReception');
  const slots = await slotsOf(db, reception, q.group, now, q.from ?? swedishDate(now), q.weeks * 7);
  return slots.map(({ localDate, startsAt, endsAt }) => ({ localDate, startsAt, endsAt }));
}

interface Placement {
  reception: { id: string; validFrom: string | null; validTo: string | null };
  group: BookingGroup;
  startsAt: Date;
  endsAt?: Date;
  override: boolean;
  roomId?: string;
  staffUserId?: string | null;
}

/**
 * Where a booking goes, checked in the transaction that holds the reception's lock: inside the
 * opening hours (or a published slot), in the reception's period, on the group's own day with no
 * other group booked that day, in a room (and with a staff member) free at that time.
 */
async function place(tx: Tx, now: Date, p: Placement): Promise<Slot> {
  if (p.startsAt <= now) throw new AppError(400, 'slotInThePast');
  const date = swedishDate(p.startsAt);
  if ((p.reception.validFrom && date < p.reception.validFrom) || (p.reception.validTo && date > p.reception.validTo)) throw new AppError(400, 'outsideOpeningHours');
  const week = await weekOf(tx, p.reception.id);
  const separation = separationProblem({ dayGroup: dayGroup(week, date), groupsBookedThatDay: await groupsBookedOn(tx, p.reception.id, date) }, p.group);
  if (separation) throw new AppError(409, separation);
  const match = matchSlot(week, { date, startsAt: p.startsAt, endsAt: p.endsAt, override: p.override });
  if ('problem' in match) throw new AppError(400, match.problem);
  const staffIds = [...new Set(match.slots.map((s) => s.staffUserId).filter((s): s is string => !!s))];
  const taken = await takenBetween(tx, p.reception.id, date, date, { staffIds });
  const candidates = match.slots
    .filter((s) => !p.roomId || s.roomId === p.roomId)
    .map((s) => (p.staffUserId !== undefined ? { ...s, staffUserId: p.staffUserId } : s))
    .filter((s) => !slotBusy(s, taken));
  if (!candidates.length) throw new AppError(409, 'slotTaken');
  return candidates[0]!;
}

async function bookPublic(db: Db, now: Date, body: z.infer<typeof PublicBookingIn>) {
  const code = formatCode(randomBytes(12));
  return db.transaction().execute(async (tx) => {
    const reception = await lockReception(tx, publicReceptions(tx), body.receptionId);
    const slot = await place(tx, now, { reception, group: body.group, startsAt: body.startsAt, override: false });
    await insertBooking(tx, { ...slot, receptionId: reception.id, codeHash: hashToken(code), pseudonym: body.pseudonym, contact: body.contact || null, caseId: null, source: 'public', createdBy: null });
    return { code, receptionName: reception.name, place: reception.place, targetGroup: body.group, startsAt: slot.startsAt, endsAt: slot.endsAt };
  });
}

async function changePublic(db: Db, now: Date, body: z.infer<typeof ChangeIn>) {
  return db.transaction().execute(async (tx) => {
    const current = await bookingByCode(tx, hashToken(normaliseCode(body.code)));
    if (!current) throw new AppError(404, 'unknownBookingCode');
    const reception = await lockReception(tx, publicReceptions(tx), current.receptionId);
    // The old time is given up in the same transaction: the new one may be the same day or room.
    await cancelBooking(tx, current.id, now);
    const slot = await place(tx, now, { reception, group: current.targetGroup, startsAt: body.startsAt, override: false });
    try {
      await tx
        .updateTable('bookings')
        .set({ status: 'booked', cancelled_at: null, starts_at: slot.startsAt, ends_at: slot.endsAt, local_date: slot.localDate, room_id: slot.roomId, staff_user_id: slot.staffUserId })
        .where('id', '=', current.id)
        .execute();
    } catch (err) {
      throw constraintError(err) ?? err;
    }
    return { receptionName: reception.name, place: reception.place, targetGroup: current.targetGroup, startsAt: slot.startsAt, endsAt: slot.endsAt };
  });
}

async function bookByStaff(caller: Caller, now: Date, receptionId: string, body: StaffBookingIn) {
  return caller.transaction(async (tx, audit) => {
    const reception = await lockReception(tx, receptionsInScope(tx, caller.scope), receptionId);
    let personId: string | undefined;
    if (body.caseId) {
      const c = await casesInScope(tx, caller.scopeFor('cases.read')).select(['k.id', 'k.person_id']).where('k.id', '=', body.caseId).executeTakeFirst();
      if (!c) throw new AppError(404, 'notFound');
      personId = c.person_id;
    }
    const slot = await place(tx, now, { reception, group: body.group, startsAt: body.startsAt, endsAt: body.endsAt, override: body.override, roomId: body.roomId, staffUserId: body.staffUserId });
    const id = await insertBooking(tx, {
      ...slot,
      receptionId: reception.id,
      codeHash: null,
      pseudonym: body.pseudonym,
      contact: body.contact || null,
      caseId: body.caseId ?? null,
      source: body.source,
      createdBy: caller.user.id,
    });
    await audit({ action: 'create', recordType: 'booking', recordId: id, personId, fields: ['time', 'pseudonym', ...(body.contact ? ['contact'] : []), ...(body.caseId ? ['caseId'] : [])], details: { override: body.override } });
    return { id };
  });
}

async function cancelByStaff(caller: Caller, bookingId: string, now: Date) {
  return caller.transaction(async (tx, audit) => {
    const b = await tx
      .selectFrom('bookings as b')
      .innerJoin('receptions as r', 'r.id', 'b.reception_id')
      .leftJoin('cases as k', 'k.id', 'b.case_id')
      .select(['b.id', 'k.person_id'])
      .where('b.id', '=', bookingId)
      .where('b.status', '=', 'booked')
      // scope: the booking's reception must be in the caller's units (the line below)
      .where((eb) => eb('r.id', 'in', receptionsInScope(tx, caller.scope).select('r.id')))
      .forUpdate(['b'])
      .executeTakeFirst();
    if (!b) throw new AppError(404, 'notFound');
    await cancelBooking(tx, b.id, now);
    await audit({ action: 'update', recordType: 'booking', recordId: b.id, personId: b.person_id ?? undefined, fields: ['status'] });
  });
}

async function readReceptionCalendar(caller: Caller, receptionId: string, range: z.infer<typeof CalendarQuery>) {
  return caller.transaction(async (tx, audit) => {
    const r = await receptionsInScope(tx, caller.scope).select('r.id').where('r.id', '=', receptionId).executeTakeFirst();
    if (!r) throw new AppError(404, 'notFound');
    const rows = await receptionCalendar(tx, r.id, range.from, range.to);
    await audit({ action: 'list', recordType: 'booking', recordId: r.id, fields: ['pseudonym', 'contact', 'caseId'], details: { count: rows.length, view: 'reception' } });
    return rows;
  });
}

/** The users with a role in a unit, by name (whom a reception's week may name as its staff). */
async function unitStaff(db: Db | Tx, unitId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.display_name as name'])
    .distinct()
    .where('g.unit_id', '=', unitId)
    .orderBy('u.display_name')
    .execute();
}

/**
 * Replaces a reception's week, in the transaction that holds its lock (no booking slips in
 * between): the rooms are its own, the staff its unit's, the week passes the rules, and no booked
 * day from today on would change group or close.
 */
async function saveWeek(caller: Caller, now: Date, receptionId: string, week: z.infer<typeof WeekIn>['week']) {
  await caller.transaction(async (tx, audit) => {
    const reception = await lockReception(tx, receptionsInScope(tx, caller.scope), receptionId);
    const problems = weekProblems(week, reception.kind);
    if (problems.length) throw new AppError(400, problems[0]!);
    const rooms = new Set((await roomsOf(tx, reception.id)).map((r) => r.id));
    if (week.some((w) => !rooms.has(w.roomId))) throw new AppError(400, 'unknownRoom');
    const staff = new Set((await unitStaff(tx, reception.unitId)).map((u) => u.id));
    if (week.some((w) => w.staffUserId && !staff.has(w.staffUserId))) throw new AppError(400, 'unknownStaff');
    const booked = await tx
      .selectFrom('bookings')
      .select([sql<string>`local_date::text`.as('localDate'), 'target_group as targetGroup'])
      .distinct()
      .where('reception_id', '=', reception.id)
      .where('status', '=', 'booked')
      .where('local_date', '>=', swedishDate(now))
      .execute();
    const dates = weekContradictsBookings(week, booked);
    if (dates.length) throw new AppError(409, 'weekContradictsBookings', { dates: dates.slice(0, 5).join(', ') + (dates.length > 5 ? ' …' : '') });
    await tx.deleteFrom('reception_week').where('reception_id', '=', reception.id).execute();
    if (week.length) await tx.insertInto('reception_week').values(week.map((w) => ({ reception_id: reception.id, weekday: w.weekday, target_group: w.targetGroup, opens: w.opens, closes: w.closes, slot_minutes: w.slotMinutes, room_id: w.roomId, staff_user_id: w.staffUserId }))).execute();
    await audit({ action: 'update', recordType: 'reception', recordId: reception.id, fields: ['week'], details: { rows: week.length } });
  });
}
