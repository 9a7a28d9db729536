import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { UnitScope } from '../core/access/scope.ts';
import type { MergeFields } from './rules.ts';
import { PERSON_COLUMNS, personsInScope } from './store.ts';
import type { PersonRecord } from './schema.ts';

/** Rows of one table that moved from the merged record to the survivor, by primary key. */
export interface MovedRows {
  table: string;
  column: string;
  key: string;
  ids: string[];
}

interface Reference {
  table: string;
  column: string;
  /** The primary key's column, or null when it has none or several (such a table cannot move rows). */
  key: string | null;
}

/**
 * Every column that refers to a person, found in the catalogue: cases, contacts, consents, plans
 * and whatever a later capability adds follow the survivor without persons knowing them (persons
 * imports no capability). The persons table itself (merged_into), the merges and the merge
 * requests (which name the two records as they were asked about) are not moved.
 */
async function personReferences(tx: Tx): Promise<Reference[]> {
  const { rows } = await sql<Reference>`
    select c.conrelid::regclass::text as "table", a.attname as "column",
      (select case when count(*) = 1 then min(pa.attname) end
         from pg_constraint pk join pg_attribute pa on pa.attrelid = pk.conrelid and pa.attnum = any(pk.conkey)
        where pk.conrelid = c.conrelid and pk.contype = 'p') as "key"
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'persons'::regclass and array_length(c.conkey, 1) = 1
       and c.conrelid not in ('persons'::regclass, 'person_merges'::regclass, 'person_merge_requests'::regclass)
     order by 1, 2`.execute(tx);
  return rows;
}

/** What would move from one record to another: rows per table (only tables with rows). */
export async function countReferences(tx: Tx, personId: string): Promise<Array<{ table: string; count: number }>> {
  const out: Array<{ table: string; count: number }> = [];
  for (const r of await personReferences(tx)) {
    // scope: the rows of a person the caller loaded through personsInScope (the merge preview)
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(r.table)} where ${sql.ref(r.column)} = ${personId}`.execute(tx);
    const n = Number(rows[0]!.n);
    if (n > 0) out.push({ table: r.table, count: n });
  }
  return out;
}

/**
 * What follows the person's cases without moving (it stays on the case, which moves): journal
 * entries, answers, decisions and the rest, per table (only tables with rows). Found in the
 * catalogue like the person's own references; a table that also refers to the person directly is
 * counted among those (countReferences), not twice.
 */
export async function countFollowingCases(tx: Tx, personId: string): Promise<Array<{ table: string; count: number }>> {
  const { rows: refs } = await sql<{ table: string; column: string }>`
    select c.conrelid::regclass::text as "table", a.attname as "column"
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'cases'::regclass and array_length(c.conkey, 1) = 1
       and c.conrelid <> 'cases'::regclass
       and not exists (select 1 from pg_constraint p where p.conrelid = c.conrelid and p.contype = 'f' and p.confrelid = 'persons'::regclass)
     order by 1, 2`.execute(tx);
  const out: Array<{ table: string; count: number }> = [];
  for (const r of refs) {
    // scope: the rows of the cases of a person the caller loaded through personsInScope (the merge preview)
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(r.table)} where ${sql.ref(r.column)} in (select id from cases where person_id = ${personId})`.execute(tx);
    const n = Number(rows[0]!.n);
    if (n > 0) out.push({ table: r.table, count: n });
  }
  return out;
}

/** Moves every row referring to `from` to `to`; what moved, for the undo. A unique clash refuses the merge (409). */
export async function moveReferences(tx: Tx, from: string, to: string): Promise<MovedRows[]> {
  const moved: MovedRows[] = [];
  for (const r of await personReferences(tx)) {
    if (!r.key) {
      // scope: the rows of a person the caller loaded through personsInScope
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(r.table)} where ${sql.ref(r.column)} = ${from}`.execute(tx);
      if (Number(rows[0]!.n) > 0) throw new AppError(409, 'mergeConflict');
      continue;
    }
    try {
      // scope: the rows of a person the caller loaded through personsInScope
      const { rows } = await sql<{ id: string }>`update ${sql.table(r.table)} set ${sql.ref(r.column)} = ${to} where ${sql.ref(r.column)} = ${from} returning ${sql.ref(r.key)}::text as id`.execute(tx);
      if (rows.length > 0) moved.push({ table: r.table, column: r.column, key: r.key, ids: rows.map((x) => x.id) });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new AppError(409, 'mergeConflict');
      throw e;
    }
  }
  return moved;
}

/** Moves the rows of a merge back to the record they came from (those still on the survivor). */
export async function moveBack(tx: Tx, moved: readonly MovedRows[], survivorId: string, mergedId: string): Promise<number> {
  let n = 0;
  for (const m of moved) {
    // scope: the rows a merge of persons in the caller's scope moved, by primary key
    const r = await sql`update ${sql.table(m.table)} set ${sql.ref(m.column)} = ${mergedId} where ${sql.ref(m.key)}::text = any(${sql.val(m.ids)}::text[]) and ${sql.ref(m.column)} = ${survivorId}`.execute(tx);
    n += Number(r.numAffectedRows ?? 0);
  }
  return n;
}

/** A person in the scope with whether they were merged into another, locked for the merge. */
export async function personForMerge(tx: Tx, scope: UnitScope, id: string): Promise<PersonRecord & { mergedInto: string | null }> {
  const row = await personsInScope(tx, scope).select([...PERSON_COLUMNS, 'p.merged_into as mergedInto']).where('p.id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

export function mergeFieldsOf(p: PersonRecord): MergeFields {
  return {
    identityMode: p.identityMode as MergeFields['identityMode'],
    personnummer: p.personnummer,
    idKind: p.idKind,
    name: p.name,
    pseudonym: p.pseudonym,
    birthDate: p.birthDate,
    birthYear: p.birthYear,
    gender: p.gender,
    languages: p.languages,
    interpreterNeeded: p.interpreterNeeded,
    citizenship: p.citizenship,
    euCitizen: p.euCitizen,
    riskFactors: p.riskFactors,
    residenceStatus: p.residenceStatus,
    districtId: p.districtId,
    protection: p.protection,
    address: p.address,
    phone: p.phone,
    email: p.email,
  };
}

/** Writes a person's fields (a merge or its undo); the version goes up. */
export async function writeMergeFields(tx: Tx, id: string, f: MergeFields, mergedInto: string | null): Promise<void> {
  // scope: by the id of a person the caller loaded through personsInScope (personForMerge)
  await tx
    .updateTable('persons')
    .set({
      identity_mode: f.identityMode,
      personnummer: f.personnummer,
      id_kind: f.idKind,
      name: f.name,
      pseudonym: f.pseudonym,
      birth_date: f.birthDate,
      birth_year: f.birthYear,
      gender: f.gender,
      languages: f.languages,
      interpreter_needed: f.interpreterNeeded,
      citizenship: f.citizenship,
      eu_citizen: f.euCitizen,
      risk_factors: f.riskFactors,
      residence_status: f.residenceStatus,
      district_id: f.districtId,
      protection: f.protection,
      address: f.address,
      phone: f.phone,
      email: f.email,
      merged_into: mergedInto,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}
