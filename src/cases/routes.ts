import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { unitsWith } from '../core/access/policy.ts';
import { auditedRead, writeAudit } from '../core/audit/audit.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import type { RetentionRule } from '../core/retention/framework.ts';
import { toPersonOut } from '../intake/store.ts';
import { parsePersonnummer } from '../intake/personnummer.ts';
import { PersonOut } from '../intake/routes.ts';
import { EXPLOITATION_TYPES, regionalReferralProblem, TRAFFICKING_INDICATORS, type ReferralBasis } from '../intake/rules.ts';
import { caseMessages } from './messages.ts';
import { allowedNextStatuses, canMoveTo, CASE_KEEP_DAYS, CASE_STATUSES, decisionProblems, journalEditProblem, REFUSAL_GROUNDS, SUPPORT_TYPES } from './rules.ts';
import { addStep, caseListQuery, getCaseForWrite, getJournalEntry, insertDecision, insertJournal, purgeClosedCases, touchCase, updateCaseVersioned, type CasePageRow, casePageQuery } from './store.ts';

const Id = z.object({ id: z.uuid() });
const EntryParams = z.object({ id: z.uuid(), entryId: z.uuid() });
const PURPOSE = 'case work';
const Version = z.number().int().min(1);

const CaseOut = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  status: z.enum(CASE_STATUSES),
  allowedNext: z.array(z.enum(CASE_STATUSES)),
  personRole: z.string(),
  ageGroup: z.string(),
  victim: z.boolean(),
  exploitationTypes: z.array(z.string()),
  traffickingIndicators: z.array(z.string()),
  barnahus: z.string(),
  regionalReferral: z.string(),
  assessmentDue: z.string().nullable(),
  assignedTo: z.string().nullable(),
  assignedName: z.string().nullable(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  version: z.number(),
  person: PersonOut,
  contact: z.object({ channel: z.string(), receivedOn: z.string(), summary: z.string() }),
  steps: z.array(z.object({ status: z.string(), at: z.string(), by: z.string().nullable(), note: z.string().nullable() })),
  journal: z.array(
    z.object({ id: z.string(), entryDate: z.string(), text: z.string(), authorId: z.string(), author: z.string(), writtenAt: z.string(), signedAt: z.string().nullable(), correctsId: z.string().nullable() }),
  ),
  journalCount: z.number(),
  decisions: z.array(z.object({ id: z.string(), supportType: z.string(), outcome: z.string(), refusalGround: z.string().nullable(), reasoning: z.string(), decidedBy: z.string(), decidedAt: z.string() })),
  answers: z.array(z.object({ id: z.string(), setKey: z.string(), setVersion: z.number(), answers: z.record(z.string(), z.string()), askedAt: z.string(), askedBy: z.string() })),
});

function toCaseOut(r: CasePageRow): z.infer<typeof CaseOut> {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitKind: r.unit_kind,
    status: r.status,
    allowedNext: [...allowedNextStatuses(r.status)],
    personRole: r.person_role,
    ageGroup: r.age_group,
    victim: r.victim,
    exploitationTypes: r.exploitation_types,
    traffickingIndicators: r.trafficking_indicators,
    barnahus: r.barnahus,
    regionalReferral: r.regional_referral,
    assessmentDue: r.assessment_due,
    assignedTo: r.assigned_to,
    assignedName: r.assigned_name,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    version: r.version,
    person: toPersonOut(r.person),
    contact: r.contact,
    steps: r.steps,
    journal: r.journal,
    journalCount: r.journal_count,
    decisions: r.decisions,
    answers: r.answers,
  };
}

const CASE_PAGE_FIELDS = ['status', 'person', 'contact', 'journal', 'decisions', 'answers', 'exploitationTypes', 'traffickingIndicators'];

const ListItem = z.object({
  id: z.string(),
  unitName: z.string(),
  status: z.string(),
  personLabel: z.string().nullable(),
  identityMode: z.string(),
  personRole: z.string(),
  ageGroup: z.string(),
  victim: z.boolean(),
  exploitationTypes: z.array(z.string()),
  openedAt: z.date(),
  assessmentDue: z.string().nullable(),
  overdue: z.boolean(),
  assignedName: z.string().nullable(),
});

/** Cases: lifecycle with who/when on each step, the journal, decisions on support, referrals, lists. */
export function registerCaseRoutes(app: App, { db }: AppDeps) {
  const ListFilter = z.object({
    scope: z.enum(['mine', 'unit']).default('unit'),
    view: z.enum(['all', 'awaiting_assessment', 'overdue']).default('all'),
    population: z.enum(['victims', 'buyers']).default('victims'),
    status: z.enum(CASE_STATUSES).optional(),
    ageGroup: z.enum(['under_15', '15_17', 'adult', 'unknown']).optional(),
    exploitationType: z.enum(EXPLOITATION_TYPES).optional(),
    unitId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  });
  type ListFilterIn = z.infer<typeof ListFilter> & { query?: string };
  const listCases = (request: FastifyRequest, filter: ListFilterIn) => {
    const user = signedInUser(request);
    return db.transaction().execute(async (tx) => {
      const query = filter.query ? normaliseSearch(filter.query) : undefined;
      const rows = await caseListQuery(tx, user.id, unitsWith(user.grants, 'cases.read'), { ...filter, query }).execute();
      await writeAudit(tx, actorOf(request), {
        action: query ? 'search' : 'list',
        recordType: 'case',
        fields: ['status', 'personLabel', 'personRole', 'ageGroup'],
        purpose: PURPOSE,
        details: { count: rows.length, scope: filter.scope, view: filter.view },
      });
      return rows.map((r) => ({
        id: r.id,
        unitName: r.unit_name,
        status: r.status,
        personLabel: r.name ?? r.pseudonym,
        identityMode: r.identity_mode,
        personRole: r.person_role,
        ageGroup: r.age_group,
        victim: r.victim,
        exploitationTypes: r.exploitation_types,
        openedAt: r.opened_at,
        assessmentDue: r.assessment_due,
        overdue: r.overdue,
        assignedName: r.assigned_name,
      }));
    });
  };
  app.route({
    method: 'GET',
    url: '/api/cases',
    config: { access: 'cases.read' },
    schema: { summary: 'Case lists (my cases, my unit’s, waiting for assessment, overdue), scoped to your units', querystring: ListFilter, response: { 200: z.array(ListItem) } },
    handler: async (request, reply) => {
      return listCases(request, request.query);
    },
  });
  app.route({
    method: 'POST',
    // A name or personnummer travels in the body, never in a URL that proxies and browser history keep.
    url: '/api/cases/search',
    config: { access: 'cases.read' },
    schema: {
      summary: 'Find cases by name, pseudonym or personnummer, with the same filters and scoping as the lists',
      body: ListFilter.extend({ query: z.string().trim().min(2).max(100) }),
      response: { 200: z.array(ListItem) },
    },
    handler: async (request, reply) => {
      return listCases(request, request.body);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/cases/:id',
    config: { access: 'cases.read' },
    schema: { summary: 'The case page: case, person, latest 200 journal entries, decisions, answers', params: Id, response: { 200: CaseOut } },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      const query = casePageQuery(request.params.id, unitsWith(user.grants, 'cases.read')).compile(db);
      const row = await auditedRead(db, actorOf(request), query, { action: 'read', recordType: 'case', recordIdColumn: 'id', personIdColumn: 'person_id', fields: CASE_PAGE_FIELDS, purpose: PURPOSE });
      if (!row) throw new AppError(404, 'notFound');
      return toCaseOut(row);
    },
  });

  app.route({
    method: 'PATCH',
    url: '/api/cases/:id',
    config: { access: 'cases.write' },
    schema: {
      summary: 'Change a case (optimistic locking: send the version you read; a stale one gets 409)',
      params: Id,
      body: z.object({
        version: Version,
        exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).optional(),
        traffickingIndicators: z.array(z.enum(TRAFFICKING_INDICATORS)).max(TRAFFICKING_INDICATORS.length).optional(),
        assignedTo: z.uuid().nullable().optional(),
      }),
      response: { 200: z.object({ version: z.number(), regionalReferral: z.string() }) },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      const { version, ...patch } = request.body;
      return db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        if (c.status === 'closed') throw new AppError(409, 'caseClosed');
        if (patch.assignedTo) {
          const ok = await tx.selectFrom('user_roles').select('user_id').where('user_id', '=', patch.assignedTo).where('unit_id', '=', c.unit_id).executeTakeFirst();
          if (!ok) throw new AppError(400, 'unknownAssignee');
        }
        const set: Record<string, unknown> = {};
        if (patch.exploitationTypes) set.exploitation_types = patch.exploitationTypes;
        if (patch.assignedTo !== undefined) set.assigned_to = patch.assignedTo;
        let regionalReferral = c.regional_referral;
        if (patch.traffickingIndicators) {
          set.trafficking_indicators = patch.traffickingIndicators;
          // Marking an indicator proposes the referral; a referral already made stays made.
          if (regionalReferral !== 'referred') regionalReferral = patch.traffickingIndicators.length > 0 ? 'proposed' : 'none';
          set.regional_referral = regionalReferral;
        }
        const newVersion = await updateCaseVersioned(tx, c.id, version, set);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: Object.keys(patch), purpose: PURPOSE });
        return { version: newVersion, regionalReferral };
      });
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/status',
    config: { access: 'cases.write' },
    schema: {
      summary: 'Move the case to its next step (who and when are recorded)',
      params: Id,
      body: z.object({ version: Version, status: z.enum(CASE_STATUSES), note: z.string().trim().max(2000).nullable().default(null) }),
      response: { 200: z.object({ version: z.number(), status: z.enum(CASE_STATUSES) }) },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      const { version, status, note } = request.body;
      return db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        if (c.version !== version) throw new AppError(409, 'conflict');
        if (!canMoveTo(c.status, status)) throw new AppError(409, 'statusNotAllowed');
        const newVersion = await updateCaseVersioned(tx, c.id, version, { status, ...(status === 'closed' && { closed_at: new Date() }) });
        await addStep(tx, c.id, status, user.id, note);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'case', recordId: c.id, personId: c.person_id, fields: ['status', ...(note ? ['note'] : [])], purpose: PURPOSE, details: { from: c.status, to: status } });
        return { version: newVersion, status };
      });
    },
  });

  const JournalText = z.string().trim().min(1).max(20_000);
  app.route({
    method: 'POST',
    url: '/api/cases/:id/journal',
    config: { access: 'cases.write' },
    schema: {
      summary: 'Write a journal entry (unsigned until signed); a correction of a signed entry names it',
      params: Id,
      body: z.object({ text: JournalText, entryDate: z.iso.date().optional(), correctsId: z.uuid().nullable().default(null), sign: z.boolean().default(false) }),
      response: { 201: z.object({ id: z.string(), signed: z.boolean() }) },
    },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      const today = new Date().toISOString().slice(0, 10);
      const entryDate = request.body.entryDate ?? today;
      if (entryDate > today) throw new AppError(400, 'dateInFuture');
      const out = await db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        if (c.status === 'closed') throw new AppError(409, 'caseClosed');
        const e = await insertJournal(tx, { caseId: c.id, entryDate, text: request.body.text, authorId: user.id, correctsId: request.body.correctsId });
        if (request.body.sign) await tx.updateTable('journal_entries').set({ signed_at: new Date() }).where('id', '=', e.id).execute();
        await touchCase(tx, c.id);
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['text', 'entryDate', ...(request.body.correctsId ? ['correctsId'] : []), ...(request.body.sign ? ['signedAt'] : [])], purpose: PURPOSE });
        return { id: e.id, signed: request.body.sign };
      });
      return reply.status(201).send(out);
    },
  });

  app.route({
    method: 'PATCH',
    url: '/api/cases/:id/journal/:entryId',
    config: { access: 'cases.write' },
    schema: { summary: 'Edit your own unsigned journal entry (a signed one never changes)', params: EntryParams, body: z.object({ text: JournalText }), response: { 204: z.null() } },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      await db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        const e = await getJournalEntry(tx, c.id, request.params.entryId);
        const problem = journalEditProblem({ signedAt: e.signed_at, authorId: e.author_id }, user.id);
        if (problem) throw new AppError(409, problem);
        await tx.updateTable('journal_entries').set({ text: request.body.text }).where('id', '=', e.id).execute();
        await touchCase(tx, c.id);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['text'], purpose: PURPOSE });
      });
      return reply.status(204).send(null);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/journal/:entryId/sign',
    config: { access: 'cases.write' },
    schema: { summary: 'Sign your journal entry; from then on it is immutable', params: EntryParams, response: { 200: z.object({ signedAt: z.date() }) } },
    handler: async (request) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        const e = await getJournalEntry(tx, c.id, request.params.entryId);
        const problem = journalEditProblem({ signedAt: e.signed_at, authorId: e.author_id }, user.id);
        if (problem) throw new AppError(409, problem);
        const signedAt = new Date();
        await tx.updateTable('journal_entries').set({ signed_at: signedAt }).where('id', '=', e.id).execute();
        await touchCase(tx, c.id);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'journal_entry', recordId: e.id, personId: c.person_id, fields: ['signedAt'], purpose: PURPOSE });
        return { signedAt };
      });
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/decisions',
    config: { access: 'cases.decide' },
    schema: {
      summary: 'Decide on support: granted or refused, with reasoning (never conditional on being drug-free)',
      params: Id,
      body: z.object({
        supportType: z.enum(SUPPORT_TYPES),
        outcome: z.enum(['granted', 'refused']),
        refusalGround: z.enum(REFUSAL_GROUNDS).nullable().default(null),
        reasoning: z.string().trim().max(10_000),
      }),
      response: { 201: z.object({ id: z.string() }) },
    },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      const out = await db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.decide'));
        const [problem] = decisionProblems(request.body, c.status);
        if (problem) throw new AppError(problem === 'caseClosed' ? 409 : 400, problem);
        const d = await insertDecision(tx, { caseId: c.id, ...request.body, decidedBy: user.id });
        await touchCase(tx, c.id);
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'decision', recordId: d.id, personId: c.person_id, fields: ['supportType', 'outcome', 'refusalGround', 'reasoning'], purpose: PURPOSE, details: { supportType: request.body.supportType, outcome: request.body.outcome } });
        return { id: d.id };
      });
      return reply.status(201).send(out);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/referrals',
    config: { access: 'cases.write' },
    schema: {
      summary: 'Refer to Barnahus (children; no police report needed) or to the regional anti-trafficking coordinator (needs consent or a legal basis)',
      params: Id,
      body: z.discriminatedUnion('to', [
        z.object({ to: z.literal('barnahus'), version: Version, policeReport: z.boolean() }),
        z.object({
          to: z.literal('regional_coordinator'),
          version: Version,
          basis: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('consent'), consentGivenOn: z.iso.date() }),
            z.object({ kind: z.literal('legal_basis'), legalBasis: z.string().trim().min(3).max(300) }),
          ]).nullable(),
        }),
      ]),
      response: { 200: z.object({ version: z.number() }) },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      const body = request.body;
      return db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        if (c.status === 'closed') throw new AppError(409, 'caseClosed');
        let set: Record<string, unknown>;
        if (body.to === 'barnahus') {
          if (c.barnahus === 'not_applicable') throw new AppError(400, 'barnahusOnlyForChildren');
          set = { barnahus: 'referred' };
        } else {
          const problem = regionalReferralProblem(c.trafficking_indicators, body.basis as ReferralBasis | null);
          if (problem) throw new AppError(400, problem);
          if (body.basis?.kind === 'consent' && body.basis.consentGivenOn > new Date().toISOString().slice(0, 10)) throw new AppError(400, 'dateInFuture');
          set = { regional_referral: 'referred', regional_basis: JSON.stringify(body.basis) };
        }
        const version = await updateCaseVersioned(tx, c.id, body.version, set);
        await writeAudit(tx, actorOf(request), {
          action: 'update',
          recordType: 'case',
          recordId: c.id,
          personId: c.person_id,
          fields: body.to === 'barnahus' ? ['barnahus'] : ['regionalReferral', 'regionalBasis'],
          purpose: PURPOSE,
          details: body.to === 'barnahus' ? { referral: 'barnahus', policeReport: body.policeReport } : { referral: 'regional_coordinator', basis: body.basis?.kind },
        });
        return { version };
      });
    },
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
    purge: (tx, { keepDays, now }) => purgeClosedCases(tx, now, keepDays),
  };
}
