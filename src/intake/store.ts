import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { AgeGroup, PersonRole } from '../cases/rules.ts';
import { personsInScope } from '../persons/store.ts';
import type { CandidateUnit, Channel } from './rules.ts';
import type { ReporterIn } from './schema.ts';

export interface ContactInput {
  channel: Channel;
  receivedOn: string;
  /** The recorded reason for an old date or for routing on the age at the time (see routingAgeDate). */
  receivedOnReason?: string | null;
  registeredBy: string;
  registeredUnitId: string | null;
  personId: string;
  personRole: PersonRole;
  ageGroup: AgeGroup;
  summary: string;
  statedConsent: boolean | null;
  exploitationTypes: string[];
  traffickingIndicators: string[];
  statedAge?: number | null;
  ageConflict?: boolean;
}

export async function insertContact(tx: Tx, c: ContactInput): Promise<string> {
  const row = await tx
    .insertInto('contacts')
    .values({
      channel: c.channel,
      received_on: c.receivedOn,
      received_on_reason: c.receivedOnReason ?? null,
      registered_by: c.registeredBy,
      registered_unit_id: c.registeredUnitId,
      person_id: c.personId,
      person_role: c.personRole,
      age_group: c.ageGroup,
      summary: c.summary,
      stated_consent: c.statedConsent,
      exploitation_types: c.exploitationTypes,
      trafficking_indicators: c.traffickingIndicators,
      stated_age: c.statedAge ?? null,
      age_conflict: c.ageConflict ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The reporter of a contact about someone else, kept apart from the person. */
export async function insertReporter(tx: Tx, contactId: string, r: ReporterIn): Promise<void> {
  await tx
    .insertInto('contact_reporters')
    .values({ contact_id: contactId, kind: r.kind, name: r.name, organisation: r.organisation, reach: r.reach, wants_feedback: r.wantsFeedback, feedback_given_on: null, feedback_given_by: null, feedback_note: null })
    .execute();
}

/**
 * Every contact query starts here: the contacts the user registered, and those registered in a
 * unit of the scope (an organisation-wide scope sees every contact).
 */
export function contactsInScope(db: Executor, scope: UnitScope, userId: string) {
  return db.selectFrom('contacts as c').where((eb) => eb.or([eb('c.registered_by', '=', userId), inScope('c.registered_unit_id', scope)]));
}

/**
 * Whether an existing person lies within the scope's units, so that intake may attach a new contact
 * to them: they have a case in one of its units, or they have no case anywhere and every contact
 * about them was registered in its units. A person known to another unit is not reachable by
 * typing their personnummer: that is a matter between the units (consultation, transfer).
 */
export async function personWithinScope(db: Executor, scope: UnitScope, personId: string): Promise<boolean> {
  if (await personsInScope(db, scope).select('p.id').where('p.id', '=', personId).executeTakeFirst()) return true;
  // scope: this looks across units on purpose, for anything of the person that lies outside the scope
  const outside = await db
    .selectFrom('persons as p')
    .select('p.id')
    .where('p.id', '=', personId)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.person_id', '=', 'p.id')), // scope: any case at all counts as outside here
        eb.exists(
          eb
            .selectFrom('contacts as c') // scope: a contact registered outside the scope's units
            .select('c.id')
            .whereRef('c.person_id', '=', 'p.id')
            .where((e) => e.or([e('c.registered_unit_id', 'is', null), e.not(inScope('c.registered_unit_id', scope))])),
        ),
      ]),
    )
    .executeTakeFirst();
  return !outside;
}

/** What opening a case needs of its contact. */
export interface ContactForCase {
  id: string;
  channel: string;
  receivedOn: string;
  personId: string;
  personRole: string;
  ageGroup: string;
  exploitationTypes: string[];
  traffickingIndicators: string[];
  /** Someone else reported it (a concern report when it is about a child). */
  hasReporter: boolean;
  /** The person's district: routing picks the unit of the right kind there. */
  districtId: string | null;
}

/** A contact in the scope (404 outside it), to open its case. */
export async function getContactForCase(db: Executor, scope: UnitScope, userId: string, id: string): Promise<ContactForCase> {
  const row = await contactsInScope(db, scope, userId)
    .select([
      'c.id',
      'c.channel',
      'c.received_on as receivedOn',
      'c.person_id as personId',
      'c.person_role as personRole',
      'c.age_group as ageGroup',
      'c.exploitation_types as exploitationTypes',
      'c.trafficking_indicators as traffickingIndicators',
      // scope: the reporter and person of a contact found through contactsInScope
      sql<boolean>`exists (select 1 from contact_reporters r where r.contact_id = c.id)`.as('hasReporter'),
      sql<string | null>`(select p.district_id from persons p where p.id = c.person_id)`.as('districtId'),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

/** Contacts registered but not yet a case (the age was not known): they wait for a caseworker's choice. */
/** Contacts registered without a case yet; the route reads them with its audit entry in one statement (auditedList). */
export function pendingContactsQuery(db: Executor, scope: UnitScope, userId: string) {
  return contactsInScope(db, scope, userId)
    .leftJoin('cases as k', 'k.contact_id', 'c.id')
    .select(['c.id', 'c.person_id as personId', 'c.channel', 'c.received_on as receivedOn', 'c.person_role as personRole', 'c.age_group as ageGroup', 'c.registered_at as registeredAt'])
    .where('k.id', 'is', null)
    .orderBy('c.registered_at', 'desc')
    .limit(200);
}

/** The active units of a kind, with their districts: the candidates routing picks among (pickUnit in rules.ts). */
export async function unitCandidates(db: Executor, kind: string): Promise<CandidateUnit[]> {
  return db.selectFrom('units').select(['id', 'name', 'district_id as districtId']).where('kind', '=', kind).where('active', '=', true).orderBy('name').execute();
}

export async function getUnit(db: Executor, id: string) {
  const row = await db.selectFrom('units').select(['id', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(400, 'unknownUnit');
  return row;
}

export async function listDrafts(db: Executor, userId: string) {
  return db.selectFrom('intake_drafts').select(['key', 'updated_at as updatedAt']).where('user_id', '=', userId).orderBy('updated_at', 'desc').execute();
}

export async function getDraft(db: Executor, userId: string, key: string) {
  const row = await db.selectFrom('intake_drafts').select(['key', 'data', 'updated_at as updatedAt']).where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return { ...row, data: row.data as Record<string, unknown> };
}

export async function saveDraft(db: Executor, userId: string, key: string, data: unknown) {
  return db
    .insertInto('intake_drafts')
    .values({ user_id: userId, key, data: JSON.stringify(data), updated_at: sql`now()` as unknown as Date })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ data: JSON.stringify(data), updated_at: sql`now()` as unknown as Date }))
    .returning(['key', 'updated_at as updatedAt'])
    .executeTakeFirstOrThrow();
}

export async function deleteDraft(db: Executor, userId: string, key: string): Promise<boolean> {
  const r = await db.deleteFrom('intake_drafts').where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The person's facts as they are when a case opens, for the case's snapshot (the statistics count by
 * them, not by the record's later values). The age facts are those of the contact's day.
 */
export async function openingFacts(db: Executor, contactId: string) {
  // scope: the contact was found through contactsInScope by the caller of openCaseForContact
  return db
    .selectFrom('contacts as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select(['p.birth_date as birthDate', 'p.birth_year as birthYear', 'c.stated_age as statedAge', 'p.gender', 'p.risk_factors as riskFactors', 'p.citizenship'])
    .where('c.id', '=', contactId)
    .executeTakeFirst();
}
