import { todayInStockholm } from '../core/time/stockholm.ts';
import { AppError } from '../core/errors.ts';
import { Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App } from '../core/http/server.ts';
import { deadlineState, protectionAssessmentDue, reporterFeedback, under15Consequence, type ReporterKind } from './rules.ts';
import { AWAITING_ASSESSMENT, BARNAHUS_STATES, canMoveBarnahus, type AgeGroup, type CaseStatus } from '../cases/rules.ts';
import {
  BarnahusIn,
  ConcernOut,
  ConcernOverviewOut,
  PoliceReportIn,
  ProtectionAssessmentIn,
  ReporterFeedbackIn,
  VersionOut,
  type ConcernOverviewItem,
} from '../cases/schema.ts';
import { getConcern, openConcerns, recordProtectionAssessment, recordReporterFeedback } from '../cases/concern-store.ts';
import { getCaseForWrite, touchCase, updateCaseVersioned } from '../cases/store.ts';

const today = () => todayInStockholm();

/** Reports of concern about a child (orosanmälan): the protection assessment, the 14 days, feedback; the police report; Barnahus. */
export function registerConcernRoutes(app: App) {
  app.route({
    method: 'GET',
    url: '/api/cases/concerns/overview',
    config: { purpose: 'case work', access: 'cases.read' },
    schema: { summary: 'Concern reports of your units that wait: protection assessment today, initial assessment due today or overdue, feedback owed', response: { 200: ConcernOverviewOut } },
    handler: (request) => concernOverview(callerOf(request)),
  });
  app.route({
    method: 'GET',
    url: '/api/cases/:id/concern',
    config: { purpose: 'case work', access: 'cases.read' },
    schema: { summary: 'The report of concern of a case: who reported it, the protection assessment, the 14 days, feedback, police report, Barnahus', params: Id, response: { 200: ConcernOut } },
    handler: (request) => readConcern(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/:id/protection-assessment',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Record the immediate protection assessment (skyddsbedömning) of a concern report: who and when are recorded', params: Id, body: ProtectionAssessmentIn, response: { 200: VersionOut } },
    handler: (request) => assessProtection(callerOf(request), request.params.id, request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/:id/reporter-feedback',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Record the feedback given to the reporter (a professional reporter is told whether an investigation is opened)', params: Id, body: ReporterFeedbackIn, response: { 200: VersionOut } },
    handler: (request) => giveFeedback(callerOf(request), request.params.id, request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/:id/police-report',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Record that a police report exists: its date and reference', params: Id, body: PoliceReportIn, response: { 200: VersionOut } },
    handler: (request) => recordPoliceReport(callerOf(request), request.params.id, request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/:id/barnahus',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Barnahus: offered, referred, accepted or declined (each from the state before)', params: Id, body: BarnahusIn, response: { 200: VersionOut } },
    handler: (request) => moveBarnahus(callerOf(request), request.params.id, request.body),
  });
}

async function readConcern(caller: Caller, id: string): Promise<ConcernOut> {
  return caller.transaction(async (tx, audit) => {
    const k = await getConcern(tx, caller.scope, id);
    if (!k) throw new AppError(404, 'notFound');
    const now = today();
    const reporter = k.reporterKind ? { kind: k.reporterKind as ReporterKind, wantsFeedback: !!k.reporterWantsFeedback } : null;
    const protectionDue = protectionAssessmentDue({ concernReport: k.concernReport, receivedOn: k.receivedOn });
    await audit({ action: 'read', recordType: 'case', recordId: k.id, personId: k.personId, fields: ['concern', ...(reporter ? ['reporter'] : []), 'policeReport', 'barnahus'] });
    return {
      version: k.version,
      concernReport: k.concernReport,
      receivedOn: k.receivedOn,
      ageGroup: k.ageGroup,
      ageConflict: k.ageConflict,
      statedAge: k.statedAge,
      protection: {
        due: protectionDue,
        state: deadlineState(protectionDue, k.protectionAssessedAt !== null, now),
        assessedAt: k.protectionAssessedAt,
        assessedBy: k.protectionAssessedBy,
        outcome: k.protectionOutcome,
        note: k.protectionNote,
      },
      assessment: { due: k.assessmentDue, state: deadlineState(k.assessmentDue, !AWAITING_ASSESSMENT.includes(k.status as CaseStatus), now) },
      reporter: reporter && {
        kind: reporter.kind,
        name: k.reporterName,
        organisation: k.reporterOrganisation,
        reach: k.reporterReach,
        wantsFeedback: reporter.wantsFeedback,
        feedback: reporterFeedback(reporter, k.concernReport),
        feedbackGivenOn: k.feedbackGivenOn,
        feedbackGivenBy: k.feedbackGivenBy,
        feedbackNote: k.feedbackNote,
      },
      under15: under15Consequence(k.ageGroup as AgeGroup, k.victim),
      policeReport: k.policeReportedOn && k.policeReportRef ? { reportedOn: k.policeReportedOn, reference: k.policeReportRef } : null,
      barnahus: k.barnahus,
      barnahusNext: BARNAHUS_STATES.filter((s) => s !== 'referred' && canMoveBarnahus(k.barnahus, s)),
    };
  });
}

async function assessProtection(caller: Caller, id: string, body: ProtectionAssessmentIn) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    const k = (await getConcern(tx, caller.scope, id))!;
    if (!k.concernReport) throw new AppError(400, 'notAConcernReport');
    if (k.protectionAssessedAt) throw new AppError(409, 'protectionAlreadyAssessed');
    await recordProtectionAssessment(tx, c.id, caller.user.id, body.outcome, body.note);
    await audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: ['protectionAssessment'], details: { outcome: body.outcome } });
    return { version: c.version };
  });
}

async function giveFeedback(caller: Caller, id: string, body: ReporterFeedbackIn) {
  if (body.givenOn > today()) throw new AppError(400, 'dateInFuture');
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    const k = (await getConcern(tx, caller.scope, id))!;
    if (!k.reporterKind) throw new AppError(400, 'noReporter');
    const contactId = (await tx.selectFrom('cases').select('contact_id').where('id', '=', c.id).executeTakeFirstOrThrow()).contact_id; // scope: the case was loaded through casesInScope
    await recordReporterFeedback(tx, contactId, caller.user.id, body.givenOn, body.note);
    await touchCase(tx, c.id);
    await audit({ action: 'update', recordType: 'contact_reporter', recordId: contactId, personId: c.person_id, fields: ['feedbackGivenOn', 'feedbackNote'] });
    return { version: c.version };
  });
}

async function recordPoliceReport(caller: Caller, id: string, body: PoliceReportIn) {
  if (body.reportedOn > today()) throw new AppError(400, 'dateInFuture');
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    const version = await updateCaseVersioned(tx, c.id, body.version, { police_reported_on: body.reportedOn, police_report_ref: body.reference });
    await audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: ['policeReportedOn', 'policeReportRef'] });
    return { version };
  });
}

async function moveBarnahus(caller: Caller, id: string, body: BarnahusIn) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    // Referring is the one referral route's (POST /api/directory/case-referrals: a referral row, its
    // date and comment, asked first in the case page); here only the answers to the offer.
    if (body.state === 'referred') throw new AppError(409, 'barnahusReferralRoute');
    if (!canMoveBarnahus(c.barnahus, body.state)) throw new AppError(409, 'barnahusStateNotAllowed');
    const version = await updateCaseVersioned(tx, c.id, body.version, { barnahus: body.state });
    await audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: ['barnahus'], details: { from: c.barnahus, to: body.state } });
    return { version };
  });
}

/** The unit manager's overview: every open concern report of the scope's units with where its deadlines stand. */
async function concernOverview(caller: Caller): Promise<ConcernOverviewOut> {
  return caller.transaction(async (tx, audit) => {
    const rows = await openConcerns(tx, caller.scope);
    const now = today();
    const items: Array<ConcernOverviewItem & { personId: string }> = rows.map((r) => {
      const protectionDue = protectionAssessmentDue({ concernReport: true, receivedOn: r.receivedOn });
      const feedback = r.reporterKind ? reporterFeedback({ kind: r.reporterKind as ReporterKind, wantsFeedback: !!r.reporterWantsFeedback }, true) : 'none';
      return {
        caseId: r.caseId,
        personId: r.personId,
        unitName: r.unitName,
        ageGroup: r.ageGroup,
        receivedOn: r.receivedOn,
        assessmentDue: r.assessmentDue,
        protection: deadlineState(protectionDue, r.protectionDone, now),
        assessment: deadlineState(r.assessmentDue, !AWAITING_ASSESSMENT.includes(r.status as CaseStatus), now),
        feedbackOwed: feedback !== 'none' && !r.feedbackGivenOn,
        assignedName: r.assignedName,
      };
    });
    const waiting = items.filter((i) => i.protection === 'due_today' || i.protection === 'overdue' || i.assessment === 'due_today' || i.assessment === 'overdue' || i.feedbackOwed);
    await audit({ action: 'list', recordType: 'case', personIds: waiting.map((i) => i.personId), fields: ['concern', 'assessmentDue', 'ageGroup'], details: { count: waiting.length, view: 'concerns' } });
    return {
      today: now,
      counts: {
        protectionDue: waiting.filter((i) => i.protection === 'due_today' || i.protection === 'overdue').length,
        assessmentDueToday: waiting.filter((i) => i.assessment === 'due_today').length,
        assessmentOverdue: waiting.filter((i) => i.assessment === 'overdue').length,
        feedbackOwed: waiting.filter((i) => i.feedbackOwed).length,
      },
      items: waiting.map(({ personId: _shownInAuditOnly, ...i }) => i),
    };
  });
}
