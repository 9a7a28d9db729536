import { todayInStockholm } from '../core/time/stockholm.ts';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { Id } from '../core/http/contract.ts';
import type { Db, Tx } from '../core/db/database.ts';
import { callerOf, type Caller, type CallerAuditEntry } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { cutoffFor, type RetentionRule } from '../core/retention-framework/framework.ts';
import { parsePersonnummer, type Personnummer } from '../persons/personnummer.ts';
import { CONTACT_DETAIL_FIELDS, identityProblem, PERSON_FIELDS, selfHarmProblem } from '../persons/rules.ts';
import { createOrFindPerson, raiseProtection } from '../persons/store.ts';
import { ageConflict, ageGroupOf, ageRange, draftToKeep, receivedOnProblem, routingAgeDate } from './rules.ts';
import { ContactIn, DraftIn, DraftKey, DraftOut, DraftSummary, OpenCaseIn, OpenCaseOut, PendingContact, RegisterOut } from './schema.ts';
import { registerReceivingUnitsRoute } from './receiving-units.ts';
import { OPENED_CASE_FIELDS, openCaseForContact, takeChatIntoCase, type OpenedOrAsk } from './service.ts';
import { deleteDraft, getContactForCase, getDraft, insertContact, insertReporter, listDrafts, pendingContactsQuery, personWithinScope, saveDraft } from './store.ts';

const today = () => todayInStockholm();
const MAX_DRAFT_CHARS = 64 * 1024;
const CONTACT_FIELDS = ['channel', 'receivedOn', 'personRole', 'summary', 'exploitationTypes', 'traffickingIndicators'];
/** What the audit log names when a reporter is recorded. */
export const REPORTER_FIELDS = ['kind', 'name', 'organisation', 'reach', 'wantsFeedback'];

/** A half-written intake is a convenience, not a record: it goes after a month untouched. */
export const draftsRule: RetentionRule = {
  recordType: 'intake_draft',
  description: { sv: 'Sparade utkast av kontaktregistreringar som inte rörts på en tid', en: 'Saved intake drafts left untouched for a while' },
  defaultKeepDays: 30,
  // System work: deletes by date across every user, so it needs no scope.
  async purge(tx, { keepDays, now }) {
    const r = await tx.deleteFrom('intake_drafts').where('updated_at', '<', cutoffFor(now, keepDays)).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

/** Intake: contacts from every channel, routing into a case, drafts. */
export function registerIntakeRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  registerReceivingUnitsRoute(app, deps);
  app.route({
    method: 'POST',
    url: '/api/intake/contacts',
    config: { access: 'intake.register' },
    schema: { summary: 'Register a contact; it becomes a case in the unit its age routes it to', body: ContactIn, response: { 201: RegisterOut } },
    handler: async (request, reply) => reply.status(201).send(await registerContact(callerOf(request), request.body)),
  });

  app.route({
    method: 'POST',
    url: '/api/intake/contacts/:id/case',
    config: { access: 'intake.register' },
    schema: {
      summary: 'Open the case of a contact (the unit must be chosen when the age is not known); a contact has one case',
      params: Id,
      body: OpenCaseIn,
      response: { 201: OpenCaseOut },
    },
    handler: async (request, reply) => reply.status(201).send(await openCaseOfContact(callerOf(request), request.params.id, request.body.unitId)),
  });

  app.route({
    method: 'GET',
    url: '/api/intake/contacts/pending',
    config: { access: 'intake.register' },
    schema: { summary: 'Contacts registered without a case yet (age not known)', response: { 200: PendingContact.array() } },
    handler: (request) => listPending(callerOf(request), db),
  });

  app.route({
    method: 'GET',
    url: '/api/intake/drafts',
    config: { access: 'intake.register' },
    schema: { summary: 'Your saved intake drafts', response: { 200: DraftSummary.array() } },
    handler: (request) => listDrafts(db, callerOf(request).user.id),
  });
  app.route({
    method: 'GET',
    url: '/api/intake/drafts/:key',
    config: { access: 'intake.register' },
    schema: { summary: 'One of your drafts', params: DraftKey, response: { 200: DraftOut } },
    handler: (request) => readDraft(callerOf(request), request.params.key),
  });
  app.route({
    method: 'PUT',
    url: '/api/intake/drafts/:key',
    config: { access: 'intake.register' },
    schema: { summary: 'Autosave a half-written intake (server-side, per user; a protected person’s address and contact details are not kept)', params: DraftKey, body: DraftIn, response: { 200: DraftSummary } },
    handler: (request) => saveDraftOf(callerOf(request), request.params.key, request.body.data),
  });
  app.route({
    method: 'DELETE',
    url: '/api/intake/drafts/:key',
    config: { access: 'intake.register' },
    schema: { summary: 'Discard a draft', params: DraftKey, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await discardDraft(callerOf(request), request.params.key);
      return reply.status(204).send(null);
    },
  });
}

/** The units of all the caller's roles: a routed case goes to one of them when it can, and its opener is assigned there. */
function openerOf(caller: Caller) {
  return { id: caller.user.id, unitIds: caller.user.grants.map((g) => g.unitId).filter((u): u is string => !!u) };
}

function checkedPersonnummer(input: string | null): Personnummer | null {
  if (!input) return null;
  const parsed = parsePersonnummer(input);
  if (!parsed.ok) throw new AppError(400, `personnummer.${parsed.error}`);
  return parsed.value;
}

/**
 * What another capability does in the registration's own transaction when its record becomes an
 * intake (an outreach contact links itself to the new contact): all of it commits, or none does.
 */
export type LinkedRegistration = (tx: Tx, audit: (entry: CallerAuditEntry | readonly CallerAuditEntry[]) => Promise<void>, registered: { contactId: string; personId: string }) => Promise<void>;

/**
 * Registers a contact. A personnummer that matches a person outside the caller's units is refused
 * (409, nothing about the person in the answer): attaching the contact would hand the caller's unit
 * a case — and so the person's record — of someone another unit works with. The attempt is audited
 * under that person; the deliberate ways are a consultation, a transfer between the units, or asking the
 * other unit to merge the records (src/persons/merge-request-routes.ts).
 */
export async function registerContact(caller: Caller, body: ContactIn, linked?: LinkedRegistration): Promise<RegisterOut> {
  const problem = identityProblem(body.person, today()) ?? receivedOnProblem(body.receivedOn, body.receivedOnReason, today());
  if (problem) throw new AppError(400, problem);
  if (body.chatEscalationId && body.channel !== 'chat_escalation') throw new AppError(400, 'escalationNeedsChatChannel');
  const pnr = checkedPersonnummer(body.person.personnummer);
  const ageOn = new Date(`${routingAgeDate(body.receivedOn, body.receivedOnReason, today())}T12:00:00Z`);
  const facts = { birthDate: pnr?.birthDate ?? body.person.birthDate, birthYear: body.person.birthYear, statedAge: body.statedAge };
  const ageGroup = ageGroupOf(ageRange(facts, ageOn));
  const conflict = ageConflict(facts, ageOn);
  const selfHarm = selfHarmProblem({ riskFactors: body.person.riskFactors, child: ageGroup === 'under_15' || ageGroup === '15_17', exposed: body.personRole === 'exposed', exploitationTypes: body.exploitationTypes });
  if (selfHarm) throw new AppError(400, selfHarm);
  const registered = await caller.transaction(async (tx, audit) => {
    const person = await createOrFindPerson(tx, { ...body.person, personnummer: pnr });
    if (person.existing && !(await personWithinScope(tx, caller.scope, person.id))) {
      // Committed on its own: the refusal below must not roll back the record of the attempt.
      await audit({ action: 'search', recordType: 'person', recordId: person.id, personId: person.id, fields: ['personnummer'], details: { matchedExisting: true, outcome: 'outsideCallerUnits' } });
      return null;
    }
    const raised = person.existing && (await raiseProtection(tx, person.id, body.person.protection));
    const contact = {
      channel: body.channel,
      receivedOn: body.receivedOn,
      personId: person.id,
      personRole: body.personRole,
      ageGroup,
      exploitationTypes: body.exploitationTypes,
      traffickingIndicators: body.traffickingIndicators,
    };
    const contactId = await insertContact(tx, {
      ...contact,
      receivedOnReason: body.receivedOnReason,
      registeredBy: caller.user.id,
      registeredUnitId: caller.actor.unitId,
      summary: body.summary,
      statedConsent: body.statedConsent,
      statedAge: body.statedAge,
      ageConflict: conflict,
    });
    if (body.reporter) await insertReporter(tx, contactId, body.reporter);
    await audit([
      person.existing
        ? { action: 'read', recordType: 'person', recordId: person.id, personId: person.id, fields: ['personnummer'], details: { matchedExisting: true } }
        : { action: 'create', recordType: 'person', recordId: person.id, personId: person.id, fields: PERSON_FIELDS.concat(CONTACT_DETAIL_FIELDS) },
      ...(raised ? [{ action: 'update' as const, recordType: 'person', recordId: person.id, personId: person.id, fields: ['protection'], details: { stricterAtIntake: true } }] : []),
      {
        action: 'create',
        recordType: 'contact',
        recordId: contactId,
        personId: person.id,
        fields: [...CONTACT_FIELDS, ...(body.receivedOnReason ? ['receivedOnReason'] : []), ...(body.statedAge !== null ? ['statedAge'] : [])],
        ...(conflict && { details: { ageConflict: true } }),
      },
      ...(body.reporter ? [{ action: 'create' as const, recordType: 'contact_reporter', recordId: contactId, personId: person.id, fields: REPORTER_FIELDS, details: { kind: body.reporter.kind } }] : []),
    ]);
    let opened: OpenedOrAsk | null = null;
    if (ageGroup !== 'unknown' || body.unitId) {
      const districtId = person.existing ? ((await tx.selectFrom('persons').select('district_id').where('id', '=', person.id).executeTakeFirst())?.district_id ?? null) : body.person.districtId; // scope: the person intake matched within the caller's units
      opened = await openCaseForContact(tx, { id: contactId, ...contact, hasReporter: !!body.reporter, districtId }, openerOf(caller), body.unitId);
      if (opened.case) await audit({ action: 'create', recordType: 'case', recordId: opened.case.id, personId: person.id, fields: OPENED_CASE_FIELDS });
    }
    if (body.chatEscalationId) {
      // Without a case the transcript would have nowhere to go: the caller must name a unit.
      if (!opened?.case) throw new AppError(422, 'ageNotKnown');
      await takeChatIntoCase(tx, audit, body.chatEscalationId, caller.scope, { caseId: opened.case.id, personId: person.id, userId: caller.user.id, on: body.receivedOn });
    }
    if (linked) await linked(tx, audit, { contactId, personId: person.id });
    if (body.draftKey) await deleteDraft(tx, caller.user.id, body.draftKey);
    const outcome: RegisterOut['routing']['outcome'] = !opened ? 'age_not_known' : opened.case ? opened.routing.outcome : 'choose_unit';
    return {
      contactId,
      personId: person.id,
      ageGroup,
      ageConflict: conflict,
      routing: {
        outcome,
        unitKind: opened?.routing.outcome === 'routed' ? opened.routing.unitKind : null,
        unitChoices: (opened?.choices ?? []).map((u) => ({ id: u.id, name: u.name })),
      },
      case: opened?.case ?? null,
    };
  });
  if (!registered) throw new AppError(409, 'personExistsInOtherUnit');
  return registered;
}

async function openCaseOfContact(caller: Caller, contactId: string, unitId: string | null) {
  return caller.transaction(async (tx, audit) => {
    const contact = await getContactForCase(tx, caller.scope, caller.user.id, contactId);
    const opened = await openCaseForContact(tx, contact, openerOf(caller), unitId);
    if (!opened.case) throw new AppError(422, 'chooseUnit');
    await audit({ action: 'create', recordType: 'case', recordId: opened.case.id, personId: contact.personId, fields: OPENED_CASE_FIELDS });
    return { case: opened.case };
  });
}

async function listPending(caller: Caller, db: Db) {
  const rows = await caller.auditedList(pendingContactsQuery(db, caller.scope, caller.user.id).compile(), { action: 'list', recordType: 'contact', personIdColumn: 'personId', fields: ['channel', 'receivedOn', 'personRole', 'ageGroup'] });
  return rows.map(({ personId: _shownInAuditOnly, ...row }) => row);
}

async function readDraft(caller: Caller, key: string) {
  return caller.transaction(async (tx, audit) => {
    const d = await getDraft(tx, caller.user.id, key);
    await audit({ action: 'read', recordType: 'intake_draft', recordId: d.key });
    return d;
  });
}

async function saveDraftOf(caller: Caller, key: string, data: Record<string, unknown>) {
  if (JSON.stringify(data).length > MAX_DRAFT_CHARS) throw new AppError(413, 'draftTooLarge');
  return caller.transaction(async (tx, audit) => {
    const kept = draftToKeep(data);
    const d = await saveDraft(tx, caller.user.id, key, kept);
    await audit({ action: 'update', recordType: 'intake_draft', recordId: d.key, fields: Object.keys(kept) });
    return d;
  });
}

async function discardDraft(caller: Caller, key: string): Promise<void> {
  await caller.transaction(async (tx, audit) => {
    if (await deleteDraft(tx, caller.user.id, key)) await audit({ action: 'delete', recordType: 'intake_draft', recordId: key });
  });
}
