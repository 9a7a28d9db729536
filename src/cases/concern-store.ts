import { sql } from 'kysely';
import type { UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { casesInScope, lastActivityNow } from './store.ts';

/** The case's report of concern, its reporter and police report, as stored (a case in the scope, else undefined). */
export async function getConcern(db: Executor, scope: UnitScope, id: string) {
  return casesInScope(db, scope)
    .innerJoin('contacts as c', 'c.id', 'k.contact_id')
    .leftJoin('contact_reporters as r', 'r.contact_id', 'k.contact_id')
    .leftJoin('users as pu', 'pu.id', 'k.protection_assessed_by')
    .leftJoin('users as fu', 'fu.id', 'r.feedback_given_by')
    .select([
      'k.id',
      'k.person_id as personId',
      'k.version',
      'k.status',
      'k.concern_report as concernReport',
      'k.age_group as ageGroup',
      'k.victim',
      'k.assessment_due as assessmentDue',
      'k.barnahus',
      'k.police_reported_on as policeReportedOn',
      'k.police_report_ref as policeReportRef',
      sql<string | null>`to_char(k.protection_assessed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('protectionAssessedAt'),
      'pu.display_name as protectionAssessedBy',
      'k.protection_outcome as protectionOutcome',
      'k.protection_note as protectionNote',
      'c.received_on as receivedOn',
      'c.age_conflict as ageConflict',
      'c.stated_age as statedAge',
      'r.kind as reporterKind',
      'r.name as reporterName',
      'r.organisation as reporterOrganisation',
      'r.reach as reporterReach',
      'r.wants_feedback as reporterWantsFeedback',
      'r.feedback_given_on as feedbackGivenOn',
      'fu.display_name as feedbackGivenBy',
      'r.feedback_note as feedbackNote',
    ])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export async function recordProtectionAssessment(tx: Tx, id: string, by: string, outcome: string, note: string): Promise<void> {
  // scope: by the id of a case the caller loaded through casesInScope (getCaseForWrite)
  await tx
    .updateTable('cases')
    .set({ protection_assessed_at: sql`now()` as unknown as Date, protection_assessed_by: by, protection_outcome: outcome, protection_note: note, last_activity_at: lastActivityNow })
    .where('id', '=', id)
    .execute();
}

export async function recordReporterFeedback(tx: Tx, contactId: string, by: string, givenOn: string, note: string): Promise<boolean> {
  const r = await tx.updateTable('contact_reporters').set({ feedback_given_on: givenOn, feedback_given_by: by, feedback_note: note }).where('contact_id', '=', contactId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The concern reports of the scope's units that still wait for something: protection, initial assessment or feedback. */
export async function openConcerns(db: Executor, scope: UnitScope) {
  return casesInScope(db, scope)
    .innerJoin('units as un', 'un.id', 'k.unit_id')
    .innerJoin('contacts as c', 'c.id', 'k.contact_id')
    .leftJoin('contact_reporters as r', 'r.contact_id', 'k.contact_id')
    .leftJoin('users as au', 'au.id', 'k.assigned_to')
    .select([
      'k.id as caseId',
      'k.person_id as personId',
      'un.name as unitName',
      'k.age_group as ageGroup',
      'k.status',
      'c.received_on as receivedOn',
      'k.assessment_due as assessmentDue',
      sql<boolean>`k.protection_assessed_at is not null`.as('protectionDone'),
      'r.kind as reporterKind',
      'r.wants_feedback as reporterWantsFeedback',
      'r.feedback_given_on as feedbackGivenOn',
      'au.display_name as assignedName',
    ])
    .where('k.concern_report', '=', true)
    .where('k.status', '<>', 'closed')
    .orderBy('k.assessment_due')
    .orderBy('k.id')
    .limit(500)
    .execute();
}
