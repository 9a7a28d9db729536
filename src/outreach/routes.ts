import { todayInStockholm } from '../core/time/stockholm.ts';
import { z } from 'zod';
import { scopeIncludes } from '../core/access/scope.ts';
import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { Db } from '../core/db/database.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { registerContact } from '../intake/routes.ts';
import { RegisterOut } from '../intake/schema.ts';
import { acceptedProblem, defaultIntakeChannel, shiftReport, shiftTimesProblem } from './rules.ts';
import { ContactIn, ErrorOut, ParticipantIn, ShiftIn, ShiftOut, ShiftsQuery, ShiftSummary, ToIntakeIn } from './schema.ts';
import { contactForIntake, contactsOf, unitsToPlanIn, insertContact, insertShift, linkIntake, listShifts, participantsOf, shiftOf } from './store.ts';

const today = () => todayInStockholm();
/** What the audit log names when an outreach contact is logged or read (anonymous: no person). */
const CONTACT_FIELDS = ['ageBand', 'gender', 'personRole', 'placeType', 'offered', 'accepted', 'followUp', 'note', 'onBehalfOf'];

/** Outreach: shifts (street, online, joint with the police, action weeks, hotel visits), their participants and contacts, and a contact's way into intake. */
export function registerOutreachRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/outreach/shifts',
    config: { access: 'outreach.read' },
    schema: { summary: 'Shifts of the caller’s units, newest first (at most 200), with their number of contacts', querystring: ShiftsQuery, response: { 200: z.array(ShiftSummary) } },
    handler: async (request) => {
      const caller = callerOf(request);
      return caller.transaction(async (tx, audit) => {
        const rows = await listShifts(tx, caller.scope, request.query);
        await audit({ action: 'list', recordType: 'outreach_shift', fields: ['kind', 'area', 'startsAt', 'endsAt'], details: { count: rows.length } });
        return rows;
      });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/outreach/shifts',
    config: { access: 'outreach.log' },
    schema: { summary: 'Plan a shift in one of the caller’s units; the planner takes part', body: ShiftIn, response: { 201: Created, 400: ErrorOut, 403: ErrorOut } },
    handler: async (request, reply) => reply.status(201).send(await planShift(callerOf(request), request.body)),
  });
  app.route({
    method: 'GET',
    url: '/api/outreach/units',
    config: { access: 'outreach.log' },
    schema: { summary: 'The units the caller may plan shifts in', response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) } },
    handler: async (request) => unitsToPlanIn(db, callerOf(request).scope),
  });
  app.route({
    method: 'GET',
    url: '/api/outreach/shifts/:id',
    config: { access: 'outreach.read' },
    schema: { summary: 'A shift with its participants, its contacts and its report (audited)', params: Id, response: { 200: ShiftOut, 404: ErrorOut } },
    handler: async (request) => readShift(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/outreach/shifts/:id/participants',
    config: { access: 'outreach.log' },
    schema: { summary: 'Add a participant to a shift (a colleague, a police officer, someone from civil society)', params: Id, body: ParticipantIn, response: { 201: Created, 404: ErrorOut, 409: ErrorOut } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const id = await caller.transaction(async (tx, audit) => {
        const shift = await shiftOf(tx, caller.scope, request.params.id, true);
        const p = request.body;
        const row = await tx
          .insertInto('outreach_participants')
          .values({ shift_id: shift.id, organisation: p.organisation, user_id: p.userId, name: p.name, organisation_name: p.organisationName })
          .onConflict((oc) => oc.columns(['shift_id', 'user_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'alreadyParticipant');
        await audit({ action: 'create', recordType: 'outreach_participant', recordId: row.id, fields: ['organisation', 'user', 'name', 'organisationName'], details: { shiftId: shift.id } });
        return row.id;
      });
      return reply.status(201).send({ id });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/outreach/shifts/:id/contacts',
    config: { access: 'outreach.log' },
    schema: { summary: 'Log a contact during a shift: anonymous (age band, gender, role, place), what was offered and accepted, a follow-up', params: Id, body: ContactIn, response: { 201: Created, 400: ErrorOut, 404: ErrorOut } },
    handler: async (request, reply) => reply.status(201).send(await logContact(callerOf(request), request.params.id, request.body)),
  });
  app.route({
    method: 'POST',
    url: '/api/outreach/contacts/:id/intake',
    // The outreach worker's own contact (outreach.log, scoped to the shift's unit); intake's own registration
    // then runs under its audit purpose (outreach workers also hold intake.register).
    config: { access: 'outreach.log', purpose: 'intake' },
    schema: {
      summary: 'With the person’s consent, turn an outreach contact into an intake (intake’s registration and routing by age); the intake contact is linked back. Once per outreach contact.',
      params: Id,
      body: ToIntakeIn,
      response: { 201: RegisterOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut },
    },
    handler: async (request, reply) => reply.status(201).send(await toIntake(db, callerOf(request), request.params.id, request.body)),
  });
}

async function planShift(caller: Caller, body: ShiftIn) {
  if (!scopeIncludes(caller.scope, body.unitId)) throw new AppError(403, 'unitOutsideScope');
  const problem = shiftTimesProblem(new Date(body.startsAt), new Date(body.endsAt));
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    const id = await insertShift(tx, body, caller.user.id);
    await audit({ action: 'create', recordType: 'outreach_shift', recordId: id, fields: ['kind', 'area', 'startsAt', 'endsAt', 'note', 'participants'], details: { kind: body.kind, participants: body.participants.length + 1 } });
    return { id };
  });
}

async function readShift(caller: Caller, id: string): Promise<ShiftOut> {
  return caller.transaction(async (tx, audit) => {
    const shift = await shiftOf(tx, caller.scope, id);
    const [participants, contactList] = await Promise.all([participantsOf(tx, id), contactsOf(tx, id)]);
    await audit({ action: 'read', recordType: 'outreach_shift', recordId: id, fields: ['kind', 'area', 'participants', 'contacts'], details: { contacts: contactList.length } });
    return { ...shift, contacts: contactList.length, participants, contactList, report: shiftReport(contactList) };
  });
}

async function logContact(caller: Caller, shiftId: string, body: ContactIn) {
  const problem = acceptedProblem(body.offered, body.accepted);
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    const shift = await shiftOf(tx, caller.scope, shiftId);
    const id = await insertContact(tx, shift.id, caller.user.id, body);
    await audit({ action: 'create', recordType: 'outreach_contact', recordId: id, fields: CONTACT_FIELDS, details: { shiftId: shift.id, onBehalf: body.onBehalfOf !== null } });
    return { id };
  });
}

/**
 * The one intake registration (intake's), in one transaction with the link: the outreach contact's
 * role and the shift's channel go in, its gender unless the person stated one, and the worker's summary.
 */
async function toIntake(db: Db, caller: Caller, id: string, body: ToIntakeIn) {
  const outreachScope = caller.scopeFor('outreach.log');
  // Read before the registration (outside it: the request's Idempotency-Key belongs to the
  // registration's transaction) and checked again, locked, inside it.
  const peek = await contactForIntake(db, outreachScope, id);
  if (peek.intakeContactId) throw new AppError(409, 'alreadyIntake');
  return registerContact(
    caller,
    {
      channel: body.channel ?? defaultIntakeChannel(peek.shiftKind),
      receivedOn: today(),
      receivedOnReason: null,
      personRole: peek.personRole as never,
      statedAge: body.statedAge,
      summary: body.summary,
      statedConsent: null,
      exploitationTypes: [],
      traffickingIndicators: [],
      person: { ...body.person, gender: body.person.gender === 'not_stated' ? (peek.gender as typeof body.person.gender) : body.person.gender },
      reporter: null,
      unitId: body.unitId,
      draftKey: null,
      chatEscalationId: null,
    },
    async (tx, audit, registered) => {
      const c = await contactForIntake(tx, outreachScope, id, true);
      if (c.intakeContactId) throw new AppError(409, 'alreadyIntake');
      await linkIntake(tx, id, registered.contactId);
      await audit({ action: 'update', recordType: 'outreach_contact', recordId: id, personId: registered.personId, fields: ['intakeContact'], details: { consent: true, purpose: 'outreach' } });
    },
  );
}
