import { beforeAll, describe, expect, test } from 'vitest';
import { ORGANISATION_WIDE_ROLES, ROLES, roleHas, type Permission, type Role } from '../core/access/policy.ts';
import { makeUser, unitId, type TestApp, type TestUser } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact } from '../cases/testing.ts';
import { bundledSets } from '../questions/store.ts';
import { makeReception } from '../booking/testing.ts';
import { EntryIn } from '../directory/schema.ts';
import { entryRow } from '../directory/store.ts';
import { addDays, stockholmInstant, swedishDate, todayInStockholm } from '../core/time/stockholm.ts';

/**
 * Unit scoping, generated from the registered routes: every route whose URL names a record
 * (`:id`, `:entryId`, `:key`, …) is either UNIT_SCOPED — then every unit-bound role holding its
 * permission gets 404 for a real record of another unit and 2xx for one of its own — or
 * NOT_UNIT_SCOPED with the reason. A new route in neither table fails the first test.
 *
 * The units A, B and C are all adult units, so only the unit filter (not routing) separates them.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Ctx {
  app: TestApp;
  /** A caseworker of the unit who registers its records (never the user under test). */
  registrar(unit: UnitName): Promise<{ client: TestClient; user: TestUser }>;
  unit(unit: UnitName): Promise<string>;
}
type UnitName = 'A' | 'B' | 'C';
interface Fixture {
  /** A fresh real record of the unit and the request that reaches it (a write changes it, so one per request). */
  make(ctx: Ctx, unit: UnitName, requester: TestUser): Promise<{ url: string; body?: unknown }>;
}

const UNIT_NAMES: Record<UnitName, string> = { A: 'Vuxenenhet A (scoping)', B: 'Vuxenenhet B (scoping)', C: 'Vuxenenhet C (scoping)' };
const standard = bundledSets().find((s) => s.key === 'utvag-standard')!;
const allDeclined = Object.fromEntries(standard.questions.map((q) => [q.id, 'declined']));
const today = () => todayInStockholm();

/** A new adult case (with a new pseudonymous person) registered in the unit by its own caseworker. */
async function newCase(ctx: Ctx, unit: UnitName) {
  const { client } = await ctx.registrar(unit);
  const r = await client.post(
    '/api/intake/contacts',
    makeContact({ statedAge: 30, unitId: await ctx.unit(unit), traffickingIndicators: ['debt_to_exploiter'] }, { identityMode: 'pseudonymous', pseudonym: `Fiktiv ${unit}` }),
  );
  if (r.status !== 201 || r.body.case?.unitId !== (await ctx.unit(unit))) throw new Error(`fixture: case not created in ${unit}: ${r.status} ${JSON.stringify(r.body)}`);
  const version = (await ctx.app.db.selectFrom('cases').select('version').where('id', '=', r.body.case.id).executeTakeFirstOrThrow()).version;
  return { caseId: r.body.case.id as string, personId: r.body.personId as string, version };
}

async function personVersion(ctx: Ctx, personId: string) {
  return (await ctx.app.db.selectFrom('persons').select('version').where('id', '=', personId).executeTakeFirstOrThrow()).version;
}

/** A case moved to a fourth unit (D) that no user under test works in; registered through the unit's own caseworker. */
async function caseInUnitD(ctx: Ctx, unit: UnitName) {
  const c = await newCase(ctx, unit);
  const d = await unitId(ctx.app.db, 'Vuxenenhet D (scoping)', 'adult');
  const row = await ctx.app.db.updateTable('cases').set({ unit_id: d }).where('id', '=', c.caseId).returning(['number', 'unit_id']).executeTakeFirstOrThrow();
  return { ...c, number: row.number, unitId: row.unit_id };
}

/** A pending request from unit D to merge a record of the unit into D's record. */
async function mergeRequestTo(ctx: Ctx, unit: UnitName) {
  const other = await newCase(ctx, unit);
  const survivor = await caseInUnitD(ctx, unit);
  const { user } = await ctx.registrar(unit);
  const r = await ctx.app.db
    .insertInto('person_merge_requests')
    .values({ requesting_unit_id: survivor.unitId, requested_by: user.id, survivor_id: survivor.personId, other_id: other.personId, found_by: 'case_number', message: null, decided_by: null, decided_at: null, decline_reason: null, merge_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, survivorId: survivor.personId, otherId: other.personId };
}

/** A pending request the unit sent to unit D, to merge D's record into the unit's record (what the unit may withdraw). */
async function mergeRequestFrom(ctx: Ctx, unit: UnitName) {
  const survivor = await newCase(ctx, unit);
  const other = await caseInUnitD(ctx, unit);
  const { user } = await ctx.registrar(unit);
  const r = await ctx.app.db
    .insertInto('person_merge_requests')
    .values({ requesting_unit_id: await ctx.unit(unit), requested_by: user.id, survivor_id: survivor.personId, other_id: other.personId, found_by: 'case_number', message: null, decided_by: null, decided_at: null, decline_reason: null, merge_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id };
}

/** An unsigned journal entry written by the requester itself, so that only the unit can stand in the way. */
async function ownEntry(ctx: Ctx, unit: UnitName, requester: TestUser) {
  const c = await newCase(ctx, unit);
  const e = await ctx.app.db
    .insertInto('journal_entries')
    .values({ case_id: c.caseId, entry_date: today(), text: 'Fiktiv osignerad anteckning.', author_id: requester.id, corrects_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...c, entryId: e.id };
}

/** A case of the unit that is a report of concern with a reporter (set directly: the adult units stand in for a children's unit here). */
async function concernCase(ctx: Ctx, unit: UnitName) {
  const c = await newCase(ctx, unit);
  const k = await ctx.app.db.updateTable('cases').set({ concern_report: true, barnahus: 'offered' }).where('id', '=', c.caseId).returning('contact_id').executeTakeFirstOrThrow();
  await ctx.app.db.insertInto('contact_reporters').values({ contact_id: k.contact_id, kind: 'school', name: 'Fiktiv kurator', organisation: 'Fiktiv skola', reach: null, wants_feedback: true, feedback_given_on: null, feedback_given_by: null, feedback_note: null }).execute();
  return c;
}

/** A pending transfer of a case to the unit, from another of A and B (so the sender's side never lets the receiver in). */
async function transferTo(ctx: Ctx, unit: UnitName) {
  const from: UnitName = unit === 'A' ? 'B' : 'A';
  const c = await newCase(ctx, from);
  const { client } = await ctx.registrar(from);
  const r = await client.post(`/api/cases/${c.caseId}/transfers`, { toUnitId: await ctx.unit(unit), reason: 'other_district' });
  if (r.status !== 201) throw new Error(`fixture: transfer not offered: ${r.status} ${JSON.stringify(r.body)}`);
  return (await ctx.app.db.selectFrom('case_transfers').select('id').where('case_id', '=', c.caseId).executeTakeFirstOrThrow()).id;
}

/** A pending transfer the unit offered to another unit. */
async function transferFrom(ctx: Ctx, unit: UnitName) {
  const c = await newCase(ctx, unit);
  const { client } = await ctx.registrar(unit);
  const r = await client.post(`/api/cases/${c.caseId}/transfers`, { toUnitId: await ctx.unit(unit === 'B' ? 'C' : 'B'), reason: 'other_district' });
  if (r.status !== 201) throw new Error(`fixture: transfer not offered: ${r.status} ${JSON.stringify(r.body)}`);
  return (await ctx.app.db.selectFrom('case_transfers').select('id').where('case_id', '=', c.caseId).executeTakeFirstOrThrow()).id;
}

/** A plan (no coordinator) for a new case of the unit, with the social services as actor and one measure, written directly. */
async function newPlan(ctx: Ctx, unit: UnitName) {
  const c = await newCase(ctx, unit);
  const db = ctx.app.db;
  const plan = await db.insertInto('exit_plans').values({ case_id: c.caseId, person_id: c.personId, unit_id: await ctx.unit(unit), coordinator_id: null, goals: 'Fiktivt mål.', template: null, created_by: null }).returning('id').executeTakeFirstOrThrow();
  const actor = await db.insertInto('plan_actors').values({ plan_id: plan.id, kind: 'social_services', name: 'Socialtjänsten', consent_id: null }).returning('id').executeTakeFirstOrThrow();
  const measure = await db
    .insertInto('plan_measures')
    .values({ plan_id: plan.id, actor_id: actor.id, kind: 'other', title: 'Fiktiv insats', contact_person: null, starts_on: today(), planned_end_on: null, status_reason: null, decision_id: null, template_key: null, partner_note: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...c, planId: plan.id, actorId: actor.id, measureId: measure.id };
}

/** A consent in force for the person, written directly. */
async function newConsent(ctx: Ctx, personId: string) {
  return (
    await ctx.app.db
      .insertInto('consents')
      .values({ person_id: personId, actor_kind: 'healthcare', actor_name: 'Fiktiv vårdcentral', scope: 'Fiktiv omfattning', form: 'written', legal_basis: null, given_on: today(), expires_on: null, recorded_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** An outreach shift of the unit, planned by its own caseworker, written directly. */
async function newShift(ctx: Ctx, unit: UnitName) {
  const { user } = await ctx.registrar(unit);
  const starts = new Date();
  const shift = await ctx.app.db
    .insertInto('outreach_shifts')
    .values({ unit_id: await ctx.unit(unit), kind: 'street', area: 'Fiktivt område', starts_at: starts, ends_at: new Date(starts.getTime() + 3_600_000), planned_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { shiftId: shift.id, userId: user.id };
}

/** One partner account per app (database target). */
const partnerAccounts = new Map<TestApp, Promise<TestUser>>();

const UNIT_SCOPED: Record<string, Fixture> = {
  'GET /api/cases/:id/concern': { make: async (ctx, u) => ({ url: `/api/cases/${(await concernCase(ctx, u)).caseId}/concern` }) },
  'POST /api/cases/:id/protection-assessment': {
    make: async (ctx, u) => ({ url: `/api/cases/${(await concernCase(ctx, u)).caseId}/protection-assessment`, body: { outcome: 'no_immediate_need', note: 'Fiktiv bedömning.' } }),
  },
  'POST /api/cases/:id/reporter-feedback': {
    make: async (ctx, u) => ({ url: `/api/cases/${(await concernCase(ctx, u)).caseId}/reporter-feedback`, body: { givenOn: today(), note: 'Fiktiv återkoppling.' } }),
  },
  'POST /api/cases/:id/police-report': {
    make: async (ctx, u) => {
      const c = await newCase(ctx, u);
      return { url: `/api/cases/${c.caseId}/police-report`, body: { version: c.version, reportedOn: today(), reference: '5000-K000-26' } };
    },
  },
  'POST /api/cases/:id/barnahus': {
    make: async (ctx, u) => {
      const c = await concernCase(ctx, u);
      return { url: `/api/cases/${c.caseId}/barnahus`, body: { version: c.version, state: 'accepted' } };
    },
  },
  'GET /api/cases/:id/transfers': { make: async (ctx, u) => ({ url: `/api/cases/${(await newCase(ctx, u)).caseId}/transfers` }) },
  'POST /api/cases/:id/transfers': {
    make: async (ctx, u) => ({ url: `/api/cases/${(await newCase(ctx, u)).caseId}/transfers`, body: { toUnitId: await ctx.unit(u === 'B' ? 'C' : 'B'), reason: 'other_district' } }),
  },
  'POST /api/cases/transfers/:id/accept': { make: async (ctx, u) => ({ url: `/api/cases/transfers/${await transferTo(ctx, u)}/accept` }) },
  'POST /api/cases/transfers/:id/decline': { make: async (ctx, u) => ({ url: `/api/cases/transfers/${await transferTo(ctx, u)}/decline`, body: { reason: 'Fiktivt skäl.' } }) },
  'POST /api/cases/transfers/:id/withdraw': { make: async (ctx, u) => ({ url: `/api/cases/transfers/${await transferFrom(ctx, u)}/withdraw` }) },
  'GET /api/cases/:id': { make: async (ctx, u) => ({ url: `/api/cases/${(await newCase(ctx, u)).caseId}` }) },
  'GET /api/cases/:id/journal': { make: async (ctx, u, requester) => ({ url: `/api/cases/${(await ownEntry(ctx, u, requester)).caseId}/journal?limit=5` }) },
  'GET /api/cases/:id/journal/all': { make: async (ctx, u, requester) => ({ url: `/api/cases/${(await ownEntry(ctx, u, requester)).caseId}/journal/all` }) },
  'PATCH /api/cases/:id': {
    make: async (ctx, u) => {
      const c = await newCase(ctx, u);
      return { url: `/api/cases/${c.caseId}`, body: { version: c.version, exploitationTypes: ['grooming'] } };
    },
  },
  'POST /api/cases/:id/status': {
    make: async (ctx, u) => {
      const c = await newCase(ctx, u);
      return { url: `/api/cases/${c.caseId}/status`, body: { version: c.version, status: 'initial_assessment' } };
    },
  },
  'POST /api/cases/:id/journal': { make: async (ctx, u) => ({ url: `/api/cases/${(await newCase(ctx, u)).caseId}/journal`, body: { text: 'Fiktiv anteckning.' } }) },
  'PATCH /api/cases/:id/journal/:entryId': {
    make: async (ctx, u, requester) => {
      const e = await ownEntry(ctx, u, requester);
      return { url: `/api/cases/${e.caseId}/journal/${e.entryId}`, body: { text: 'Fiktiv ändrad anteckning.' } };
    },
  },
  'POST /api/cases/:id/journal/:entryId/sign': {
    make: async (ctx, u, requester) => {
      const e = await ownEntry(ctx, u, requester);
      return { url: `/api/cases/${e.caseId}/journal/${e.entryId}/sign`, body: {} };
    },
  },
  'POST /api/cases/:id/decisions': {
    make: async (ctx, u) => ({
      url: `/api/cases/${(await newCase(ctx, u)).caseId}/decisions`,
      body: { supportType: 'economic_aid', outcome: 'granted', startsOn: today(), endsOn: today(), reasoning: 'Saknar försörjning under utredningen.' },
    }),
  },
  'POST /api/cases/:id/decisions/:decisionId/end': {
    make: async (ctx, u) => {
      const c = await newCase(ctx, u);
      const d = await ctx.app.db
        .insertInto('decisions')
        .values({ case_id: c.caseId, support_type: 'support_talks', outcome: 'granted', refusal_ground: null, reasoning: 'Fiktiva stödsamtal.', decided_by: (await ctx.registrar(u)).user.id, starts_on: today(), ends_on: today() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/cases/${c.caseId}/decisions/${d.id}/end`, body: { endedOn: today(), endReason: 'goal_reached' } };
    },
  },
  'POST /api/cases/:id/answers': {
    make: async (ctx, u) => ({ url: `/api/cases/${(await newCase(ctx, u)).caseId}/answers`, body: { setKey: 'utvag-standard', setVersion: 1, answers: allDeclined } }),
  },
  'GET /api/persons/:id': { make: async (ctx, u) => ({ url: `/api/persons/${(await newCase(ctx, u)).personId}` }) },
  'PATCH /api/persons/:id': {
    make: async (ctx, u) => {
      const c = await newCase(ctx, u);
      return { url: `/api/persons/${c.personId}`, body: { version: await personVersion(ctx, c.personId), languages: ['sv'] } };
    },
  },
  'GET /api/persons/:id/merge-preview': {
    make: async (ctx, u) => ({ url: `/api/persons/${(await newCase(ctx, u)).personId}/merge-preview?other=${(await newCase(ctx, u)).personId}` }),
  },
  'POST /api/persons/:id/merge': {
    make: async (ctx, u) => {
      const [a, b] = [await newCase(ctx, u), await newCase(ctx, u)];
      return { url: `/api/persons/${a.personId}/merge`, body: { other: b.personId, version: await personVersion(ctx, a.personId), otherVersion: await personVersion(ctx, b.personId) } };
    },
  },
  'GET /api/persons/:id/merges': { make: async (ctx, u) => ({ url: `/api/persons/${(await newCase(ctx, u)).personId}/merges` }) },
  'POST /api/persons/merges/:id/undo': {
    make: async (ctx, u) => {
      const [a, b] = [await newCase(ctx, u), await newCase(ctx, u)];
      const by = (await ctx.app.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()).id;
      const snapshot = await ctx.app.db.selectFrom('persons').select(['identity_mode as identityMode', 'pseudonym']).where('id', '=', b.personId).executeTakeFirstOrThrow();
      const fields = { ...snapshot, personnummer: null, idKind: null, name: null, birthDate: null, birthYear: null, gender: 'not_stated', languages: [], interpreterNeeded: false, citizenship: null, euCitizen: null, riskFactors: [], residenceStatus: 'unknown', districtId: null, protection: 'none', address: null, phone: null, email: null };
      const m = await ctx.app.db
        .insertInto('person_merges')
        .values({ survivor_id: a.personId, merged_id: b.personId, merged_by: by, survivor_before: JSON.stringify(fields), merged_before: JSON.stringify(fields), moved: JSON.stringify([]) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/persons/merges/${m.id}/undo` };
    },
  },
  'POST /api/persons/:id/merge-requests': {
    make: async (ctx, u) => {
      // The record asked about is of a unit none of the requesters works in (D), named by its case number.
      const named = await caseInUnitD(ctx, u);
      return { url: `/api/persons/${(await newCase(ctx, u)).personId}/merge-requests`, body: { caseNumber: named.number } };
    },
  },
  'GET /api/persons/merge-requests/:id/preview': { make: async (ctx, u) => ({ url: `/api/persons/merge-requests/${(await mergeRequestTo(ctx, u)).id}/preview` }) },
  'POST /api/persons/merge-requests/:id/accept': {
    make: async (ctx, u) => {
      const r = await mergeRequestTo(ctx, u);
      return { url: `/api/persons/merge-requests/${r.id}/accept`, body: { version: await personVersion(ctx, r.survivorId), otherVersion: await personVersion(ctx, r.otherId) } };
    },
  },
  'POST /api/persons/merge-requests/:id/withdraw': { make: async (ctx, u) => ({ url: `/api/persons/merge-requests/${(await mergeRequestFrom(ctx, u)).id}/withdraw` }) },
  'POST /api/persons/merge-requests/:id/decline': { make: async (ctx, u) => ({ url: `/api/persons/merge-requests/${(await mergeRequestTo(ctx, u)).id}/decline`, body: { reason: 'Inte samma person enligt vår utredning.' } }) },
  'POST /api/persons/:id/open-protected': {
    make: async (ctx, u) => {
      const c = await newCase(ctx, u);
      await ctx.app.db.updateTable('persons').set({ protection: 'skyddad_folkbokforing', address: 'Fiktiv gata 1' }).where('id', '=', c.personId).execute();
      return { url: `/api/persons/${c.personId}/open-protected`, body: { reason: 'Behövs för ett planerat hembesök.' } };
    },
  },
  'POST /api/intake/contacts/:id/case': {
    make: async (ctx, u) => {
      // A contact of unknown age, registered in the unit by its own caseworker, waiting for a unit to be chosen.
      const { client } = await ctx.registrar(u);
      const r = await client.post('/api/intake/contacts', makeContact({ statedAge: null }, { identityMode: 'pseudonymous', pseudonym: `Väntande ${u}` }));
      if (r.status !== 201 || r.body.case !== null) throw new Error(`fixture: pending contact not created: ${r.status} ${JSON.stringify(r.body)}`);
      return { url: `/api/intake/contacts/${r.body.contactId}/case`, body: { unitId: await ctx.unit(u) } };
    },
  },
  'GET /api/chat/escalations/:id/transcript': {
    make: async (ctx, u) => {
      const { user } = await ctx.registrar(u);
      const db = ctx.app.db;
      const session = await db
        .insertInto('chat_sessions')
        .values({ kind: 'live', token_hash: `scoping-${Math.random()}`, target_group: 'sells', queue: 'general', language: 'sv', status: 'ended', counsellor_id: user.id, created_at: new Date(), ended_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('chat_messages').values({ session_id: session.id, sender: 'visitor', body: 'Fiktivt meddelande.', author_id: null, client_id: null }).execute();
      const consent = await db.insertInto('chat_consents').values({ session_id: session.id, consent_text: 'Fiktivt samtycke.', language: 'sv' }).returning('id').executeTakeFirstOrThrow();
      const e = await db
        .insertInto('chat_escalations')
        .values({ session_id: session.id, consent_id: consent.id, target_unit_id: await ctx.unit(u), created_by: user.id, case_id: null, taken_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/chat/escalations/${e.id}/transcript` };
    },
  },
  'GET /api/consents/person/:id': { make: async (ctx, u) => ({ url: `/api/consents/person/${(await newCase(ctx, u)).personId}` }) },
  'POST /api/consents/:id/withdraw': {
    make: async (ctx, u) => ({ url: `/api/consents/${await newConsent(ctx, (await newCase(ctx, u)).personId)}/withdraw`, body: { note: null } }),
  },
  'GET /api/cases/:id/assignees': { make: async (ctx, u) => ({ url: `/api/cases/${(await newCase(ctx, u)).caseId}/assignees` }) },
  'DELETE /api/cases/:id/journal/:entryId': {
    make: async (ctx, u, requester) => {
      const e = await ownEntry(ctx, u, requester);
      return { url: `/api/cases/${e.caseId}/journal/${e.entryId}` };
    },
  },
  'GET /api/plans/for-case/:caseId': { make: async (ctx, u) => ({ url: `/api/plans/for-case/${(await newPlan(ctx, u)).caseId}` }) },
  'GET /api/plans/:id/document.pdf': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}/document.pdf` }) },
  'DELETE /api/plans/:id/actors/:actorId/invitation': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      const consentId = await newConsent(ctx, p.personId);
      if (!partnerAccounts.has(ctx.app)) partnerAccounts.set(ctx.app, makeUser(ctx.app.db, [{ role: 'external_partner', unit: null }]));
      const partner = await partnerAccounts.get(ctx.app)!;
      const actor = await ctx.app.db.insertInto('plan_actors').values({ plan_id: p.planId, kind: 'healthcare', name: 'Fiktiv vård', consent_id: consentId, partner_user_id: partner.id }).returning('id').executeTakeFirstOrThrow();
      return { url: `/api/plans/${p.planId}/actors/${actor.id}/invitation` };
    },
  },
  'GET /api/outreach/shifts/:id': { make: async (ctx, u) => ({ url: `/api/outreach/shifts/${(await newShift(ctx, u)).shiftId}` }) },
  'POST /api/outreach/shifts/:id/participants': {
    make: async (ctx, u) => ({ url: `/api/outreach/shifts/${(await newShift(ctx, u)).shiftId}/participants`, body: { organisation: 'police', name: 'Fiktiv polis', organisationName: 'Polisen' } }),
  },
  'POST /api/outreach/shifts/:id/contacts': {
    make: async (ctx, u) => ({ url: `/api/outreach/shifts/${(await newShift(ctx, u)).shiftId}/contacts`, body: { personRole: 'exposed', placeType: 'street' } }),
  },
  'POST /api/outreach/contacts/:id/intake': {
    make: async (ctx, u) => {
      const { shiftId, userId } = await newShift(ctx, u);
      const contact = await ctx.app.db
        .insertInto('outreach_contacts')
        .values({ shift_id: shiftId, logged_by: userId, on_behalf_of: null, age_band: '26_plus', gender: 'woman', person_role: 'exposed', place_type: 'street', follow_up: null, note: null, intake_contact_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/outreach/contacts/${contact.id}/intake`, body: { consent: true, statedAge: 30, summary: 'Fiktiv: vill ha stödsamtal', person: { identityMode: 'anonymous' }, unitId: await ctx.unit(u) } };
    },
  },
  'GET /api/plans/:id': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}` }) },
  'PATCH /api/plans/:id': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}`, body: { version: 1, goals: 'Fiktivt nytt mål.' } }) },
  'GET /api/plans/:id/versions': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}/versions` }) },
  'GET /api/plans/:id/document': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}/document` }) },
  'POST /api/plans/:id/actors': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}/actors`, body: { kind: 'social_services', name: 'Fiktiv enhet', consentId: null } }) },
  'PATCH /api/plans/:id/actors/:actorId': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      const actor = await ctx.app.db.insertInto('plan_actors').values({ plan_id: p.planId, kind: 'healthcare', name: 'Fiktiv vård', consent_id: null }).returning('id').executeTakeFirstOrThrow();
      return { url: `/api/plans/${p.planId}/actors/${actor.id}`, body: { consentId: await newConsent(ctx, p.personId) } };
    },
  },
  'POST /api/plans/:id/actors/:actorId/invitation': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      const consentId = await newConsent(ctx, p.personId);
      const actor = await ctx.app.db.insertInto('plan_actors').values({ plan_id: p.planId, kind: 'healthcare', name: 'Fiktiv vård', consent_id: consentId }).returning('id').executeTakeFirstOrThrow();
      if (!partnerAccounts.has(ctx.app)) partnerAccounts.set(ctx.app, makeUser(ctx.app.db, [{ role: 'external_partner', unit: null }]));
      return { url: `/api/plans/${p.planId}/actors/${actor.id}/invitation`, body: { partnerUserId: (await partnerAccounts.get(ctx.app)!).id } };
    },
  },
  'POST /api/plans/:id/measures': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      return { url: `/api/plans/${p.planId}/measures`, body: { actorId: p.actorId, kind: 'other', title: 'Fiktiv ny insats', startsOn: today() } };
    },
  },
  'PATCH /api/plans/:id/measures/:measureId': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      return { url: `/api/plans/${p.planId}/measures/${p.measureId}`, body: { version: 1, title: 'Fiktiv ändrad insats' } };
    },
  },
  'POST /api/plans/:id/follow-ups': { make: async (ctx, u) => ({ url: `/api/plans/${(await newPlan(ctx, u)).planId}/follow-ups`, body: { dueOn: today() } }) },
  'PATCH /api/plans/:id/follow-ups/:followUpId': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      const f = await ctx.app.db.insertInto('plan_follow_ups').values({ plan_id: p.planId, due_on: today(), held_on: null, notes: null, recorded_by: null }).returning('id').executeTakeFirstOrThrow();
      return { url: `/api/plans/${p.planId}/follow-ups/${f.id}`, body: { version: 1, heldOn: today(), notes: 'Fiktiv uppföljning.' } };
    },
  },
  'POST /api/plans/:id/acknowledgements': {
    make: async (ctx, u) => {
      const p = await newPlan(ctx, u);
      const f = await ctx.app.db.insertInto('plan_follow_ups').values({ plan_id: p.planId, due_on: '2026-01-01', held_on: null, notes: null, recorded_by: null }).returning('id').executeTakeFirstOrThrow();
      return { url: `/api/plans/${p.planId}/acknowledgements`, body: { key: `follow_up_overdue:${f.id}`, reason: 'Fiktivt skäl till att gå vidare.' } };
    },
  },
  'GET /api/booking/receptions/:id/calendar': {
    make: async (ctx, u) => ({ url: `/api/booking/receptions/${(await newReception(ctx, u)).id}/calendar?from=${today()}&to=${today()}` }),
  },
  'POST /api/booking/receptions/:id/bookings': {
    make: async (ctx, u) => ({ url: `/api/booking/receptions/${(await newReception(ctx, u)).id}/bookings`, body: { group: 'victims', startsAt: tomorrowAt10(), pseudonym: 'Fiktiv' } }),
  },
  'POST /api/booking/bookings/:id/cancel': {
    make: async (ctx, u) => {
      const r = await newReception(ctx, u);
      const startsAt = new Date(tomorrowAt10());
      const b = await ctx.app.db
        .insertInto('bookings')
        .values({ reception_id: r.id, room_id: r.rooms[0]!, target_group: 'victims', starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 3_600_000), local_date: swedishDate(startsAt), pseudonym: 'Fiktiv', source: 'staff' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/booking/bookings/${b.id}/cancel` };
    },
  },
  'GET /api/booking/receptions/:id/staff': { make: async (ctx, u) => ({ url: `/api/booking/receptions/${(await newReception(ctx, u)).id}/staff` }) },
  'POST /api/booking/receptions/:id/rooms': { make: async (ctx, u) => ({ url: `/api/booking/receptions/${(await newReception(ctx, u)).id}/rooms`, body: { name: 'Fiktivt rum' } }) },
  'PUT /api/booking/receptions/:id/week': {
    make: async (ctx, u) => {
      const r = await newReception(ctx, u);
      return { url: `/api/booking/receptions/${r.id}/week`, body: { week: [{ weekday: 1, targetGroup: 'victims', opens: '09:00', closes: '12:00', slotMinutes: 60, roomId: r.rooms[0], staffUserId: null }] } };
    },
  },
  'GET /api/directory/entries/:id': { make: async (ctx, u) => ({ url: `/api/directory/entries/${await newEntry(ctx, u)}` }) },
  'PUT /api/directory/entries/:id': {
    make: async (ctx, u) => ({ url: `/api/directory/entries/${await newEntry(ctx, u)}`, body: { entry: { name: `Fiktiv ändrad post ${u}`, kind: 'civil_society', offerSv: 'Fiktivt stöd.', offerEn: 'Fictional support.', targetGroups: ['exposed_adults'] }, ownerUnitId: await ctx.unit(u) } }),
  },
  'POST /api/directory/entries/:id/active': { make: async (ctx, u) => ({ url: `/api/directory/entries/${await newEntry(ctx, u)}/active`, body: { active: false } }) },
  'POST /api/directory/entries/:id/reviewed': {
    make: async (ctx, u) => ({ url: `/api/directory/entries/${await newEntry(ctx, u)}/reviewed`, body: {} }),
  },
  'POST /api/directory/referrals/:id/outcome': {
    make: async (ctx, u, requester) => {
      const c = await newCase(ctx, u);
      const r = await ctx.app.db
        .insertInto('referrals')
        .values({ entry_id: await newEntry(ctx, u), source: 'case', case_id: c.caseId, unit_id: await ctx.unit(u), referred_on: today(), referred_by: requester.id, consent_id: null, basis: 'consent', consent_given_on: today(), legal_basis: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/directory/referrals/${r.id}/outcome`, body: { outcome: 'accepted' } };
    },
  },
};

/** A directory entry owned by the unit. */
async function newEntry(ctx: Ctx, unit: UnitName) {
  const e = EntryIn.parse({ name: `Fiktiv post ${unit}`, kind: 'civil_society', offerSv: 'Fiktivt stöd.', offerEn: 'Fictional support.', targetGroups: ['exposed_adults'] });
  return (await ctx.app.db.insertInto('directory_entries').values(entryRow(e, await ctx.unit(unit))).returning('id').executeTakeFirstOrThrow()).id;
}

/** A reception of the unit open every day 09–16 for victims (a fresh one per request: its times are all free). */
async function newReception(ctx: Ctx, unit: UnitName) {
  await ctx.unit(unit);
  return makeReception(ctx.app.db, { unit: UNIT_NAMES[unit], week: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], group: 'victims', opens: '09:00', closes: '16:00' }] });
}
const tomorrowAt10 = () => stockholmInstant(addDays(swedishDate(new Date()), 1), 600)!.toISOString();

const NOT_UNIT_SCOPED: Record<string, string> = {
  'GET /api/ads/imports/:id': 'the online ads register is the municipality’s one register of public ads (no client record; numbers kept as keyed hashes); imports belong to no unit',
  'GET /hjalp/:lang': 'the public help portal: public texts, no unit (src/portal/portal.test.ts)',
  'GET /hjalp/:lang/:slug': 'the public help portal: public texts, no unit (src/portal/portal.test.ts)',
  'GET /api/portal/pages/:slug/:lang': 'the help portal’s texts belong to the whole organisation (content_editor is organisation-wide); no personal data',
  'POST /api/portal/pages/:slug/:lang/drafts': 'the help portal’s texts belong to the whole organisation (content_editor is organisation-wide)',
  'POST /api/portal/pages/:slug/:lang/versions/:version/publish': 'the help portal’s texts belong to the whole organisation (content_editor is organisation-wide)',
  'GET /api/partner/plans/:id': 'partner access by per-plan invitation and consent, never by unit (src/exit-plans/plans.test.ts: invited sees only their measures, not invited 404, withdrawn consent 403)',
  'PATCH /api/partner/plans/:id/measures/:measureId': 'partner access by per-plan invitation and consent, never by unit (src/exit-plans/plans.test.ts)',
  'GET /api/intake/drafts/:key': 'per-user drafts: scoped to the user, not the unit (tested below: a colleague of the same unit gets 404)',
  'PUT /api/intake/drafts/:key': 'per-user drafts (tested below: a colleague writing the same key gets a draft of their own)',
  'DELETE /api/intake/drafts/:key': 'per-user drafts (tested below: a colleague deleting the same key leaves the owner’s draft)',
  'GET /api/organisation/users/:id': 'organisation administration (organisation.manage: administrator, an organisation-wide role)',
  'PATCH /api/organisation/users/:id': 'organisation administration',
  'POST /api/organisation/users/:id/reset-credentials': 'organisation administration',
  'PUT /api/organisation/users/:id/oidc-link': 'organisation administration',
  'DELETE /api/organisation/users/:id/oidc-link': 'organisation administration',
  'PATCH /api/organisation/units/:id': 'organisation administration',
  'PATCH /api/organisation/districts/:id': 'organisation administration',
  'PUT /api/retention/rules/:recordType': 'organisation-wide retention settings (retention.manage: administrator)',
  'PUT /api/chat/canned/:id': 'canned chat answers are shared by the whole chat service and hold no personal data',
  'DELETE /api/chat/canned/:id': 'canned chat answers are shared by the whole chat service and hold no personal data',
  'GET /api/questions/sets/:key/versions/:version': 'the wording of a published question set: shared by every unit, no personal data',
  'PUT /api/competence/trainings/:id': 'the training catalogue is shared by every unit and holds no personal data (competence.manage)',
  'GET /api/competence/seminars/:id/invitees': 'the competence centre plans seminars for the whole municipality: a seminar belongs to no unit; the invitees are the staff of the units it invited (src/competence/competence.test.ts: staff of a unit not invited are not listed)',
  'POST /api/competence/seminars/:id/attendance': 'the competence centre records attendance across units; only staff of the invited units can be recorded (src/competence/competence.test.ts: notInvited)',
};

/** Unit-bound roles (not organisation-wide, not partners) that hold the permission. */
const unitRolesWith = (p: Permission): Role[] => ROLES.filter((r) => !ORGANISATION_WIDE_ROLES.includes(r) && r !== 'external_partner' && roleHas(r, p));
const hasRecordParam = (url: string) => /\/:[A-Za-z]+/.test(url);
const ok = (s: number) => s >= 200 && s < 300;

describe.each(databaseTargets())('unit scoping on $name', (target) => {
  const t = useTestApp(target);
  let app: TestApp;
  let ctx: Ctx;
  const registrars = new Map<UnitName, Promise<{ client: TestClient; user: TestUser }>>();
  const single = new Map<Role, { client: TestClient; user: TestUser }>();
  const multi = new Map<Role, { client: TestClient; user: TestUser }>();
  let managerAB: { client: TestClient; user: TestUser };

  const signedIn = async (roles: Array<{ role: Role; unit: string }>) => {
    const user = await t.user(roles);
    return { user, client: await t.client().signIn(user) };
  };

  beforeAll(async () => {
    app = t.app;
    for (const name of Object.values(UNIT_NAMES)) await unitId(app.db, name, 'adult');
    ctx = {
      app,
      unit: (u) => unitId(app.db, UNIT_NAMES[u], 'adult'),
      registrar: (u) => {
        if (!registrars.has(u)) registrars.set(u, signedIn([{ role: 'caseworker', unit: UNIT_NAMES[u] }]));
        return registrars.get(u)!;
      },
    };
    const unitRoles = ROLES.filter((r) => !ORGANISATION_WIDE_ROLES.includes(r) && r !== 'external_partner');
    for (const role of unitRoles) {
      single.set(role, await signedIn([{ role, unit: UNIT_NAMES.A }]));
      multi.set(role, await signedIn([{ role, unit: UNIT_NAMES.A }, { role, unit: UNIT_NAMES.C }]));
    }
    managerAB = await signedIn([{ role: 'unit_manager', unit: UNIT_NAMES.A }, { role: 'unit_manager', unit: UNIT_NAMES.B }]);
  });
  test('every route with a record parameter is in exactly one of UNIT_SCOPED and NOT_UNIT_SCOPED', () => {
    const withRecord = app.app.utvagRoutes.filter((r) => hasRecordParam(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(withRecord.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const key of withRecord) {
      const n = Number(key in UNIT_SCOPED) + Number(key in NOT_UNIT_SCOPED);
      if (n !== 1) problems.push(`${key}: in ${n} tables (must be in exactly one)`);
    }
    // A stale entry (the route was renamed or removed) must go too, so the tables stay the truth.
    for (const key of [...Object.keys(UNIT_SCOPED), ...Object.keys(NOT_UNIT_SCOPED)]) if (!withRecord.includes(key)) problems.push(`${key}: no such route`);
    expect(problems).toEqual([]);
  });

  test('every unit-scoped route is reachable by at least one unit-bound role (else the matrix below proves nothing)', () => {
    const problems = Object.keys(UNIT_SCOPED).filter((key) => {
      const r = app.app.utvagRoutes.find((x) => `${x.method} ${x.url}` === key);
      return !r || unitRolesWith(r.access as Permission).length === 0;
    });
    expect(problems).toEqual([]);
  });

  test.each(Object.keys(UNIT_SCOPED))('%s: 404 for another unit’s record, 2xx for one’s own — for every unit-bound role with the permission', async (key) => {
    const route = app.app.utvagRoutes.find((x) => `${x.method} ${x.url}` === key)!;
    const permission = route.access as Permission;
    const fixture = UNIT_SCOPED[key]!;
    const method = route.method as Method;
    const failures: string[] = [];
    const attempt = async (label: string, who: { client: TestClient; user: TestUser }, unit: UnitName, expectOk: boolean) => {
      const { url, body } = await fixture.make(ctx, unit, who.user);
      const res = await who.client.request(method, url, method === 'GET' ? undefined : (body ?? {}));
      if (expectOk ? !ok(res.status) : res.status !== 404) failures.push(`${label} → record of ${unit}: ${res.status} ${JSON.stringify(res.body)}, expected ${expectOk ? '2xx' : '404'}`);
    };
    const roles = unitRolesWith(permission);
    for (const role of roles) {
      await attempt(`${role} of A`, single.get(role)!, 'B', false);
      await attempt(`${role} of A`, single.get(role)!, 'A', true);
      await attempt(`${role} of A and C`, multi.get(role)!, 'B', false);
      await attempt(`${role} of A and C`, multi.get(role)!, 'A', true);
      await attempt(`${role} of A and C`, multi.get(role)!, 'C', true);
    }
    if (roles.includes('unit_manager')) {
      await attempt('unit_manager of A and B', managerAB, 'A', true);
      await attempt('unit_manager of A and B', managerAB, 'B', true);
    } else {
      // A manager over both units still may not do what the role does not carry.
      const { url, body } = await fixture.make(ctx, 'A', managerAB.user);
      const res = await managerAB.client.request(method, url, method === 'GET' ? undefined : (body ?? {}));
      if (res.status !== 403) failures.push(`unit_manager of A and B (role lacks ${permission}) → record of A: ${res.status}, expected 403`);
    }
    expect(failures).toEqual([]);
  });

  test('a journal entry of another unit’s case cannot be reached through a case of one’s own unit', async () => {
    const worker = single.get('caseworker')!;
    const own = await newCase(ctx, 'A');
    const foreign = await ownEntry(ctx, 'B', worker.user); // written in B's case, even under the worker's name
    expect((await worker.client.patch(`/api/cases/${own.caseId}/journal/${foreign.entryId}`, { text: 'Fiktiv ändring.' })).status).toBe(404);
    expect((await worker.client.post(`/api/cases/${own.caseId}/journal/${foreign.entryId}/sign`)).status).toBe(404);
    expect((await worker.client.post(`/api/cases/${own.caseId}/journal`, { text: 'Fiktiv rättelse.', correctsId: foreign.entryId })).status).toBe(400);
    const untouched = await app.db.selectFrom('journal_entries').select(['text', 'signed_at']).where('id', '=', foreign.entryId).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ text: 'Fiktiv osignerad anteckning.', signed_at: null });
  });

  test('intake drafts are per user: a colleague of the same unit cannot read, overwrite or delete them', async () => {
    const owner = single.get('caseworker')!;
    const colleague = multi.get('caseworker')!; // holds the same role in the same unit (A)
    const key = `scoping-${Date.now()}`;
    expect((await owner.client.put(`/api/intake/drafts/${key}`, { data: { summary: 'Fiktivt utkast' } })).status).toBe(200);
    expect((await colleague.client.get(`/api/intake/drafts/${key}`)).status).toBe(404);
    expect((await colleague.client.get('/api/intake/drafts')).body.map((d: { key: string }) => d.key)).not.toContain(key);
    expect((await colleague.client.put(`/api/intake/drafts/${key}`, { data: { summary: 'Kollegans' } })).status).toBe(200);
    expect((await colleague.client.delete(`/api/intake/drafts/${key}`)).status).toBe(204);
    const mine = await owner.client.get(`/api/intake/drafts/${key}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual({ summary: 'Fiktivt utkast' });
  });
});
