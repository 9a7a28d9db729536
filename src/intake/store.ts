import { sql } from 'kysely';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { formatPersonnummer } from './personnummer.ts';
import type { AgeGroup, Channel, PersonRole, Protection } from './rules.ts';

export interface PersonInput {
  identityMode: 'anonymous' | 'pseudonymous' | 'identified';
  /** Already validated and normalised (twelve digits). */
  personnummer: { normalized: string; kind: string; birthDate: string } | null;
  name: string | null;
  pseudonym: string | null;
  birthDate: string | null;
  birthYear: number | null;
  gender: string;
  languages: string[];
  interpreterNeeded: boolean;
  citizenship: string | null;
  euCitizen: boolean | null;
  riskFactors: string[];
  protection: Protection;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * A new person, or the existing one with the same personnummer (their record is not overwritten).
 * Two registrations of the same new person at once must not collide on the unique personnummer: the
 * insert skips on conflict rather than fail, because a unique violation makes PostgreSQL log the
 * key — the personnummer — in its DETAIL line (and the request would answer 500).
 */
export async function createOrFindPerson(tx: Tx, p: PersonInput): Promise<{ id: string; existing: boolean }> {
  const findExisting = async () => {
    if (!p.personnummer) return undefined;
    const found = await tx.selectFrom('persons').select('id').where('personnummer', '=', p.personnummer.normalized).executeTakeFirst();
    return found && { id: found.id, existing: true };
  };
  const existing = await findExisting();
  if (existing) return existing;
  const row = await tx
    .insertInto('persons')
    .values({
      identity_mode: p.identityMode,
      personnummer: p.personnummer?.normalized ?? null,
      id_kind: p.personnummer?.kind ?? null,
      name: p.identityMode === 'identified' ? p.name : null,
      pseudonym: p.identityMode === 'pseudonymous' ? p.pseudonym : null,
      birth_date: p.personnummer?.birthDate ?? p.birthDate,
      birth_year: p.personnummer || p.birthDate ? null : p.birthYear,
      gender: p.gender,
      languages: p.languages,
      interpreter_needed: p.interpreterNeeded,
      citizenship: p.citizenship,
      eu_citizen: p.euCitizen,
      risk_factors: p.riskFactors,
      protection: p.protection,
      address: p.address,
      phone: p.phone,
      email: p.email,
    })
    .onConflict((oc) => oc.column('personnummer').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return { id: row.id, existing: false };
  // Registered by a concurrent request that committed meanwhile.
  const raced = await findExisting();
  if (!raced) throw new Error('person neither inserted nor found');
  return raced;
}

export interface ContactInput {
  channel: Channel;
  receivedOn: string;
  registeredBy: string;
  registeredUnitId: string | null;
  personId: string;
  personRole: PersonRole;
  ageGroup: AgeGroup;
  summary: string;
  statedConsent: boolean | null;
  exploitationTypes: string[];
  traffickingIndicators: string[];
}

export async function insertContact(tx: Tx, c: ContactInput): Promise<string> {
  const row = await tx
    .insertInto('contacts')
    .values({
      channel: c.channel,
      received_on: c.receivedOn,
      registered_by: c.registeredBy,
      registered_unit_id: c.registeredUnitId,
      person_id: c.personId,
      person_role: c.personRole,
      age_group: c.ageGroup,
      summary: c.summary,
      stated_consent: c.statedConsent,
      exploitation_types: c.exploitationTypes,
      trafficking_indicators: c.traffickingIndicators,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A contact the user registered, or one registered in a unit where they may register. */
export async function getContactForUser(db: Executor, id: string, userId: string, units: 'all' | string[]) {
  let q = db.selectFrom('contacts as c').selectAll('c').where('c.id', '=', id);
  q = q.where((eb) => {
    const mine = eb('c.registered_by', '=', userId);
    if (units === 'all') return eb.val(true);
    if (units.length === 0) return mine;
    return eb.or([mine, eb('c.registered_unit_id', 'in', units)]);
  });
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

/** Contacts registered but not yet a case (the age was not known): they wait for a caseworker's choice. */
export async function listPendingContacts(db: Executor, userId: string, units: 'all' | string[]) {
  let q = db
    .selectFrom('contacts as c')
    .leftJoin('cases as k', 'k.contact_id', 'c.id')
    .select(['c.id', 'c.channel', 'c.received_on', 'c.person_role', 'c.age_group', 'c.registered_at'])
    .where('k.id', 'is', null);
  if (units !== 'all') q = q.where((eb) => (units.length ? eb.or([eb('c.registered_by', '=', userId), eb('c.registered_unit_id', 'in', units)]) : eb('c.registered_by', '=', userId)));
  return q.orderBy('c.registered_at', 'desc').limit(200).execute();
}

/** The unit a routed case goes to: one of the user's own units of that kind if any, else the first active one. */
export async function unitForKind(db: Executor, kind: string, userUnitIds: string[]): Promise<{ id: string; name: string; kind: string }> {
  const row = await db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('kind', '=', kind)
    .where('active', '=', true)
    .orderBy(userUnitIds.length ? sql`(id = any(${sql.val(userUnitIds)}::uuid[]))` : sql`1`, 'desc')
    .orderBy('name')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'noUnitOfKind', { kind });
  return row;
}

export async function getUnit(db: Executor, id: string) {
  const row = await db.selectFrom('units').select(['id', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(400, 'unknownUnit');
  return row;
}

export interface PersonOut {
  id: string;
  identityMode: string;
  personnummer: string | null;
  idKind: string | null;
  name: string | null;
  pseudonym: string | null;
  birthDate: string | null;
  birthYear: number | null;
  gender: string;
  languages: string[];
  interpreterNeeded: boolean;
  citizenship: string | null;
  euCitizen: boolean | null;
  riskFactors: string[];
  protection: string;
  contactDetailsHidden: boolean;
  address: string | null;
  phone: string | null;
  email: string | null;
  version: number;
}

type PersonRow = {
  id: string;
  identity_mode: string;
  personnummer: string | null;
  id_kind: string | null;
  name: string | null;
  pseudonym: string | null;
  birth_date: string | null;
  birth_year: number | null;
  gender: string;
  languages: string[];
  interpreter_needed: boolean;
  citizenship: string | null;
  eu_citizen: boolean | null;
  risk_factors: string[];
  protection: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  version: number;
};

/** The person as the API shows it: with protected personal data, address and contact details stay hidden. */
export function toPersonOut(r: PersonRow, revealProtected = false): PersonOut {
  const hide = r.protection !== 'none' && !revealProtected;
  return {
    id: r.id,
    identityMode: r.identity_mode,
    personnummer: r.personnummer ? formatPersonnummer(r.personnummer) : null,
    idKind: r.id_kind,
    name: r.name,
    pseudonym: r.pseudonym,
    birthDate: r.birth_date,
    birthYear: r.birth_year,
    gender: r.gender,
    languages: r.languages,
    interpreterNeeded: r.interpreter_needed,
    citizenship: r.citizenship,
    euCitizen: r.eu_citizen,
    riskFactors: r.risk_factors,
    protection: r.protection,
    contactDetailsHidden: hide,
    address: hide ? null : r.address,
    phone: hide ? null : r.phone,
    email: hide ? null : r.email,
    version: r.version,
  };
}

/** A person the user may see: one with a case in a unit where the user has the permission. */
export async function getPersonScoped(db: Executor, id: string, units: 'all' | string[]): Promise<PersonRow> {
  let q = db.selectFrom('persons as p').selectAll('p').where('p.id', '=', id);
  if (units !== 'all') {
    if (units.length === 0) throw new AppError(404, 'notFound');
    q = q.where((eb) => eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.person_id', '=', 'p.id').where('k.unit_id', 'in', units)));
  }
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row as PersonRow;
}

export interface PersonPatch {
  name?: string | null;
  pseudonym?: string | null;
  gender?: string;
  languages?: string[];
  interpreterNeeded?: boolean;
  citizenship?: string | null;
  euCitizen?: boolean | null;
  riskFactors?: string[];
  protection?: Protection;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** Optimistic locking: a stale version changes nothing and answers 409. */
export async function updatePerson(tx: Tx, id: string, version: number, p: PersonPatch): Promise<void> {
  const r = await tx
    .updateTable('persons')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.pseudonym !== undefined && { pseudonym: p.pseudonym }),
      ...(p.gender !== undefined && { gender: p.gender }),
      ...(p.languages !== undefined && { languages: p.languages }),
      ...(p.interpreterNeeded !== undefined && { interpreter_needed: p.interpreterNeeded }),
      ...(p.citizenship !== undefined && { citizenship: p.citizenship }),
      ...(p.euCitizen !== undefined && { eu_citizen: p.euCitizen }),
      ...(p.riskFactors !== undefined && { risk_factors: p.riskFactors }),
      ...(p.protection !== undefined && { protection: p.protection }),
      ...(p.address !== undefined && { address: p.address }),
      ...(p.phone !== undefined && { phone: p.phone }),
      ...(p.email !== undefined && { email: p.email }),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError(409, 'conflict');
}

export async function listDrafts(db: Executor, userId: string) {
  return db.selectFrom('intake_drafts').select(['key', 'updated_at']).where('user_id', '=', userId).orderBy('updated_at', 'desc').execute();
}

export async function getDraft(db: Executor, userId: string, key: string) {
  const row = await db.selectFrom('intake_drafts').select(['key', 'data', 'updated_at']).where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

export async function saveDraft(db: Executor, userId: string, key: string, data: unknown) {
  return db
    .insertInto('intake_drafts')
    .values({ user_id: userId, key, data: JSON.stringify(data), updated_at: sql`now()` as unknown as Date })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ data: JSON.stringify(data), updated_at: sql`now()` as unknown as Date }))
    .returning(['key', 'updated_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteDraft(db: Executor, userId: string, key: string): Promise<boolean> {
  const r = await db.deleteFrom('intake_drafts').where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
