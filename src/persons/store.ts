import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { Personnummer } from './personnummer.ts';
import { PROTECTION_LEVELS, type Protection } from './rules.ts';
import type { PersonIn, PersonPatch, PersonRecord } from './schema.ts';

/** A person's columns under the contract's names (`PersonRecord`); alias `p`. */
export const PERSON_COLUMNS = [
  'p.id',
  'p.identity_mode as identityMode',
  'p.personnummer',
  'p.id_kind as idKind',
  'p.name',
  'p.pseudonym',
  'p.birth_date as birthDate',
  'p.birth_year as birthYear',
  'p.gender',
  'p.languages',
  'p.interpreter_needed as interpreterNeeded',
  'p.citizenship',
  'p.eu_citizen as euCitizen',
  'p.risk_factors as riskFactors',
  'p.residence_status as residenceStatus',
  'p.district_id as districtId',
  'p.protection',
  'p.address',
  'p.phone',
  'p.email',
  'p.version',
] as const;

/**
 * Every person query starts here: the persons the scope may see, those with a case in one of its
 * units. (Persons read the cases table here by name; they import nothing of the cases capability.)
 * An organisation-wide scope sees every person, also one whose contact has no case yet.
 */
export function personsInScope(db: Executor, scope: UnitScope) {
  const persons = db.selectFrom('persons as p'); // scope: the base itself, narrowed below unless organisation-wide
  if (scope.units === 'all') return persons;
  return persons.where((eb) => eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.person_id', '=', 'p.id').where(inScope('k.unit_id', scope))));
}

/** A person in the scope (404 outside it), as stored: `personShown` (rules.ts) makes what staff see. */
export async function getPerson(db: Executor, scope: UnitScope, id: string): Promise<PersonRecord> {
  const row = await personsInScope(db, scope).select(PERSON_COLUMNS).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

/** Whether the scope holds the person (a case in one of its units). */
export async function personInScope(db: Executor, scope: UnitScope, id: string): Promise<boolean> {
  return !!(await personsInScope(db, scope).select('p.id').where('p.id', '=', id).executeTakeFirst());
}

/** A new person as registered: the personnummer already validated and normalised (twelve digits). */
export type NewPerson = Omit<PersonIn, 'personnummer'> & { personnummer: Personnummer | null };

/**
 * A new person, or the existing one with the same personnummer (their record is not overwritten).
 * The match is across all units on purpose: one person has one record. What the caller may then do
 * with a match is the caller's rule: intake attaches a contact only to a person within the
 * caller's units and otherwise refuses without the id (see registerContact in intake/routes.ts).
 * Two registrations of the same new person at once must not collide on the unique personnummer:
 * the insert skips on conflict rather than fail, because a unique violation makes PostgreSQL log
 * the key — the personnummer — in its DETAIL line (and the request would answer 500).
 */
export async function createOrFindPerson(tx: Tx, p: NewPerson): Promise<{ id: string; existing: boolean }> {
  const findExisting = async () => {
    if (!p.personnummer) return undefined;
    // scope: one person, one record — the match by personnummer looks across units on purpose;
    // the caller learns only the id, and the audit entry records the match
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
      residence_status: p.residenceStatus,
      district_id: p.districtId,
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

/**
 * Raises a person's protection to the level given when that is stricter (the stricter one wins when
 * intake meets an existing person); never lowers it. Whether it changed.
 */
export async function raiseProtection(tx: Tx, id: string, protection: Protection): Promise<boolean> {
  const levels = sql.val([...PROTECTION_LEVELS]);
  // scope: by the id of a person intake matched and found within the caller's units
  const r = await tx
    .updateTable('persons')
    .set({ protection, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where(sql<boolean>`array_position(${levels}::text[], protection) < array_position(${levels}::text[], ${protection}::text)`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Optimistic locking: a stale version changes nothing and answers 409. */
export async function updatePerson(tx: Tx, id: string, version: number, p: Omit<PersonPatch, 'version'>): Promise<void> {
  // scope: by the id of a person the caller loaded through personsInScope
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
      ...(p.residenceStatus !== undefined && { residence_status: p.residenceStatus }),
      ...(p.districtId !== undefined && { district_id: p.districtId }),
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

/**
 * The open cases of a person (in any unit) as the self-harm check needs them: age group, role and
 * exploitation types. Read by name like personsInScope; nothing of it is shown to the caller.
 */
export async function openCasesForSafetyCheck(db: Executor, personId: string) {
  // scope: a safety check on a person the caller loaded through personsInScope; only a refusal code leaves it
  return db.selectFrom('cases').select(['age_group as ageGroup', 'person_role as personRole', 'exploitation_types as exploitationTypes']).where('person_id', '=', personId).where('status', '<>', 'closed').execute();
}
