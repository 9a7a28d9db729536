import { z } from 'zod';
import { unitsWith } from '../core/access/policy.ts';
import { writeAudit } from '../core/audit/audit.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { cutoffFor, type RetentionRule } from '../core/retention/framework.ts';
import { intakeMessages } from './messages.ts';
import { parsePersonnummer } from './personnummer.ts';
import {
  ageGroupOf,
  ageRange,
  CHANNELS,
  EXPLOITATION_TYPES,
  GENDERS,
  IDENTITY_MODES,
  PERSON_ROLES,
  PROTECTION_LEVELS,
  RISK_FACTORS,
  TRAFFICKING_INDICATORS,
} from './rules.ts';
import { openCaseForContact, takeChatIntoCase } from './service.ts';
import {
  createOrFindPerson,
  deleteDraft,
  getContactForUser,
  getDraft,
  getPersonScoped,
  insertContact,
  listDrafts,
  listPendingContacts,
  saveDraft,
  toPersonOut,
  updatePerson,
} from './store.ts';

const Id = z.object({ id: z.uuid() });
const ShortText = (max: number) => z.string().trim().min(1).max(max);
const today = () => new Date().toISOString().slice(0, 10);

export const PersonFields = {
  gender: z.enum(GENDERS),
  languages: z.array(ShortText(40)).max(10),
  interpreterNeeded: z.boolean(),
  citizenship: ShortText(60).nullable(),
  euCitizen: z.boolean().nullable(),
  riskFactors: z.array(z.enum(RISK_FACTORS)).max(RISK_FACTORS.length),
  protection: z.enum(PROTECTION_LEVELS),
  address: ShortText(300).nullable(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,20}$/).nullable(),
  email: z.email().max(200).nullable(),
};

const PersonIn = z.object({
  identityMode: z.enum(IDENTITY_MODES),
  personnummer: z.string().trim().max(20).nullable().default(null),
  name: ShortText(200).nullable().default(null),
  pseudonym: ShortText(100).nullable().default(null),
  birthDate: z.iso.date().nullable().default(null),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  gender: PersonFields.gender.default('not_stated'),
  languages: PersonFields.languages.default([]),
  interpreterNeeded: z.boolean().default(false),
  citizenship: PersonFields.citizenship.default(null),
  euCitizen: PersonFields.euCitizen.default(null),
  riskFactors: PersonFields.riskFactors.default([]),
  protection: PersonFields.protection.default('none'),
  address: PersonFields.address.default(null),
  phone: PersonFields.phone.default(null),
  email: PersonFields.email.default(null),
});

export const ContactIn = z.object({
  channel: z.enum(CHANNELS),
  receivedOn: z.iso.date(),
  personRole: z.enum(PERSON_ROLES),
  statedAge: z.number().int().min(0).max(120).nullable().default(null),
  summary: z.string().trim().max(5000).default(''),
  /** Recorded as said; never changes a child's classification. */
  statedConsent: z.boolean().nullable().default(null),
  exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).default([]),
  traffickingIndicators: z.array(z.enum(TRAFFICKING_INDICATORS)).max(TRAFFICKING_INDICATORS.length).default([]),
  person: PersonIn,
  unitId: z.uuid().nullable().default(null),
  draftKey: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).nullable().default(null),
  /** A chat the person consented to continue as an identified contact: its transcript goes into the case. */
  chatEscalationId: z.uuid().nullable().default(null),
});

const OpenedCaseOut = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  victim: z.boolean(),
  barnahus: z.string(),
  regionalReferral: z.string(),
  assessmentDue: z.string().nullable(),
});
const RegisterOut = z.object({
  contactId: z.string(),
  personId: z.string(),
  ageGroup: z.string(),
  routing: z.object({ outcome: z.enum(['routed', 'age_not_known']), unitKind: z.string().nullable() }),
  case: OpenedCaseOut.nullable(),
});

export const PersonOut = z.object({
  id: z.string(),
  identityMode: z.string(),
  personnummer: z.string().nullable(),
  idKind: z.string().nullable(),
  name: z.string().nullable(),
  pseudonym: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthYear: z.number().nullable(),
  gender: z.string(),
  languages: z.array(z.string()),
  interpreterNeeded: z.boolean(),
  citizenship: z.string().nullable(),
  euCitizen: z.boolean().nullable(),
  riskFactors: z.array(z.string()),
  protection: z.string(),
  contactDetailsHidden: z.boolean(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  version: z.number(),
});

const PERSON_FIELDS = ['identityMode', 'personnummer', 'name', 'pseudonym', 'birthDate', 'birthYear', 'gender', 'languages', 'interpreterNeeded', 'citizenship', 'euCitizen', 'riskFactors', 'protection'];
const CONTACT_DETAIL_FIELDS = ['address', 'phone', 'email'];
const MAX_DRAFT_CHARS = 64 * 1024;

function checkIdentity(p: z.infer<typeof PersonIn>) {
  if (p.identityMode === 'anonymous' && (p.personnummer || p.name)) throw new AppError(400, 'anonymousWithIdentity');
  if (p.identityMode === 'identified' && !p.personnummer && !p.name) throw new AppError(400, 'identifiedNeedsIdentity');
  if (p.identityMode === 'pseudonymous' && !p.pseudonym) throw new AppError(400, 'pseudonymousNeedsPseudonym');
  if (p.birthDate && p.birthYear) throw new AppError(400, 'birthDateAndYear');
  if (p.birthDate && p.birthDate > today()) throw new AppError(400, 'dateInFuture');
}

/** A half-written intake is a convenience, not a record: it goes after a month untouched. */
export const draftsRule: RetentionRule = {
  recordType: 'intake_draft',
  description: { sv: 'Sparade utkast av kontaktregistreringar som inte rörts på en tid', en: 'Saved intake drafts left untouched for a while' },
  defaultKeepDays: 30,
  async purge(tx, { keepDays, now }) {
    const r = await tx.deleteFrom('intake_drafts').where('updated_at', '<', cutoffFor(now, keepDays)).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

/** Intake: contacts from every channel, the persons they are about, routing into a case, drafts. */
export function registerIntakeRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'POST',
    url: '/api/intake/contacts',
    config: { access: 'intake.register' },
    schema: { summary: 'Register a contact; it becomes a case in the unit its age routes it to', body: ContactIn, response: { 201: RegisterOut } },
    handler: async (request, reply) => {
      const body = request.body;
      const user = signedInUser(request);
      checkIdentity(body.person);
      if (body.receivedOn > today()) throw new AppError(400, 'dateInFuture');
      if (body.chatEscalationId && body.channel !== 'chat_escalation') throw new AppError(400, 'escalationNeedsChatChannel');
      let pnr = null;
      if (body.person.personnummer) {
        const parsed = parsePersonnummer(body.person.personnummer);
        if (!parsed.ok) throw new AppError(400, `personnummer.${parsed.error}`);
        pnr = parsed.value;
      }
      const range = ageRange(
        { birthDate: pnr?.birthDate ?? body.person.birthDate, birthYear: body.person.birthYear, statedAge: body.statedAge },
        new Date(`${body.receivedOn}T12:00:00Z`),
      );
      const ageGroup = ageGroupOf(range);
      const actor = actorOf(request);
      const result = await db.transaction().execute(async (tx) => {
        const person = await createOrFindPerson(tx, { ...body.person, personnummer: pnr });
        const contactId = await insertContact(tx, {
          channel: body.channel,
          receivedOn: body.receivedOn,
          registeredBy: user.id,
          registeredUnitId: actor.unitId,
          personId: person.id,
          personRole: body.personRole,
          ageGroup,
          summary: body.summary,
          statedConsent: body.statedConsent,
          exploitationTypes: body.exploitationTypes,
          traffickingIndicators: body.traffickingIndicators,
        });
        const purpose = 'intake';
        await writeAudit(tx, actor, [
          person.existing
            ? { action: 'read', recordType: 'person', recordId: person.id, personId: person.id, fields: ['personnummer'], purpose, details: { matchedExisting: true } }
            : { action: 'create', recordType: 'person', recordId: person.id, personId: person.id, fields: PERSON_FIELDS.concat(CONTACT_DETAIL_FIELDS), purpose },
          { action: 'create', recordType: 'contact', recordId: contactId, personId: person.id, fields: ['channel', 'receivedOn', 'personRole', 'summary', 'exploitationTypes', 'traffickingIndicators'], purpose },
        ]);
        const contact = { id: contactId, channel: body.channel, received_on: body.receivedOn, person_id: person.id, person_role: body.personRole, age_group: ageGroup, exploitation_types: body.exploitationTypes, trafficking_indicators: body.traffickingIndicators };
        let opened = null;
        if (ageGroup !== 'unknown' || body.unitId) {
          opened = await openCaseForContact(tx, contact, { id: user.id, unitIds: user.grants.map((g) => g.unitId).filter((u): u is string => !!u) }, body.unitId);
          await writeAudit(tx, actor, { action: 'create', recordType: 'case', recordId: opened.case.id, personId: person.id, fields: ['unit', 'personRole', 'ageGroup', 'victim', 'barnahus', 'regionalReferral', 'assessmentDue'], purpose });
        }
        if (body.chatEscalationId) {
          // Without a case the transcript would have nowhere to go: the caller must name a unit.
          if (!opened) throw new AppError(422, 'ageNotKnown');
          await takeChatIntoCase(tx, actor, body.chatEscalationId, unitsWith(user.grants, 'intake.register'), { caseId: opened.case.id, personId: person.id, userId: user.id, on: body.receivedOn });
        }
        if (body.draftKey) await deleteDraft(tx, user.id, body.draftKey);
        return {
          contactId,
          personId: person.id,
          ageGroup,
          routing: { outcome: opened?.routing.outcome ?? ('age_not_known' as const), unitKind: opened?.routing.outcome === 'routed' ? opened.routing.unitKind : null },
          case: opened?.case ?? null,
        };
      });
      return reply.status(201).send(result);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/intake/contacts/:id/case',
    config: { access: 'intake.register' },
    schema: {
      summary: 'Open the case of a contact (the unit must be chosen when the age is not known); a contact has one case',
      params: Id,
      body: z.object({ unitId: z.uuid().nullable().default(null) }),
      response: { 201: z.object({ case: OpenedCaseOut }) },
    },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      const actor = actorOf(request);
      const opened = await db.transaction().execute(async (tx) => {
        const contact = await getContactForUser(tx, request.params.id, user.id, unitsWith(user.grants, 'intake.register'));
        const r = await openCaseForContact(tx, contact, { id: user.id, unitIds: user.grants.map((g) => g.unitId).filter((u): u is string => !!u) }, request.body.unitId);
        await writeAudit(tx, actor, { action: 'create', recordType: 'case', recordId: r.case.id, personId: contact.person_id, fields: ['unit', 'personRole', 'ageGroup', 'victim', 'barnahus', 'regionalReferral', 'assessmentDue'], purpose: 'intake' });
        return r;
      });
      return reply.status(201).send({ case: opened.case });
    },
  });

  app.route({
    method: 'GET',
    url: '/api/intake/contacts/pending',
    config: { access: 'intake.register' },
    schema: {
      summary: 'Contacts registered without a case yet (age not known)',
      response: { 200: z.array(z.object({ id: z.string(), channel: z.string(), receivedOn: z.string(), personRole: z.string(), ageGroup: z.string(), registeredAt: z.date() })) },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const rows = await listPendingContacts(tx, user.id, unitsWith(user.grants, 'intake.register'));
        await writeAudit(tx, actorOf(request), { action: 'list', recordType: 'contact', fields: ['channel', 'receivedOn', 'personRole', 'ageGroup'], purpose: 'intake', details: { count: rows.length } });
        return rows.map((r) => ({ id: r.id, channel: r.channel, receivedOn: r.received_on, personRole: r.person_role, ageGroup: r.age_group, registeredAt: r.registered_at }));
      });
    },
  });

  app.route({
    method: 'GET',
    url: '/api/persons/:id',
    config: { access: 'cases.read' },
    schema: { summary: 'A person with a case in one of your units (protected contact details hidden)', params: Id, response: { 200: PersonOut } },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const row = await getPersonScoped(tx, request.params.id, unitsWith(user.grants, 'cases.read'));
        const out = toPersonOut(row);
        await writeAudit(tx, actorOf(request), { action: 'read', recordType: 'person', recordId: row.id, personId: row.id, fields: out.contactDetailsHidden ? PERSON_FIELDS : PERSON_FIELDS.concat(CONTACT_DETAIL_FIELDS), purpose: 'case work' });
        return out;
      });
    },
  });

  app.route({
    method: 'PATCH',
    url: '/api/persons/:id',
    config: { access: 'cases.write' },
    schema: {
      summary: 'Change a person (optimistic locking: send the version you read)',
      params: Id,
      body: z.object({
        version: z.number().int(),
        name: ShortText(200).nullable().optional(),
        pseudonym: ShortText(100).nullable().optional(),
        gender: PersonFields.gender.optional(),
        languages: PersonFields.languages.optional(),
        interpreterNeeded: z.boolean().optional(),
        citizenship: PersonFields.citizenship.optional(),
        euCitizen: PersonFields.euCitizen.optional(),
        riskFactors: PersonFields.riskFactors.optional(),
        protection: PersonFields.protection.optional(),
        address: PersonFields.address.optional(),
        phone: PersonFields.phone.optional(),
        email: PersonFields.email.optional(),
      }),
      response: { 200: PersonOut },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      const { version, ...patch } = request.body;
      return db.transaction().execute(async (tx) => {
        const current = await getPersonScoped(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        await updatePerson(tx, current.id, version, patch);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'person', recordId: current.id, personId: current.id, fields: Object.keys(patch), purpose: 'case work' });
        return toPersonOut(await getPersonScoped(tx, current.id, 'all'));
      });
    },
  });

  app.route({
    method: 'POST',
    url: '/api/persons/:id/open-protected',
    config: { access: 'persons.open_protected' },
    schema: {
      summary: 'Show the address and contact details of a person with protected personal data; the reason is logged',
      params: Id,
      body: z.object({ reason: z.string().trim().min(5).max(300) }),
      response: { 200: z.object({ address: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }) },
    },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const row = await getPersonScoped(tx, request.params.id, unitsWith(user.grants, 'persons.open_protected'));
        await writeAudit(tx, actorOf(request), {
          action: 'open_protected',
          recordType: 'person',
          recordId: row.id,
          personId: row.id,
          fields: CONTACT_DETAIL_FIELDS,
          purpose: request.body.reason,
          details: { protection: row.protection },
        });
        return { address: row.address, phone: row.phone, email: row.email };
      });
    },
  });

  const DraftKey = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
  const DraftOut = z.object({ key: z.string(), data: z.record(z.string(), z.unknown()), updatedAt: z.date() });
  app.route({
    method: 'GET',
    url: '/api/intake/drafts',
    config: { access: 'intake.register' },
    schema: { summary: 'Your saved intake drafts', response: { 200: z.array(z.object({ key: z.string(), updatedAt: z.date() })) } },
    handler: async (request) => (await listDrafts(db, signedInUser(request).id)).map((d) => ({ key: d.key, updatedAt: d.updated_at })),
  });
  app.route({
    method: 'GET',
    url: '/api/intake/drafts/:key',
    config: { access: 'intake.register' },
    schema: { summary: 'One of your drafts', params: DraftKey, response: { 200: DraftOut } },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const d = await getDraft(tx, user.id, request.params.key);
        await writeAudit(tx, actorOf(request), { action: 'read', recordType: 'intake_draft', recordId: d.key, purpose: 'intake' });
        return { key: d.key, data: d.data as Record<string, unknown>, updatedAt: d.updated_at };
      });
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/intake/drafts/:key',
    config: { access: 'intake.register' },
    schema: {
      summary: 'Autosave a half-written intake (server-side, per user)',
      params: DraftKey,
      body: z.object({ data: z.record(z.string(), z.unknown()) }),
      response: { 200: z.object({ key: z.string(), updatedAt: z.date() }) },
    },
    handler: async (request) => {
      if (JSON.stringify(request.body.data).length > MAX_DRAFT_CHARS) throw new AppError(413, 'draftTooLarge');
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const d = await saveDraft(tx, user.id, request.params.key, request.body.data);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'intake_draft', recordId: d.key, fields: Object.keys(request.body.data), purpose: 'intake' });
        return { key: d.key, updatedAt: d.updated_at };
      });
    },
  });
  app.route({
    method: 'DELETE',
    url: '/api/intake/drafts/:key',
    config: { access: 'intake.register' },
    schema: { summary: 'Discard a draft', params: DraftKey, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      await db.transaction().execute(async (tx) => {
        if (await deleteDraft(tx, user.id, request.params.key)) await writeAudit(tx, actorOf(request), { action: 'delete', recordType: 'intake_draft', recordId: request.params.key, purpose: 'intake' });
      });
      return reply.status(204).send(null);
    },
  });
}
