import { sql } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { ROLES, roleHas } from '../core/access/policy.ts';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { prepared } from '../core/audit-log/prepared.ts';
import { cutoffFor, type PurgeResult } from '../core/retention-framework/framework.ts';
import { DEFAULT_PRESERVATION, type Preservation } from '../core/retention-framework/preservation.ts';
import { PERSON_COLUMNS } from '../persons/store.ts';
import type { AgeBand } from '../core/age-band.ts';
import type { CaseStatus } from './rules.ts';
import type { CaseListFilter, CaseOut, JournalCursor, JournalEntryOut } from './schema.ts';
import { stockholmTodaySql } from '../core/db/stockholm-today.ts';

/** Every case query starts here: the cases in the scope's units. */
export function casesInScope(db: Executor, scope: UnitScope) {
  return db.selectFrom('cases as k').where(inScope('k.unit_id', scope));
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
  /** A report of concern about a child (the protection assessment is due the day it came). */
  concernReport?: boolean;
  openedBy: string;
  /** The opener when they work in the case's unit; a case routed elsewhere waits for that unit to take it. */
  assignedTo: string | null;
  /** The person's facts as they were when the case opened, kept for the statistics (0116). */
  opening?: OpeningSnapshot;
}

/** What the statistics count a case by, as it was at its opening (not the person's current values). */
export interface OpeningSnapshot {
  ageBand: AgeBand;
  gender: string;
  riskFactors: string[];
  citizenship: string | null;
  channel: string;
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
      concern_report: c.concernReport ?? false,
      opened_by: c.openedBy,
      assigned_to: c.assignedTo,
      regional_basis: null,
      ...(c.opening && {
        opening_age_band: c.opening.ageBand,
        opening_gender: c.opening.gender,
        opening_risk_factors: c.opening.riskFactors,
        opening_citizenship: c.opening.citizenship,
        opening_channel: c.opening.channel,
      }),
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

/** Journal entries the case page shows at once; older ones come a page at a time (journalPageQuery). */
export const CASE_PAGE_JOURNAL = 20;

/** One journal entry under the contract's names (JournalEntryOut), from `journal_entries e join users eu`. */
const JOURNAL_COLUMNS = sql.raw(`e.id, e.entry_date as "entryDate", e.text, e.author_id as "authorId", eu.display_name as "author",
  e.written_at as "writtenAt", e.signed_at as "signedAt", e.corrects_id as "correctsId"`);

/**
 * The case page in one statement: the case, its person, contact, steps, the latest 20 journal
 * entries, decisions and answers, under the contract's names. `person_id` is for the audit entry
 * only (the answer's schema leaves it out); `allowedNext` and the hiding of protected contact
 * details are derived by the route (rules.ts).
 */
export function casePageQuery(db: Executor, scope: UnitScope, id: string) {
  return casesInScope(db, scope)
    .innerJoin('units as un', 'un.id', 'k.unit_id')
    .innerJoin('contacts as c', 'c.id', 'k.contact_id')
    .leftJoin('users as au', 'au.id', 'k.assigned_to')
    .select((eb) => [
      'k.id',
      'k.number',
      'k.person_id',
      'k.unit_id as unitId',
      'un.name as unitName',
      'un.kind as unitKind',
      eb.ref('k.status').$castTo<CaseStatus>().as('status'),
      'k.person_role as personRole',
      'k.age_group as ageGroup',
      'k.victim',
      'k.exploitation_types as exploitationTypes',
      'k.trafficking_indicators as traffickingIndicators',
      'k.barnahus',
      sql<CaseOut['barnahusReferral']>`json_build_object('on', k.barnahus_referred_on, 'note', k.barnahus_referral_note)`.as('barnahusReferral'),
      'k.regional_referral as regionalReferral',
      'k.assessment_due as assessmentDue',
      'k.assigned_to as assignedTo',
      'au.display_name as assignedName',
      'k.opened_at as openedAt',
      'k.closed_at as closedAt',
      'k.version',
      // scope: the person of a case this query found through casesInScope
      jsonObjectFrom(eb.selectFrom('persons as p').select(PERSON_COLUMNS).whereRef('p.id', '=', 'k.person_id')).$notNull().as('person'),
      sql<CaseOut['contact']>`json_build_object('channel', c.channel, 'receivedOn', c.received_on, 'summary', c.summary)`.as('contact'),
      sql<CaseOut['steps']>`coalesce((select json_agg(json_build_object('status', s.status, 'at', s.at, 'by', su.display_name, 'note', s.note) order by s.at, s.id)
        from case_steps s left join users su on su.id = s.by_user where s.case_id = k.id), '[]')`.as('steps'),
      sql<CaseOut['journal']>`coalesce((select json_agg(j order by j."writtenAt" desc, j.id desc) from (
        select ${JOURNAL_COLUMNS} from journal_entries e join users eu on eu.id = e.author_id
        where e.case_id = k.id order by e.written_at desc, e.id desc limit ${sql.lit(CASE_PAGE_JOURNAL)}) j), '[]')`.as('journal'),
      sql<number>`(select count(*)::int from journal_entries e where e.case_id = k.id)`.as('journalCount'),
      sql<CaseOut['decisions']>`coalesce((select json_agg(json_build_object('id', d.id, 'supportType', d.support_type, 'outcome', d.outcome,
          'refusalGround', d.refusal_ground, 'incomeSources', d.income_sources, 'conditions', d.conditions, 'reasoning', d.reasoning,
          'decidedBy', du.display_name, 'decidedAt', d.decided_at, 'startsOn', d.starts_on, 'endsOn', d.ends_on, 'endedOn', d.ended_on,
          'endReason', d.end_reason, 'endNote', d.end_note, 'warningsAcknowledged', d.warnings_acknowledged) order by d.decided_at)
        from decisions d join users du on du.id = d.decided_by where d.case_id = k.id), '[]')`.as('decisions'),
      sql<CaseOut['answers']>`coalesce((select json_agg(json_build_object('id', a.id, 'setKey', a.set_key, 'setVersion', a.set_version, 'answers', a.answers,
          'followUps', a.follow_ups, 'countsAsAsked', a.counts_as_asked, 'askedAt', a.asked_at, 'askedBy', qu.display_name) order by a.asked_at)
        from question_answers a join users qu on qu.id = a.asked_by where a.case_id = k.id), '[]')`.as('answers'),
    ])
    .where('k.id', '=', id);
}

const casePage = prepared((db, slots: { id: string; units: readonly string[] }, fixed: { every: boolean }) =>
  casePageQuery(db, { permission: 'cases.read', units: fixed.every ? 'all' : slots.units }, slots.id),
);

/**
 * casePageQuery compiled, as `casePageQuery(db, scope, id).compile()` returns it — but built once
 * per shape of scope (every unit, one, several) and then only given its parameters: building and
 * compiling the large select was an eighth of the case page's CPU time (the profile in bench/).
 */
export function compiledCasePage(db: Executor, scope: UnitScope, id: string) {
  return scope.units === 'all' ? casePage(db, { id, units: [] }, { every: true }) : casePage(db, { id, units: scope.units }, { every: false });
}

/**
 * A page of a case's journal, newest first, in one statement that yields one row (or none outside
 * the scope) so that it can be read and audited together (auditedRead): the case's id and person,
 * and the entries written before the cursor (keyset: written_at, id — the order of
 * journal_case_written_idx), at most `limit` of them plus one that tells whether there are more.
 * Without a limit, every entry (the printable journal).
 */
export function journalPageQuery(db: Executor, scope: UnitScope, id: string, page: { before?: JournalCursor; limit: number | null }) {
  const before = page.before ? sql`and (e.written_at, e.id) < (${page.before.writtenAt}::timestamptz, ${page.before.id}::uuid)` : sql``;
  const limit = page.limit === null ? sql`` : sql`limit ${page.limit + 1}`;
  return casesInScope(db, scope)
    .select([
      'k.id',
      'k.person_id',
      sql<JournalEntryOut[]>`coalesce((select json_agg(j order by j."writtenAt" desc, j.id desc) from (
        select ${JOURNAL_COLUMNS} from journal_entries e join users eu on eu.id = e.author_id
        where e.case_id = k.id ${before} order by e.written_at desc, e.id desc ${limit}) j), '[]')`.as('entries'),
    ])
    .where('k.id', '=', id);
}

/** The bare case in the scope (404 outside it), for writes. Locks the row so concurrent writers queue. */
export async function getCaseForWrite(tx: Tx, scope: UnitScope, id: string) {
  const row = await casesInScope(tx, scope)
    .select(['k.id', 'k.status', 'k.person_id', 'k.unit_id', 'k.version', 'k.trafficking_indicators', 'k.barnahus', 'k.regional_referral', 'k.age_group', 'k.person_role'])
    .where('k.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row as typeof row & { status: CaseStatus };
}

/** The staff a case in the unit can be assigned to: active users with a role there that may write in cases. */
export async function assigneesIn(db: Executor, unitId: string): Promise<Array<{ id: string; name: string }>> {
  const writers = ROLES.filter((r) => roleHas(r, 'cases.write'));
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .where('r.unit_id', '=', unitId)
    .where('r.role', 'in', writers)
    .where('u.active', '=', true)
    .select(['u.id', 'u.display_name as name'])
    .distinct()
    .orderBy('u.display_name')
    .execute();
}

/** Whether the user may be assigned a case in the unit (one of assigneesIn). */
export async function worksInUnit(db: Executor, userId: string, unitId: string): Promise<boolean> {
  return (await assigneesIn(db, unitId)).some((u) => u.id === userId);
}

/**
 * A case's last activity, moved to this transaction's time and never back. now() is when the
 * transaction began, and two writes to one case can commit in the other order: the one that began
 * first would otherwise set a time earlier than the entry the other had written. The row's value
 * is the latest committed one (an UPDATE waits for the other writer's lock and reads its row).
 */
export const lastActivityNow = sql<Date>`greatest(last_activity_at, now())`;

/** Optimistic locking: the update applies only at the version the caller read; else 409 and nothing changes. */
export async function updateCaseVersioned(tx: Tx, id: string, version: number, set: Record<string, unknown>): Promise<number> {
  // scope: by the id of a case the caller loaded through casesInScope (getCaseForWrite)
  const row = await tx
    .updateTable('cases')
    .set({ ...set, version: sql`version + 1`, last_activity_at: lastActivityNow } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'conflict');
  return row.version;
}

export async function touchCase(tx: Tx, id: string): Promise<void> {
  // scope: by the id of a case the caller loaded through casesInScope (getCaseForWrite)
  await tx.updateTable('cases').set({ last_activity_at: lastActivityNow }).where('id', '=', id).execute();
}

export async function addStep(tx: Tx, caseId: string, status: CaseStatus, userId: string, note: string | null): Promise<void> {
  await tx.insertInto('case_steps').values({ case_id: caseId, status, by_user: userId, note }).execute();
}

/** Case lists under the contract's names; buyers' and victims' cases are never in one list. */
export function caseListQuery(db: Executor, scope: UnitScope, userId: string, f: CaseListFilter) {
  let q = casesInScope(db, scope)
    .innerJoin('units as un', 'un.id', 'k.unit_id')
    .innerJoin('persons as p', 'p.id', 'k.person_id')
    .leftJoin('users as au', 'au.id', 'k.assigned_to')
    .select([
      'k.id',
      'k.number',
      // Not in the answer: the audit entry of the list names the persons it showed.
      'k.person_id as personId',
      'un.name as unitName',
      'k.status',
      sql<string | null>`coalesce(p.name, p.pseudonym)`.as('personLabel'),
      'p.identity_mode as identityMode',
      'k.person_role as personRole',
      'k.age_group as ageGroup',
      'k.victim',
      'k.exploitation_types as exploitationTypes',
      'k.opened_at as openedAt',
      'k.assessment_due as assessmentDue',
      sql<boolean>`(k.assessment_due is not null and k.status in ('opened', 'initial_assessment') and k.assessment_due < ${stockholmTodaySql})`.as('overdue'),
      'au.display_name as assignedName',
    ])
    // Buyers and people who exploit others are never in the victims' lists, nor in each other's.
    .where((eb) => (f.population === 'victims' ? eb('k.person_role', 'not in', ['buys', 'exploits']) : eb('k.person_role', '=', f.population === 'buyers' ? 'buys' : 'exploits')));
  if (f.scope === 'mine') q = q.where('k.assigned_to', '=', userId);
  if (f.view === 'awaiting_assessment') q = q.where('k.status', 'in', ['opened', 'initial_assessment']);
  if (f.view === 'overdue') q = q.where('k.status', 'in', ['opened', 'initial_assessment']).where('k.assessment_due', '<', stockholmTodaySql);
  if (f.status) q = q.where('k.status', '=', f.status);
  if (f.ageGroup) q = q.where('k.age_group', '=', f.ageGroup);
  if (f.exploitationType) q = q.where(sql<boolean>`${f.exploitationType} = any(k.exploitation_types)`);
  if (f.unitId) q = q.where('k.unit_id', '=', f.unitId);
  if (f.query) {
    const like = `%${f.query.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const digits = f.query.replace(/\D/g, '');
    // A case number ("2026-0123") finds its case.
    const number = /^\d{4}-\d{1,6}$/.test(f.query.trim()) ? f.query.trim() : null;
    q = q.where((eb) =>
      eb.or([eb('p.name', 'ilike', like), eb('p.pseudonym', 'ilike', like), ...(digits.length === 12 ? [eb('p.personnummer', '=', digits)] : []), ...(number ? [eb('k.number', '=', number)] : [])]),
    );
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

export async function setJournalText(tx: Tx, id: string, text: string): Promise<void> {
  await tx.updateTable('journal_entries').set({ text }).where('id', '=', id).execute();
}

/** Discards an unsigned entry (the caller checked it is the author's own and unsigned: ownUnsignedEntry). */
export async function deleteUnsignedJournalEntry(tx: Tx, id: string): Promise<void> {
  // scope: by the id of an entry of a case the caller loaded through casesInScope (ownUnsignedEntry)
  await tx.deleteFrom('journal_entries').where('id', '=', id).where('signed_at', 'is', null).execute();
}

export async function signJournalEntry(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.updateTable('journal_entries').set({ signed_at: at }).where('id', '=', id).execute();
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
  d: {
    caseId: string;
    supportType: string;
    outcome: string;
    refusalGround: string | null;
    reasoning: string;
    decidedBy: string;
    startsOn?: string | null;
    endsOn?: string | null;
    conditions?: readonly string[];
    incomeSources?: readonly string[];
    warningsAcknowledged?: readonly string[];
  },
) {
  return tx
    .insertInto('decisions')
    .values({
      case_id: d.caseId,
      support_type: d.supportType,
      outcome: d.outcome,
      refusal_ground: d.refusalGround,
      reasoning: d.reasoning,
      decided_by: d.decidedBy,
      starts_on: d.startsOn ?? null,
      ends_on: d.endsOn ?? null,
      conditions: [...(d.conditions ?? [])],
      income_sources: [...(d.incomeSources ?? [])],
      warnings_acknowledged: [...(d.warningsAcknowledged ?? [])],
    })
    .returning(['id', 'decided_at'])
    .executeTakeFirstOrThrow();
}

/** A decision of a case, locked for ending; the case was found through casesInScope by the caller. */
export async function decisionForUpdate(tx: Tx, caseId: string, decisionId: string) {
  // scope: by a case id the caller loaded through casesInScope (getCaseForWrite)
  return tx
    .selectFrom('decisions')
    .select(['id', 'outcome', sql<string | null>`to_char(starts_on, 'YYYY-MM-DD')`.as('startsOn'), sql<string | null>`to_char(ended_on, 'YYYY-MM-DD')`.as('endedOn')])
    .where('id', '=', decisionId)
    .where('case_id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
}

export async function endDecision(tx: Tx, decisionId: string, end: { endedOn: string; endReason: string; endNote: string; endedBy: string }): Promise<void> {
  // scope: by the id of a decision found through decisionForUpdate
  await tx
    .updateTable('decisions')
    .set({ ended_on: end.endedOn, end_reason: end.endReason, end_note: end.endNote || null, ended_by: end.endedBy })
    .where('id', '=', decisionId)
    .execute();
}

/**
 * Gallring of closed cases: every closed case whose last activity lies before the cutoff goes,
 * with its journal, decisions, answers and steps (cascade), then its contact, then persons
 * left with no case and no contact. System work across every unit: it needs no scope, it deletes
 * by date (the retention run records itself as the system in the audit log).
 *
 * What the municipality preserves (SoF 7 kap. 2 §, `preservedBecause`) stays, and is counted per
 * reason for the run's report: every record when the municipality keeps all, else the persons born
 * on the kept days.
 */
export async function purgeClosedCases(tx: Tx, now: Date, keepDays: number, preservation: Preservation = DEFAULT_PRESERVATION): Promise<PurgeResult> {
  const cutoff = cutoffFor(now, keepDays);
  const days = [...preservation.birthDays];
  // The person's file (personakt, isPersonFileDueForDeletion in rules.ts): a closed case goes only
  // when none of the person's cases is open or has an entry after the cutoff.
  // scope: system work (retention) — every case of the same person, in any unit
  const fileDue = sql<boolean>`not exists (select 1 from cases o where o.person_id = cases.person_id and (o.status <> 'closed' or o.last_activity_at >= ${cutoff}))`;
  // scope: system work (retention) — the person of the case, born on a kept day
  const bornOnKeptDay = sql<boolean>`exists (select 1 from persons p where p.id = cases.person_id and extract(day from p.birth_date)::int = any(${days}::int[]))`;
  // Contacts never opened as a case (age not known, never routed) go after the same period.
  function unopenedContacts() {
    // scope: system work (retention)
    return tx
      .selectFrom('contacts as c')
      .where('c.registered_at', '<', cutoff)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.contact_id', '=', 'c.id'))));
  }
  // scope: system work (retention) — the person of the contact, born on a kept day
  const contactOfKeptDay = sql<boolean>`exists (select 1 from persons p where p.id = c.person_id and extract(day from p.birth_date)::int = any(${days}::int[]))`;

  if (preservation.mode === 'all') {
    // scope: system work (retention): what would go, counted, and kept
    const due = await tx.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'closed').where('last_activity_at', '<', cutoff).where(fileDue).executeTakeFirstOrThrow();
    const contacts = await unopenedContacts().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return { deleted: 0, kept: { municipality_keeps_all: due.n + contacts.n } };
  }
  // scope: system work (retention): what would go but is kept for the person's day of birth
  const keptCases = await tx.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'closed').where('last_activity_at', '<', cutoff).where(fileDue).where(bornOnKeptDay).executeTakeFirstOrThrow();
  const keptContacts = await unopenedContacts().select(sql<number>`count(*)::int`.as('n')).where(contactOfKeptDay).executeTakeFirstOrThrow();
  // scope: system work (retention), here and in the statements below
  const gone = await tx
    .deleteFrom('cases')
    .where('status', '=', 'closed')
    .where('last_activity_at', '<', cutoff)
    .where(fileDue)
    .where((eb) => eb.not(bornOnKeptDay))
    .returning(['contact_id', 'person_id'])
    .execute();
  // scope: system work (retention)
  if (gone.length > 0) await tx.deleteFrom('contacts').where('id', 'in', gone.map((g) => g.contact_id)).execute();
  // scope: system work (retention)
  const unopened = await tx
    .deleteFrom('contacts as c')
    .where('c.registered_at', '<', cutoff)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.contact_id', '=', 'c.id'))))
    .where((eb) => eb.not(contactOfKeptDay))
    .returning('c.person_id')
    .execute();
  const kept: Record<string, number> = keptCases.n + keptContacts.n > 0 ? { birth_day: keptCases.n + keptContacts.n } : {};
  if (gone.length === 0 && unopened.length === 0) return { deleted: 0, kept };
  const persons = [...new Set([...gone.map((g) => g.person_id), ...unopened.map((u) => u.person_id)])];
  // scope: system work (retention)
  await tx
    .deleteFrom('persons as p')
    .where('p.id', 'in', persons)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.person_id', '=', 'p.id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('contacts as c').select('c.id').whereRef('c.person_id', '=', 'p.id'))))
    .execute();
  return { deleted: gone.length + unopened.length, kept };
}
