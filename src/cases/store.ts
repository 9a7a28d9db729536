import { sql } from 'kysely';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { toPersonOut } from '../intake/store.ts';
import { cutoffFor } from '../core/retention/framework.ts';
import type { CaseStatus } from './rules.ts';

export type Units = 'all' | string[];

/** The SQL condition "the case is in one of the user's units" — every case read goes through it. */
function inUnits(units: Units) {
  if (units === 'all') return sql<boolean>`true`;
  if (units.length === 0) return sql<boolean>`false`;
  // One unit (the usual case) as an equality, so the planner can walk (unit_id, opened_at) in order.
  if (units.length === 1) return sql<boolean>`k.unit_id = ${units[0]}`;
  return sql<boolean>`k.unit_id = any(${sql.val(units)}::uuid[])`;
}

export interface NewCase {
  contactId: string;
  personId: string;
  unitId: string;
  personRole: string;
  ageGroup: string;
  victim: boolean;
  exploitationTypes: string[];
  traffickingIndicators: string[];
  barnahus: 'not_applicable' | 'offered';
  regionalReferral: 'none' | 'proposed';
  assessmentDue: string | null;
  openedBy: string;
  /** The opener when they work in the case's unit; a case routed elsewhere waits for that unit to take it. */
  assignedTo: string | null;
}

export async function insertCase(tx: Tx, c: NewCase): Promise<string> {
  const row = await tx
    .insertInto('cases')
    .values({
      contact_id: c.contactId,
      person_id: c.personId,
      unit_id: c.unitId,
      person_role: c.personRole,
      age_group: c.ageGroup,
      victim: c.victim,
      exploitation_types: c.exploitationTypes,
      trafficking_indicators: c.traffickingIndicators,
      barnahus: c.barnahus,
      regional_referral: c.regionalReferral,
      assessment_due: c.assessmentDue,
      opened_by: c.openedBy,
      assigned_to: c.assignedTo,
      regional_basis: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: { code?: string; constraint?: string }) => {
      if (err.code === '23505') throw new AppError(409, 'caseAlreadyOpened');
      throw err;
    });
  await tx.insertInto('case_steps').values({ case_id: row.id, status: 'opened', by_user: c.openedBy, note: null }).execute();
  return row.id;
}

/**
 * The case page in one statement: the case, its person, contact, steps, the latest 200 journal
 * entries, decisions and answers — scoped to the user's units in the WHERE clause.
 */
export function casePageQuery(id: string, units: Units) {
  return sql<CasePageRow>`
    select k.id, k.person_id, k.status, k.person_role, k.age_group, k.victim, k.exploitation_types, k.trafficking_indicators,
      k.barnahus, k.regional_referral, k.regional_basis, k.assessment_due, k.assigned_to, k.opened_at, k.closed_at,
      k.version, k.unit_id, un.name as unit_name, un.kind as unit_kind, au.display_name as assigned_name,
      row_to_json(p) as person,
      json_build_object('channel', c.channel, 'receivedOn', c.received_on, 'summary', c.summary) as contact,
      coalesce((select json_agg(json_build_object('status', s.status, 'at', s.at, 'by', su.display_name, 'note', s.note) order by s.at, s.id)
        from case_steps s left join users su on su.id = s.by_user where s.case_id = k.id), '[]') as steps,
      coalesce((select json_agg(j order by j."writtenAt" desc) from (
        select e.id, e.entry_date as "entryDate", e.text, e.author_id as "authorId", eu.display_name as "author",
          e.written_at as "writtenAt", e.signed_at as "signedAt", e.corrects_id as "correctsId"
        from journal_entries e join users eu on eu.id = e.author_id
        where e.case_id = k.id order by e.written_at desc limit 200) j), '[]') as journal,
      (select count(*)::int from journal_entries e where e.case_id = k.id) as journal_count,
      coalesce((select json_agg(json_build_object('id', d.id, 'supportType', d.support_type, 'outcome', d.outcome,
          'refusalGround', d.refusal_ground, 'reasoning', d.reasoning, 'decidedBy', du.display_name, 'decidedAt', d.decided_at) order by d.decided_at)
        from decisions d join users du on du.id = d.decided_by where d.case_id = k.id), '[]') as decisions,
      coalesce((select json_agg(json_build_object('id', a.id, 'setKey', a.set_key, 'setVersion', a.set_version, 'answers', a.answers,
          'askedAt', a.asked_at, 'askedBy', qu.display_name) order by a.asked_at)
        from question_answers a join users qu on qu.id = a.asked_by where a.case_id = k.id), '[]') as answers
    from cases k
    join units un on un.id = k.unit_id
    join persons p on p.id = k.person_id
    join contacts c on c.id = k.contact_id
    left join users au on au.id = k.assigned_to
    where k.id = ${id} and ${inUnits(units)}`;
}

export interface CasePageRow {
  id: string;
  person_id: string;
  status: CaseStatus;
  person_role: string;
  age_group: string;
  victim: boolean;
  exploitation_types: string[];
  trafficking_indicators: string[];
  barnahus: string;
  regional_referral: string;
  regional_basis: unknown;
  assessment_due: string | null;
  assigned_to: string | null;
  opened_at: Date;
  closed_at: Date | null;
  version: number;
  unit_id: string;
  unit_name: string;
  unit_kind: string;
  assigned_name: string | null;
  person: Parameters<typeof toPersonOut>[0];
  contact: { channel: string; receivedOn: string; summary: string };
  steps: Array<{ status: string; at: string; by: string | null; note: string | null }>;
  journal: Array<{ id: string; entryDate: string; text: string; authorId: string; author: string; writtenAt: string; signedAt: string | null; correctsId: string | null }>;
  journal_count: number;
  decisions: Array<{ id: string; supportType: string; outcome: string; refusalGround: string | null; reasoning: string; decidedBy: string; decidedAt: string }>;
  answers: Array<{ id: string; setKey: string; setVersion: number; answers: Record<string, string>; askedAt: string; askedBy: string }>;
}

/** The bare case (scoped), for writes. Locks the row so concurrent writers queue. */
export async function getCaseForWrite(tx: Tx, id: string, units: Units) {
  const row = await tx
    .selectFrom('cases as k')
    .select(['k.id', 'k.status', 'k.person_id', 'k.unit_id', 'k.version', 'k.trafficking_indicators', 'k.barnahus', 'k.regional_referral', 'k.age_group', 'k.person_role'])
    .where('k.id', '=', id)
    .where(inUnits(units))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row as typeof row & { status: CaseStatus };
}

/** Optimistic locking: the update applies only at the version the caller read; else 409 and nothing changes. */
export async function updateCaseVersioned(tx: Tx, id: string, version: number, set: Record<string, unknown>): Promise<number> {
  const row = await tx
    .updateTable('cases')
    .set({ ...set, version: sql`version + 1`, last_activity_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'conflict');
  return row.version;
}

export async function touchCase(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('cases').set({ last_activity_at: sql`now()` as unknown as Date }).where('id', '=', id).execute();
}

export async function addStep(tx: Tx, caseId: string, status: CaseStatus, userId: string, note: string | null): Promise<void> {
  await tx.insertInto('case_steps').values({ case_id: caseId, status, by_user: userId, note }).execute();
}

export interface CaseListFilter {
  scope: 'mine' | 'unit';
  view: 'all' | 'awaiting_assessment' | 'overdue';
  population: 'victims' | 'buyers';
  status?: CaseStatus;
  ageGroup?: string;
  exploitationType?: string;
  unitId?: string;
  /** Name or pseudonym (part of it), or a full personnummer as twelve digits. */
  query?: string;
  limit: number;
  offset: number;
}

/** Case lists, scoped to the user's units in SQL; buyers' and victims' cases are never in one list. */
export function caseListQuery(db: Executor, userId: string, units: Units, f: CaseListFilter) {
  let q = db
    .selectFrom('cases as k')
    .innerJoin('units as un', 'un.id', 'k.unit_id')
    .innerJoin('persons as p', 'p.id', 'k.person_id')
    .leftJoin('users as au', 'au.id', 'k.assigned_to')
    .select([
      'k.id',
      'k.status',
      'k.person_role',
      'k.age_group',
      'k.victim',
      'k.exploitation_types',
      'k.opened_at',
      'k.assessment_due',
      'k.version',
      'un.name as unit_name',
      'au.display_name as assigned_name',
      'p.identity_mode',
      'p.name',
      'p.pseudonym',
      sql<boolean>`(k.assessment_due is not null and k.status in ('opened', 'initial_assessment') and k.assessment_due < current_date)`.as('overdue'),
    ])
    .where(inUnits(units))
    .where('k.person_role', f.population === 'buyers' ? '=' : '<>', 'buys');
  if (f.scope === 'mine') q = q.where('k.assigned_to', '=', userId);
  if (f.view === 'awaiting_assessment') q = q.where('k.status', 'in', ['opened', 'initial_assessment']);
  if (f.view === 'overdue') q = q.where('k.status', 'in', ['opened', 'initial_assessment']).where('k.assessment_due', '<', sql<string>`current_date`);
  if (f.status) q = q.where('k.status', '=', f.status);
  if (f.ageGroup) q = q.where('k.age_group', '=', f.ageGroup);
  if (f.exploitationType) q = q.where(sql<boolean>`${f.exploitationType} = any(k.exploitation_types)`);
  if (f.unitId) q = q.where('k.unit_id', '=', f.unitId);
  if (f.query) {
    const like = `%${f.query.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const digits = f.query.replace(/\D/g, '');
    q = q.where((eb) => eb.or([eb('p.name', 'ilike', like), eb('p.pseudonym', 'ilike', like), ...(digits.length === 12 ? [eb('p.personnummer', '=', digits)] : [])]));
  }
  return q.orderBy('k.opened_at', 'desc').orderBy('k.id').limit(f.limit).offset(f.offset);
}

export async function insertJournal(tx: Tx, e: { caseId: string; entryDate: string; text: string; authorId: string; correctsId: string | null }) {
  if (e.correctsId) {
    const target = await tx.selectFrom('journal_entries').select(['id', 'signed_at']).where('id', '=', e.correctsId).where('case_id', '=', e.caseId).executeTakeFirst();
    if (!target) throw new AppError(400, 'correctsUnknownEntry');
    if (!target.signed_at) throw new AppError(400, 'correctOnlySigned');
  }
  return tx
    .insertInto('journal_entries')
    .values({ case_id: e.caseId, entry_date: e.entryDate, text: e.text, author_id: e.authorId, corrects_id: e.correctsId })
    .returning(['id', 'written_at'])
    .executeTakeFirstOrThrow();
}

export async function getJournalEntry(tx: Tx, caseId: string, entryId: string) {
  const row = await tx
    .selectFrom('journal_entries')
    .select(['id', 'author_id', 'signed_at'])
    .where('id', '=', entryId)
    .where('case_id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

export async function insertDecision(
  tx: Tx,
  d: { caseId: string; supportType: string; outcome: string; refusalGround: string | null; reasoning: string; decidedBy: string },
) {
  return tx
    .insertInto('decisions')
    .values({ case_id: d.caseId, support_type: d.supportType, outcome: d.outcome, refusal_ground: d.refusalGround, reasoning: d.reasoning, decided_by: d.decidedBy })
    .returning(['id', 'decided_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Gallring of closed cases: every closed case whose last activity lies before the cutoff goes,
 * with its journal, decisions, answers and steps (cascade), then its contact, then persons
 * left with no case and no contact.
 */
export async function purgeClosedCases(tx: Tx, now: Date, keepDays: number): Promise<number> {
  const cutoff = cutoffFor(now, keepDays);
  const gone = await tx.deleteFrom('cases').where('status', '=', 'closed').where('last_activity_at', '<', cutoff).returning(['contact_id', 'person_id']).execute();
  if (gone.length > 0) await tx.deleteFrom('contacts').where('id', 'in', gone.map((g) => g.contact_id)).execute();
  // Contacts never opened as a case (age not known, never routed) go after the same period.
  const unopened = await tx
    .deleteFrom('contacts as c')
    .where('c.registered_at', '<', cutoff)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.contact_id', '=', 'c.id'))))
    .returning('c.person_id')
    .execute();
  if (gone.length === 0 && unopened.length === 0) return 0;
  const persons = [...new Set([...gone.map((g) => g.person_id), ...unopened.map((u) => u.person_id)])];
  await tx
    .deleteFrom('persons as p')
    .where('p.id', 'in', persons)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.person_id', '=', 'p.id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('contacts as c').select('c.id').whereRef('c.person_id', '=', 'p.id'))))
    .execute();
  return gone.length + unopened.length;
}
