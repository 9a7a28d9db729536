import type { UnitScope } from '../core/access/scope.ts';
import type { Tx } from '../core/db/database.ts';
import type { CallerAuditEntry } from '../core/http/context.ts';
import { AppError } from '../core/errors.ts';
import { proposesRegionalReferral, type AgeGroup, type PersonRole } from '../cases/rules.ts';
import { insertCase, insertJournal } from '../cases/store.ts';
import { claimEscalation, markEscalationTaken } from '../chat/store.ts';
import { transcriptForCase } from '../chat/rules.ts';
import { ageBandOf } from '../core/age-band.ts';
import { ageRange, assessmentDueDate, chosenUnitProblem, classifyVictim, isConcernReport, pickUnit, routeContact, type CandidateUnit, type Channel, type Routing } from './rules.ts';
import type { OpenedCaseOut } from './schema.ts';
import { getUnit, openingFacts, unitCandidates, type ContactForCase } from './store.ts';

/** The audit writer of the caller's transaction. */
type Audit = (entry: CallerAuditEntry | readonly CallerAuditEntry[]) => Promise<void>;

/** What the audit log names when a contact becomes a case. */
export const OPENED_CASE_FIELDS = ['unit', 'personRole', 'ageGroup', 'victim', 'barnahus', 'regionalReferral', 'assessmentDue', 'concernReport'];

export type OpenedOrAsk = { routing: Routing; case: OpenedCaseOut; choices?: undefined } | { routing: Routing; case: null; choices: CandidateUnit[] };

/**
 * Turns a contact into a case in the unit the routing rule chooses (pickUnit: the person's
 * district, the caller's own unit, the one unit of the kind). When the age is not known the caller
 * must name the unit; when several units fit, the choices come back and no case is opened yet; a
 * named unit that contradicts a known routing is refused. A contact about a child reported by
 * someone else, or through the chat or outreach, is a report of concern (isConcernReport): the
 * protection assessment is due that day and the initial assessment 14 days after.
 */
export async function openCaseForContact(tx: Tx, contact: ContactForCase, user: { id: string; unitIds: string[] }, chosenUnitId: string | null): Promise<OpenedOrAsk> {
  const role = contact.personRole as PersonRole;
  const ageGroup = contact.ageGroup as AgeGroup;
  const routing = routeContact({ ageGroup, personRole: role });
  if (routing.outcome === 'age_not_known' && !chosenUnitId) throw new AppError(422, 'ageNotKnown');
  let unit: { id: string; name: string; kind: string };
  if (chosenUnitId) {
    unit = await getUnit(tx, chosenUnitId);
    const problem = chosenUnitProblem(routing, unit.kind);
    if (problem) throw new AppError(400, problem, { kind: routing.outcome === 'routed' ? routing.unitKind : '' });
  } else {
    const kind = routing.outcome === 'routed' ? routing.unitKind : '';
    const pick = pickUnit(await unitCandidates(tx, kind), { districtId: contact.districtId, callerUnitIds: user.unitIds });
    if (pick.outcome === 'none') throw new AppError(409, 'noUnitOfKind', { kind });
    if (pick.outcome === 'ask') return { routing, case: null, choices: pick.choices };
    unit = { ...pick.unit, kind };
  }
  const victim = routing.outcome === 'routed' ? routing.victim : classifyVictim(role);
  const barnahusOffered = routing.outcome === 'routed' ? routing.barnahusOffered : unit.kind === 'children' && victim;
  const concernReport = isConcernReport({ channel: contact.channel as Channel, aboutChild: unit.kind === 'children', hasReporter: contact.hasReporter });
  const assessmentDue = assessmentDueDate({ concernReport, receivedOn: contact.receivedOn });
  const regionalReferral = proposesRegionalReferral(contact.traffickingIndicators) ? 'proposed' : 'none';
  const barnahus = barnahusOffered ? 'offered' : 'not_applicable';
  const facts = await openingFacts(tx, contact.id);
  const age = facts ? ageRange({ birthDate: facts.birthDate, birthYear: facts.birthYear, statedAge: facts.statedAge }, new Date(`${contact.receivedOn}T12:00:00Z`)) : null;
  const id = await insertCase(tx, {
    contactId: contact.id,
    personId: contact.personId,
    unitId: unit.id,
    personRole: role,
    ageGroup,
    victim,
    exploitationTypes: contact.exploitationTypes,
    traffickingIndicators: contact.traffickingIndicators,
    barnahus,
    regionalReferral,
    assessmentDue,
    concernReport,
    openedBy: user.id,
    assignedTo: user.unitIds.includes(unit.id) ? user.id : null,
    // The younger plausible age, as routing presumes (ageGroupOf).
    opening: { ageBand: ageBandOf(age?.[0] ?? null), gender: facts?.gender ?? 'not_stated', riskFactors: facts?.riskFactors ?? [], citizenship: facts?.citizenship ?? null, channel: contact.channel },
  });
  return { routing, case: { id, unitId: unit.id, unitName: unit.name, unitKind: unit.kind, victim, barnahus, regionalReferral, assessmentDue, concernReport } };
}

/**
 * The person consented in the chat to continue as an identified contact: the transcript becomes an
 * unsigned journal entry of the new case (the caseworker reads and signs it) and the escalation is
 * marked as taken, so that it leaves the waiting list and the chat can follow ordinary retention.
 */
export async function takeChatIntoCase(
  tx: Tx,
  audit: Audit,
  escalationId: string,
  scope: UnitScope,
  target: { caseId: string; personId: string; userId: string; on: string },
): Promise<void> {
  const escalation = await claimEscalation(tx, escalationId, scope);
  if (!escalation) throw new AppError(404, 'escalationNotFound');
  if (escalation.alreadyTaken) throw new AppError(409, 'escalationAlreadyTaken');
  const entry = await insertJournal(tx, { caseId: target.caseId, entryDate: target.on, text: transcriptForCase(escalation.consent, escalation.messages), authorId: target.userId, correctsId: null });
  await markEscalationTaken(tx, escalationId, target.caseId);
  await audit([
    { action: 'read', recordType: 'chat_escalation', recordId: escalationId, personId: target.personId, fields: ['transcript', 'consent'] },
    { action: 'update', recordType: 'chat_escalation', recordId: escalationId, personId: target.personId, fields: ['status', 'case'] },
    { action: 'create', recordType: 'journal_entry', recordId: entry.id, personId: target.personId, fields: ['text'] },
  ]);
}
