import { todayInStockholm } from '../core/time/stockholm.ts';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import type { Db, Tx } from '../core/db/database.ts';
import type { RetentionRule } from '../core/retention-framework/framework.ts';
import { parsePersonnummer } from '../persons/personnummer.ts';
import { personShown } from '../persons/rules.ts';
import { allowedNextStatuses, canMoveTo, CASE_KEEP_DAYS, decisionProblems, decisionWarnings, endMeasureProblem, journalEditProblem, regionalReferralAfter, supportTypesFor } from './rules.ts';
import {
  CaseListFilter,
  CaseListItem,
  CaseOut,
  CasePatch,
  CasePatchOut,
  CaseSearch,
  DecisionIn,
  DecisionParams,
  EndMeasureIn,
  EntryParams,
  JournalEdit,
  JournalAllOut,
  JournalIn,
  JournalOut,
  JournalPageOut,
  JournalPageQuery,
  parseJournalCursor,
  SignedOut,
  StatusChange,
  StatusChangeOut,
  VersionOut,
  Assignee,
} from './schema.ts';
import {
  addStep,
  caseListQuery,
  compiledCasePage,
  decisionForUpdate,
  endDecision,
  getCaseForWrite,
  getJournalEntry,
  insertDecision,
  insertJournal,
  journalPageQuery,
  purgeClosedCases,
  setJournalText,
  signJournalEntry,
  touchCase,
  updateCaseVersioned,
  worksInUnit,
  assigneesIn,
  casesInScope,
  deleteUnsignedJournalEntry,
} from './store.ts';

const CASE_PAGE_FIELDS = ['status', 'person', 'contact', 'journal', 'decisions', 'answers', 'exploitationTypes', 'traffickingIndicators'];
const today = () => todayInStockholm();

/** Cases: lifecycle with who/when on each step, the journal, decisions on support, referrals, lists. */
export function registerCaseRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/cases',
    config: { access: 'cases.read' },
    schema: { summary: 'Case lists (my cases, my unit’s, waiting for assessment, overdue), scoped to your units', querystring: CaseListFilter, response: { 200: CaseListItem.array() } },
    handler: (request) => listCases(callerOf(request), db, request.query),
  });
  app.route({
    method: 'POST',
    // A name or personnummer travels in the body, never in a URL that proxies and browser history keep.
    url: '/api/cases/search',
    config: { access: 'cases.read' },
    schema: { summary: 'Find cases by name, pseudonym or personnummer, with the same filters and scoping as the lists', body: CaseSearch, response: { 200: CaseListItem.array() } },
    handler: (request) => listCases(callerOf(request), db, request.body),
  });

  app.route({
    method: 'GET',
    url: '/api/cases/:id',
    config: { access: 'cases.read' },
    schema: { summary: 'The case page: case, person, latest 20 journal entries (journalCount in all), decisions, answers', params: Id, response: { 200: CaseOut } },
    handler: (request) => readCase(callerOf(request), db, request.params.id),
  });

  app.route({
    method: 'GET',
    url: '/api/cases/:id/journal',
    config: { access: 'cases.read' },
    schema: {
      summary: 'Older journal entries, a page at a time, newest first: before=<writtenAt>,<id> of the last entry shown (keyset pagination)',
      params: Id,
      querystring: JournalPageQuery,
      response: { 200: JournalPageOut },
    },
    handler: (request) => readJournalPage(callerOf(request), db, request.params.id, request.query),
  });

  app.route({
    method: 'GET',
    url: '/api/cases/:id/journal/all',
    config: { access: 'cases.read' },
    schema: { summary: 'The whole journal, newest first, for printing', params: Id, response: { 200: JournalAllOut } },
    handler: (request) => readWholeJournal(callerOf(request), db, request.params.id),
  });

  app.route({
    method: 'PATCH',
    url: '/api/cases/:id',
    config: { access: 'cases.write' },
    schema: { summary: 'Change a case (optimistic locking: send the version you read; a stale one gets 409)', params: Id, body: CasePatch, response: { 200: CasePatchOut } },
    handler: (request) => updateCase(callerOf(request), request.params.id, request.body),
  });

  app.route({
    method: 'GET',
    url: '/api/cases/:id/assignees',
    config: { access: 'cases.write' },
    schema: { summary: 'The staff of the case’s unit who can be assigned to it (caseworkers and coordinators)', params: Id, response: { 200: Assignee.array() } },
    handler: async (request) => {
      const c = await casesInScope(db, callerOf(request).scope).select('k.unit_id').where('k.id', '=', request.params.id).executeTakeFirst();
      if (!c) throw new AppError(404, 'notFound');
      return assigneesIn(db, c.unit_id);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/status',
    config: { access: 'cases.write' },
    schema: { summary: 'Move the case to its next step (who and when are recorded)', params: Id, body: StatusChange, response: { 200: StatusChangeOut } },
    handler: (request) => moveCase(callerOf(request), request.params.id, request.body),
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/journal',
    config: { access: 'cases.write' },
    schema: { summary: 'Write a journal entry (unsigned until signed); a correction of a signed entry names it', params: Id, body: JournalIn, response: { 201: JournalOut } },
    handler: async (request, reply) => reply.status(201).send(await writeJournal(callerOf(request), request.params.id, request.body)),
  });

  app.route({
    method: 'PATCH',
    url: '/api/cases/:id/journal/:entryId',
    config: { access: 'cases.write' },
    schema: { summary: 'Edit your own unsigned journal entry (a signed one never changes)', params: EntryParams, body: JournalEdit, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await editJournal(callerOf(request), request.params.id, request.params.entryId, request.body.text);
      return reply.status(204).send(null);
    },
  });

  app.route({
    method: 'DELETE',
    url: '/api/cases/:id/journal/:entryId',
    config: { access: 'cases.write' },
    schema: { summary: 'Discard your own unsigned journal entry (a signed one is never removed)', params: EntryParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        const { c, e } = await ownUnsignedEntry(caller, tx, request.params.id, request.params.entryId);
        await deleteUnsignedJournalEntry(tx, e.id);
        await touchCase(tx, c.id);
        await audit({ action: 'delete', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['text'] });
      });
      return reply.status(204).send(null);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/journal/:entryId/sign',
    config: { access: 'cases.write' },
    schema: { summary: 'Sign your journal entry; from then on it is immutable', params: EntryParams, response: { 200: SignedOut } },
    handler: (request) => signJournal(callerOf(request), request.params.id, request.params.entryId),
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/decisions',
    config: { access: 'cases.decide' },
    schema: { summary: 'Decide on support: granted or refused, with reasoning (never conditional on being drug-free)', params: Id, body: DecisionIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await decide(callerOf(request), request.params.id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/decisions/:decisionId/end',
    config: { access: 'cases.decide' },
    schema: { summary: 'End a granted measure early, with the date and a reason (exit plans read the ended state)', params: DecisionParams, body: EndMeasureIn, response: { 200: Created } },
    handler: (request) => endMeasure(callerOf(request), request.params.id, request.params.decisionId, request.body),
  });
}

async function listCases(caller: Caller, db: Db, filter: CaseListFilter): Promise<CaseListItem[]> {
  const query = filter.query ? normaliseSearch(filter.query) : undefined;
  // The list and its one entry naming every person shown, in one statement; the search term itself
  // is never recorded, only its kind.
  const rows = await caller.auditedList(caseListQuery(db, caller.scope, caller.user.id, { ...filter, query }).compile(), {
    action: query ? 'search' : 'list',
    recordType: 'case',
    personIdColumn: 'personId',
    fields: ['status', 'personLabel', 'personRole', 'ageGroup'],
    details: { scope: filter.scope, view: filter.view, ...(query && { searchedBy: /^\d{12}$/.test(query) ? 'personnummer' : 'name' }) },
  });
  return rows.map(({ personId: _shownInAuditOnly, ...row }) => row);
}

/** The case page: the read and its audit entry in one statement. */
async function readCase(caller: Caller, db: Db, id: string): Promise<CaseOut> {
  const row = await caller.auditedRead(compiledCasePage(db, caller.scope, id), { action: 'read', recordType: 'case', recordIdColumn: 'id', personIdColumn: 'person_id', fields: CASE_PAGE_FIELDS });
  if (!row) throw new AppError(404, 'notFound');
  return { ...row, allowedNext: [...allowedNextStatuses(row.status)], person: personShown(row.person), supportTypes: supportTypesFor(row) };
}

/** A page of older journal entries, read and audited in one statement like the case page. */
async function readJournalPage(caller: Caller, db: Db, id: string, { before, limit }: JournalPageQuery): Promise<JournalPageOut> {
  const query = journalPageQuery(db, caller.scope, id, { before: before ? parseJournalCursor(before) : undefined, limit });
  const row = await caller.auditedRead(query.compile(), {
    action: 'read',
    recordType: 'case',
    recordIdColumn: 'id',
    personIdColumn: 'person_id',
    fields: ['journal'],
    details: { journal: 'page', limit, ...(before && { before: before.slice(before.indexOf(',') + 1) }) },
  });
  if (!row) throw new AppError(404, 'notFound');
  return { entries: row.entries.slice(0, limit), more: row.entries.length > limit };
}

/** Every journal entry of the case (the printable journal), read and audited in one statement. */
async function readWholeJournal(caller: Caller, db: Db, id: string) {
  const row = await caller.auditedRead(journalPageQuery(db, caller.scope, id, { limit: null }).compile(), {
    action: 'read',
    recordType: 'case',
    recordIdColumn: 'id',
    personIdColumn: 'person_id',
    fields: ['journal'],
    details: { journal: 'all' },
  });
  if (!row) throw new AppError(404, 'notFound');
  return { entries: row.entries };
}

async function updateCase(caller: Caller, id: string, { version, ...patch }: CasePatch) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    if (patch.assignedTo && !(await worksInUnit(tx, patch.assignedTo, c.unit_id))) throw new AppError(400, 'unknownAssignee');
    const set: Record<string, unknown> = {};
    if (patch.exploitationTypes) set.exploitation_types = patch.exploitationTypes;
    if (patch.assignedTo !== undefined) set.assigned_to = patch.assignedTo;
    let regionalReferral = c.regional_referral;
    if (patch.traffickingIndicators) {
      set.trafficking_indicators = patch.traffickingIndicators;
      regionalReferral = set.regional_referral = regionalReferralAfter(c.regional_referral, patch.traffickingIndicators);
    }
    const newVersion = await updateCaseVersioned(tx, c.id, version, set);
    await audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: Object.keys(patch) });
    return { version: newVersion, regionalReferral };
  });
}

async function moveCase(caller: Caller, id: string, { version, status, note }: StatusChange) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    if (c.version !== version) throw new AppError(409, 'conflict');
    if (!canMoveTo(c.status, status)) throw new AppError(409, 'statusNotAllowed');
    const newVersion = await updateCaseVersioned(tx, c.id, version, { status, ...(status === 'closed' && { closed_at: new Date() }) });
    await addStep(tx, c.id, status, caller.user.id, note);
    await audit({ action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: ['status', ...(note ? ['note'] : [])], details: { from: c.status, to: status } });
    return { version: newVersion, status };
  });
}

async function writeJournal(caller: Caller, id: string, body: JournalIn) {
  const entryDate = body.entryDate ?? today();
  if (entryDate > today()) throw new AppError(400, 'dateInFuture');
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    const e = await insertJournal(tx, { caseId: c.id, entryDate, text: body.text, authorId: caller.user.id, correctsId: body.correctsId });
    if (body.sign) await signJournalEntry(tx, e.id, new Date());
    await touchCase(tx, c.id);
    await audit({ action: 'create', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['text', 'entryDate', ...(body.correctsId ? ['correctsId'] : []), ...(body.sign ? ['signedAt'] : [])] });
    return { id: e.id, signed: body.sign };
  });
}

/** An unsigned entry of one's own, in a case in the scope (locked), or the reason it may not change. */
async function ownUnsignedEntry(caller: Caller, tx: Tx, caseId: string, entryId: string) {
  const c = await getCaseForWrite(tx, caller.scope, caseId);
  const e = await getJournalEntry(tx, c.id, entryId);
  const problem = journalEditProblem({ signedAt: e.signed_at, authorId: e.author_id }, caller.user.id);
  if (problem) throw new AppError(409, problem);
  return { c, e };
}

async function editJournal(caller: Caller, caseId: string, entryId: string, text: string): Promise<void> {
  await caller.transaction(async (tx, audit) => {
    const { c, e } = await ownUnsignedEntry(caller, tx, caseId, entryId);
    await setJournalText(tx, e.id, text);
    await touchCase(tx, c.id);
    await audit({ action: 'update', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['text'] });
  });
}

async function signJournal(caller: Caller, caseId: string, entryId: string) {
  return caller.transaction(async (tx, audit) => {
    const { c, e } = await ownUnsignedEntry(caller, tx, caseId, entryId);
    const signedAt = new Date();
    await signJournalEntry(tx, e.id, signedAt);
    await touchCase(tx, c.id);
    await audit({ action: 'update', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['signedAt'] });
    return { signedAt };
  });
}

async function decide(caller: Caller, id: string, body: DecisionIn) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    const unit = await tx.selectFrom('units').select('kind').where('id', '=', c.unit_id).executeTakeFirstOrThrow();
    const offered = supportTypesFor({ ageGroup: c.age_group, personRole: c.person_role, unitKind: unit.kind });
    const [problem] = decisionProblems(body, c.status, offered);
    if (problem) throw new AppError(problem === 'caseClosed' ? 409 : 400, problem);
    const [warning] = decisionWarnings(body).filter((w) => !body.acknowledgedWarnings.includes(w));
    if (warning) throw new AppError(409, warning);
    const { acknowledgedWarnings: _a, ...decision } = body;
    const d = await insertDecision(tx, { caseId: c.id, ...decision, warningsAcknowledged: decisionWarnings(body), decidedBy: caller.user.id });
    await touchCase(tx, c.id);
    await audit({
      action: 'create',
      recordType: 'decision',
      recordId: d.id,
      personId: c.person_id,
      fields: ['supportType', 'outcome', 'refusalGround', 'incomeSources', 'conditions', 'startsOn', 'endsOn', 'reasoning'],
      details: { supportType: body.supportType, outcome: body.outcome, ...(decisionWarnings(body).length > 0 && { warningsAcknowledged: decisionWarnings(body) }) },
    });
    return { id: d.id };
  });
}

async function endMeasure(caller: Caller, id: string, decisionId: string, body: EndMeasureIn) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    const d = await decisionForUpdate(tx, c.id, decisionId);
    if (!d) throw new AppError(404, 'decisionNotFound');
    const problem = endMeasureProblem(d, body, today());
    if (problem) throw new AppError(problem === 'measureAlreadyEnded' ? 409 : 400, problem);
    await endDecision(tx, d.id, { ...body, endedBy: caller.user.id });
    await touchCase(tx, c.id);
    await audit({ action: 'update', recordType: 'decision', recordId: d.id, personId: c.person_id, fields: ['endedOn', 'endReason', 'endNote'], details: { endReason: body.endReason } });
    return { id: d.id };
  });
}

/** A search that is a valid personnummer is matched on its twelve digits; anything else on names. */
function normaliseSearch(query: string): string {
  const pnr = parsePersonnummer(query);
  return pnr.ok ? pnr.value.normalized : query;
}

export function closedCasesRule(): RetentionRule {
  return {
    recordType: 'case',
    description: {
      sv: 'Avslutade ärenden med journal, beslut och svar, fem år efter sista anteckningen; personer utan kvarvarande ärenden',
      en: 'Closed cases with journal, decisions and answers, five years after the last entry; persons with no remaining case',
    },
    defaultKeepDays: CASE_KEEP_DAYS,
    purge: (tx, { keepDays, now, preservation }) => purgeClosedCases(tx, now, keepDays, preservation),
  };
}
