import type { Tx } from '../core/db/database.ts';
import { writeAudit, type Actor } from '../core/audit/audit.ts';
import { insertJournal } from '../cases/store.ts';
import { claimEscalation, markEscalationTaken } from '../chat/store.ts';
import { transcriptForCase } from '../chat/rules.ts';
import { AppError } from '../core/errors.ts';
import { insertCase } from '../cases/store.ts';
import { getUnit, unitForKind } from './store.ts';
import { assessmentDueDate, chosenUnitProblem, classifyVictim, proposesRegionalReferral, routeContact, type AgeGroup, type Channel, type PersonRole, type Routing } from './rules.ts';

export interface ContactForCase {
  id: string;
  channel: string;
  received_on: string;
  person_id: string;
  person_role: string;
  age_group: string;
  exploitation_types: string[];
  trafficking_indicators: string[];
}

export interface OpenedCase {
  id: string;
  unitId: string;
  unitName: string;
  unitKind: string;
  victim: boolean;
  barnahus: 'not_applicable' | 'offered';
  regionalReferral: 'none' | 'proposed';
  assessmentDue: string | null;
}

/**
 * Turns a contact into a case in the unit the routing rule chooses. When the age is not known the
 * caller must name the unit; a named unit that contradicts a known routing is refused.
 */
export async function openCaseForContact(tx: Tx, contact: ContactForCase, user: { id: string; unitIds: string[] }, chosenUnitId: string | null): Promise<{ routing: Routing; case: OpenedCase }> {
  const role = contact.person_role as PersonRole;
  const ageGroup = contact.age_group as AgeGroup;
  const routing = routeContact({ ageGroup, personRole: role });
  if (routing.outcome === 'age_not_known' && !chosenUnitId) throw new AppError(422, 'ageNotKnown');
  const unit = chosenUnitId ? await getUnit(tx, chosenUnitId) : await unitForKind(tx, routing.outcome === 'routed' ? routing.unitKind : '', user.unitIds);
  const problem = chosenUnitId ? chosenUnitProblem(routing, unit.kind) : null;
  if (problem) throw new AppError(400, problem, { kind: routing.outcome === 'routed' ? routing.unitKind : '' });
  const victim = routing.outcome === 'routed' ? routing.victim : classifyVictim(role);
  const barnahusOffered = routing.outcome === 'routed' ? routing.barnahusOffered : unit.kind === 'children' && victim;
  const assessmentDue = assessmentDueDate({ channel: contact.channel as Channel, aboutChild: unit.kind === 'children', receivedOn: contact.received_on });
  const regionalReferral = proposesRegionalReferral(contact.trafficking_indicators) ? 'proposed' : 'none';
  const barnahus = barnahusOffered ? 'offered' : 'not_applicable';
  const id = await insertCase(tx, {
    contactId: contact.id,
    personId: contact.person_id,
    unitId: unit.id,
    personRole: role,
    ageGroup,
    victim,
    exploitationTypes: contact.exploitation_types,
    traffickingIndicators: contact.trafficking_indicators,
    barnahus,
    regionalReferral,
    assessmentDue,
    openedBy: user.id,
    assignedTo: user.unitIds.includes(unit.id) ? user.id : null,
  });
  return { routing, case: { id, unitId: unit.id, unitName: unit.name, unitKind: unit.kind, victim, barnahus, regionalReferral, assessmentDue } };
}

/**
 * The person consented in the chat to continue as an identified contact: the transcript becomes an
 * unsigned journal entry of the new case (the caseworker reads and signs it) and the escalation is
 * marked as taken, so that it leaves the waiting list and the chat can follow ordinary retention.
 */
export async function takeChatIntoCase(
  tx: Tx,
  actor: Actor,
  escalationId: string,
  units: 'all' | string[],
  target: { caseId: string; personId: string; userId: string; on: string },
): Promise<void> {
  const escalation = await claimEscalation(tx, escalationId, units);
  if (!escalation) throw new AppError(404, 'escalationNotFound');
  if (escalation.alreadyTaken) throw new AppError(409, 'escalationAlreadyTaken');
  const entry = await insertJournal(tx, { caseId: target.caseId, entryDate: target.on, text: transcriptForCase(escalation.consent, escalation.messages), authorId: target.userId, correctsId: null });
  await markEscalationTaken(tx, escalationId, target.caseId);
  await writeAudit(tx, actor, [
    { action: 'read', recordType: 'chat_escalation', recordId: escalationId, personId: target.personId, fields: ['transcript', 'consent'], purpose: 'intake' },
    { action: 'update', recordType: 'chat_escalation', recordId: escalationId, personId: target.personId, fields: ['status', 'case'], purpose: 'intake' },
    { action: 'create', recordType: 'journal_entry', recordId: entry.id, personId: target.personId, fields: ['text'], purpose: 'intake' },
  ]);
}
