import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Db, Tx } from '../core/db/database.ts';
import { reviewDue, searchText } from './rules.ts';
import type { EntryIn, EntryOut, ManagedEntryOut, SearchQuery } from './schema.ts';

type Executor = Db | Tx;

/** An entry's columns as written, with the search texts composed by the rules. */
export function entryRow(e: EntryIn, ownerUnitId: string) {
  return {
    name: e.name,
    kind: e.kind,
    offer_sv: e.offerSv,
    offer_en: e.offerEn,
    target_groups: e.targetGroups,
    age_min: e.ageMin,
    age_max: e.ageMax,
    genders: e.genders,
    languages: e.languages,
    opening_hours: e.openingHours,
    phone: e.phone,
    email: e.email,
    web: e.web,
    address: e.address,
    anonymous_contact: e.anonymousContact,
    exclusion_criteria: e.exclusionCriteria,
    means_tested: e.meansTested,
    evidence_note: e.evidenceNote,
    visibility: e.visibility,
    owner_unit_id: ownerUnitId,
    ...(e.lastReviewedOn && { last_reviewed_on: e.lastReviewedOn }),
    search_text_sv: searchText(e, 'sv'),
    search_text_en: searchText(e, 'en'),
  };
}

export async function insertEntries(tx: Tx, rows: ReadonlyArray<ReturnType<typeof entryRow>>): Promise<string[]> {
  if (!rows.length) return [];
  return (await tx.insertInto('directory_entries').values([...rows]).returning('id').execute()).map((r) => r.id);
}

const ENTRY_COLUMNS = [
  'e.id',
  'e.name',
  'e.kind',
  'e.offer_sv as offerSv',
  'e.offer_en as offerEn',
  'e.target_groups as targetGroups',
  'e.age_min as ageMin',
  'e.age_max as ageMax',
  'e.genders',
  'e.languages',
  'e.opening_hours as openingHours',
  'e.phone',
  'e.email',
  'e.web',
  'e.address',
  'e.anonymous_contact as anonymousContact',
  'e.exclusion_criteria as exclusionCriteria',
  'e.means_tested as meansTested',
  'e.evidence_note as evidenceNote',
  'e.visibility',
  sql<string>`e.last_reviewed_on::text`.as('lastReviewedOn'),
  'u.name as ownerUnitName',
] as const;

function entries(db: Executor) {
  return db.selectFrom('directory_entries as e').innerJoin('units as u', 'u.id', 'e.owner_unit_id');
}


/**
 * Search: full text in the language asked for (Swedish or English stemming), ranked, and the
 * filters. The public sees public entries only; staff see internal ones too.
 */
export async function searchEntries(db: Executor, q: SearchQuery, audience: 'public' | 'staff', today: string): Promise<EntryOut[]> {
  let query = entries(db).where('e.active', '=', true);
  if (audience === 'public') query = query.where('e.visibility', '=', 'public');
  const config = q.lang === 'en' ? 'english' : 'swedish';
  const vector = q.lang === 'en' ? sql.ref('e.search_en') : sql.ref('e.search_sv');
  const tsquery = q.q ? sql`websearch_to_tsquery(${sql.lit(config)}::regconfig, ${q.q})` : null;
  if (tsquery) query = query.where(sql<boolean>`${vector} @@ ${tsquery}`);
  if (q.targetGroup) query = query.where(sql<boolean>`e.target_groups @> array[${q.targetGroup}]::text[]`);
  if (q.gender) query = query.where(sql<boolean>`e.genders @> array[${q.gender}]::text[]`);
  if (q.language) query = query.where(sql<boolean>`e.languages @> array[${q.language}]::text[]`);
  if (q.kind) query = query.where('e.kind', '=', q.kind);
  if (q.age !== undefined) query = query.where((eb) => eb.and([eb.or([eb('e.age_min', 'is', null), eb('e.age_min', '<=', q.age!)]), eb.or([eb('e.age_max', 'is', null), eb('e.age_max', '>=', q.age!)])]));
  if (q.anonymous) query = query.where('e.anonymous_contact', '=', true);
  if (q.noExclusions) query = query.where('e.exclusion_criteria', 'is', null);
  if (q.notMeansTested) query = query.where('e.means_tested', '=', false);
  const rows = await query
    .select(ENTRY_COLUMNS)
    .orderBy(tsquery ? sql`ts_rank(${vector}, ${tsquery}) desc` : sql`e.name`)
    .orderBy('e.name')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ ...r, reviewDue: reviewDue(r.lastReviewedOn, today) }));
}

/** Entries owned by the scope's units and not reviewed for twelve months: flagged to their owner. */
export async function entriesDueForReview(db: Executor, scope: UnitScope, today: string): Promise<EntryOut[]> {
  const rows = await entries(db)
    .where(inScope('e.owner_unit_id', scope))
    .where('e.active', '=', true)
    .where(sql<boolean>`e.last_reviewed_on + interval '12 months' <= ${today}::date`)
    .select(ENTRY_COLUMNS)
    .orderBy('e.last_reviewed_on')
    .execute();
  return rows.map((r) => ({ ...r, reviewDue: true }));
}

/** An entry its owner (a unit in the scope) may change: locked. */
export async function ownedEntryForWrite(tx: Tx, scope: UnitScope, id: string) {
  return tx.selectFrom('directory_entries as e').select(['e.id', 'e.owner_unit_id']).where('e.id', '=', id).where(inScope('e.owner_unit_id', scope)).forUpdate().executeTakeFirst();
}

export async function allEntries(db: Executor, today: string): Promise<EntryOut[]> {
  const rows = await entries(db).where('e.active', '=', true).select(ENTRY_COLUMNS).orderBy('e.name').execute();
  return rows.map((r) => ({ ...r, reviewDue: reviewDue(r.lastReviewedOn, today) }));
}

export async function entryByWellKnown(db: Executor, key: string) {
  return db.selectFrom('directory_entries').select(['id', 'name']).where('well_known', '=', key).executeTakeFirst();
}

/** The entries the scope's units own, deactivated ones too (the owner's list to edit), or one of them. */
export async function managedEntries(db: Executor, scope: UnitScope, today: string, id?: string): Promise<ManagedEntryOut[]> {
  let q = entries(db).where(inScope('e.owner_unit_id', scope));
  if (id) q = q.where('e.id', '=', id);
  const rows = await q.select([...ENTRY_COLUMNS, 'e.owner_unit_id as ownerUnitId', 'e.active']).orderBy('e.active', 'desc').orderBy('e.name').execute();
  return rows.map((r) => ({ ...r, reviewDue: r.active && reviewDue(r.lastReviewedOn, today) }));
}
