import { todayInStockholm } from '../core/time/stockholm.ts';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import type { Db, Executor, Tx } from '../core/db/database.ts';
import { translate } from '../core/i18n/server.ts';
import { consentInForce, needsConsent } from '../consents/rules.ts';
import type { ConsentOut } from '../consents/schema.ts';
import { consentState, withStatus } from '../consents/store.ts';
import { personShown } from '../persons/rules.ts';
import { getPerson } from '../persons/store.ts';
import { SYSTEM_SCOPE } from '../core/access/scope.ts';
import { planPdf, type DocumentLanguage } from './document-pdf.ts';
import { acknowledgementProblem, effectiveStatus, findCycle, measureProblem, planWarnings, warningsToAcknowledge, type MeasureFacts, type Warning } from './rules.ts';
import {
  AcknowledgementIn,
  CasePlanOut,
  DocumentQuery,
  ActorIn,
  ActorPatch,
  FollowUpIn,
  FollowUpPatch,
  InvitationIn,
  MeasureChangeOut,
  MeasureIn,
  MeasurePatch,
  PartnerMeasurePatch,
  PartnerPlanListItem,
  PartnerPlanOut,
  PersonChoice,
  PlanActorParams,
  PlanDocumentOut,
  PlanFollowUpParams,
  PlanIn,
  PlanListItem,
  PlanMeasureParams,
  PlanOut,
  PlanPatch,
  PlanVersionOut,
  TemplateOut,
  VersionOut,
  WarningsOut,
  type MeasureOut,
  type WarningOut,
} from './schema.ts';
import {
  caseForPlan,
  coordinators,
  getPlan,
  getPlanForWrite,
  insertAcknowledgements,
  insertActor,
  insertFollowUp,
  insertMeasure,
  insertPlan,
  isCoordinator,
  isPartnerAccount,
  measuresOfActors,
  partnerAccounts,
  partnerActors,
  partnerInvitations,
  planHeader,
  planListQuery,
  planPage,
  planParts,
  planVersions,
  plansInScope,
  recordVersion,
  updateActor,
  updateFollowUp,
  updateMeasure,
  type PlanContents,
  type PlanRow,
} from './store.ts';
import { PLAN_TEMPLATES, templateByKey } from './templates.ts';

const today = () => todayInStockholm();
const PLAN_FIELDS = ['goals', 'coordinator', 'leadActor', 'actors', 'measures', 'followUps', 'warnings', 'consents', 'decisions'];
const PARTNER_FIELDS = ['measures.title', 'measures.dates', 'measures.status', 'measures.contactPerson', 'coordinator'];

/** Exit plans (SIP): the coordinator's plan with the person, its actors, measures, follow-ups and warnings; partners by invitation. */
export function registerPlanRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/plans',
    config: { access: 'plans.read' },
    schema: { summary: 'The plans you coordinate first, then your units’ plans, with what is due', response: { 200: z.array(PlanListItem) } },
    handler: (request) => listPlans(callerOf(request), db),
  });
  app.route({
    method: 'POST',
    url: '/api/plans',
    config: { access: 'plans.write' },
    schema: { summary: 'Start a plan for a case in your units, with its coordinator and (optionally) a template', body: PlanIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await createPlan(callerOf(request), request.body)),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/templates',
    config: { access: 'plans.read' },
    schema: { summary: 'Templates for the exits the seeds name', response: { 200: z.array(TemplateOut) } },
    handler: async () => [...PLAN_TEMPLATES],
  });
  app.route({
    method: 'GET',
    url: '/api/plans/coordinators',
    config: { access: 'plans.write' },
    schema: { summary: 'Staff who may be assigned as coordinator', response: { 200: z.array(PersonChoice) } },
    handler: async () => coordinators(db),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/partners',
    config: { access: 'plans.invite' },
    schema: { summary: 'Partner accounts (created by an administrator) that may be invited to a plan', response: { 200: z.array(PersonChoice) } },
    handler: async () => partnerAccounts(db),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/for-case/:caseId',
    config: { access: 'plans.read' },
    schema: { summary: 'The plan of a case in your scope (the active one, else the latest), for the link from the case page', params: z.object({ caseId: z.uuid() }), response: { 200: CasePlanOut } },
    handler: (request) => planOfCase(db, callerOf(request), request.params.caseId),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/:id',
    config: { access: 'plans.read' },
    schema: { summary: 'The plan page: actors, measures with effective status, follow-ups, warnings, the person’s consents, the case’s decisions and referrals', params: Id, response: { 200: PlanOut } },
    // Written with JSON.stringify, not encoded through PlanOut: build() gives exactly PlanOut's shape (its
    // type, and a test holding the answer equal to PlanOut's encoding), and a 68 KB plan need not be copied once more.
    handler: async (request, reply) => {
      const plan = await readPlan(callerOf(request), db, request.params.id);
      return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(plan);
    },
  });
  app.route({
    method: 'PATCH',
    url: '/api/plans/:id',
    config: { access: 'plans.write' },
    schema: { summary: 'Change goals, coordinator, the actor with overall responsibility or status (optimistic locking)', params: Id, body: PlanPatch, response: { 200: VersionOut } },
    handler: (request) => changePlan(callerOf(request), request.params.id, request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/plans/:id/actors',
    config: { access: 'plans.write' },
    schema: { summary: 'Add an actor, resting on one of the person’s consents (the social services need none)', params: Id, body: ActorIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await addActor(callerOf(request), request.params.id, request.body)),
  });
  app.route({
    method: 'PATCH',
    url: '/api/plans/:id/actors/:actorId',
    config: { access: 'plans.write' },
    schema: { summary: 'Change the consent an actor rests on', params: PlanActorParams, body: ActorPatch, response: { 200: VersionOut } },
    handler: (request) => changeActor(callerOf(request), request.params.id, request.params.actorId, request.body.consentId),
  });
  app.route({
    method: 'POST',
    url: '/api/plans/:id/actors/:actorId/invitation',
    config: { access: 'plans.invite' },
    schema: { summary: 'Invite an existing partner account to see and update this actor’s measures (needs the actor’s consent in force)', params: PlanActorParams, body: InvitationIn, response: { 200: VersionOut } },
    handler: (request) => invite(callerOf(request), request.params.id, request.params.actorId, request.body.partnerUserId),
  });
  app.route({
    method: 'DELETE',
    url: '/api/plans/:id/actors/:actorId/invitation',
    config: { access: 'plans.invite' },
    schema: { summary: 'Revoke the partner account’s invitation to this actor’s measures: the partner’s next request is refused', params: PlanActorParams, response: { 200: VersionOut } },
    handler: (request) => revokeInvitation(callerOf(request), request.params.id, request.params.actorId),
  });
  app.route({
    method: 'POST',
    url: '/api/plans/:id/measures',
    config: { access: 'plans.write' },
    schema: { summary: 'Add a measure (409 with the warnings it brings unless acknowledged with a reason)', params: Id, body: MeasureIn, response: { 201: MeasureChangeOut, 409: WarningsOut } },
    handler: async (request, reply) => {
      const r = await changeMeasure(callerOf(request), request.params.id, null, request.body);
      return 'warnings' in r ? reply.status(409).send(warningsAnswer(request.headers['accept-language'], r.warnings)) : reply.status(201).send(r);
    },
  });
  app.route({
    method: 'PATCH',
    url: '/api/plans/:id/measures/:measureId',
    config: { access: 'plans.write' },
    schema: { summary: 'Change a measure (optimistic locking; 409 with the warnings the change brings unless acknowledged with a reason)', params: PlanMeasureParams, body: MeasurePatch, response: { 200: MeasureChangeOut, 409: WarningsOut } },
    handler: async (request, reply) => {
      const r = await changeMeasure(callerOf(request), request.params.id, request.params.measureId, request.body);
      return 'warnings' in r ? reply.status(409).send(warningsAnswer(request.headers['accept-language'], r.warnings)) : r;
    },
  });
  app.route({
    method: 'POST',
    url: '/api/plans/:id/follow-ups',
    config: { access: 'plans.write' },
    schema: { summary: 'Plan a follow-up meeting', params: Id, body: FollowUpIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await addFollowUp(callerOf(request), request.params.id, request.body)),
  });
  app.route({
    method: 'PATCH',
    url: '/api/plans/:id/follow-ups/:followUpId',
    config: { access: 'plans.write' },
    schema: { summary: 'Record a follow-up meeting as held, with participants and notes (optimistic locking)', params: PlanFollowUpParams, body: FollowUpPatch, response: { 200: VersionOut } },
    handler: (request) => changeFollowUp(callerOf(request), request.params.id, request.params.followUpId, request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/plans/:id/acknowledgements',
    config: { access: 'plans.write' },
    schema: { summary: 'Acknowledge a standing warning of the plan with a reason', params: Id, body: AcknowledgementIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await acknowledge(callerOf(request), request.params.id, request.body)),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/:id/versions',
    config: { access: 'plans.read' },
    schema: { summary: 'Every version of the plan, newest first, with who changed what', params: Id, response: { 200: z.array(PlanVersionOut) } },
    handler: (request) => readVersions(callerOf(request), request.params.id),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/:id/document',
    config: { access: 'plans.read' },
    schema: { summary: 'The printable plan for the person: built through personShown, so no protected address; no case record', params: Id, response: { 200: PlanDocumentOut } },
    handler: (request) => planDocument(callerOf(request), request.params.id),
  });
  app.route({
    method: 'GET',
    url: '/api/plans/:id/document.pdf',
    config: { access: 'plans.read' },
    schema: { summary: 'The plan for the person as a tagged (accessible) PDF, in Swedish or English: the same content as the printable plan, no protected address', params: Id, querystring: DocumentQuery, produces: ['application/pdf'] },
    handler: async (request, reply) => {
      const lang = request.query.lang;
      const doc = await planDocument(callerOf(request), request.params.id, 'pdf', lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${lang === 'en' ? 'my-plan' : 'min-plan'}.pdf"`)
        .header('cache-control', 'no-store')
        .send(await planPdf(doc, lang));
    },
  });

  app.route({
    method: 'GET',
    url: '/api/partner/plans',
    config: { access: 'plans.partner' },
    schema: { summary: 'The plans your partner account is invited to (by invitation only, never by unit)', response: { 200: z.array(PartnerPlanListItem) } },
    handler: (request) => partnerList(callerOf(request)),
  });
  app.route({
    method: 'GET',
    url: '/api/partner/plans/:id',
    config: { access: 'plans.partner' },
    schema: { summary: 'Your measures in a plan you are invited to, while the person’s consent is in force (every read audited)', params: Id, response: { 200: PartnerPlanOut } },
    handler: (request) => partnerRead(callerOf(request), request.params.id),
  });
  app.route({
    method: 'PATCH',
    url: '/api/partner/plans/:id/measures/:measureId',
    config: { access: 'plans.partner' },
    schema: { summary: 'Update the status of, or a note on, one of your measures (optimistic locking)', params: PlanMeasureParams, body: PartnerMeasurePatch, response: { 200: MeasureChangeOut } },
    handler: (request) => partnerUpdate(callerOf(request), request.params.id, request.params.measureId, request.body),
  });
}

function warningsAnswer(acceptLanguage: string | undefined, warnings: WarningOut[]) {
  const lang = acceptLanguage?.startsWith('en') ? 'en' : 'sv';
  return { error: 'warningsNeedAcknowledgement', message: translate(lang, 'warningsNeedAcknowledgement', {}), warnings };
}

/** The plan as the plan page shows it, with its warnings computed today: one statement (planParts). */
async function assemble(db: Executor, plan: PlanRow): Promise<PlanOut> {
  return build(plan, await planParts(db, plan.id), today());
}

/** The person's consents as the consents capability shows them (status and expiry from its rules). */
const consentsOut = (rows: PlanContents['consents'], t: string): ConsentOut[] =>
  rows.map((c) => withStatus({ ...c, recordedAt: new Date(c.recordedAt), withdrawnAt: c.withdrawnAt === null ? null : new Date(c.withdrawnAt) }, t));

/** The plan page from what one statement read: effective statuses and warnings from the rules, in memory. */
function build(plan: PlanRow, parts: PlanContents, t: string): PlanOut {
  const { decisions } = parts;
  const consents = consentsOut(parts.consents, t);
  const decisionMap = new Map(decisions.map((d) => [d.id, d]));
  const measures: MeasureOut[] = parts.measures.map((m) => ({ ...m, effectiveStatus: effectiveStatus(m, decisionMap, t) }));
  const usedConsents = new Set(parts.actors.map((a) => a.consentId).filter((x): x is string => !!x));
  const warnings = planWarnings({ measures, decisions, followUps: parts.followUps, consents: consents.filter((c) => usedConsents.has(c.id)), actors: parts.actors }, t);
  const acks = new Map(parts.acks.map((a) => [a.key, a]));
  const template = templateByKey(plan.template);
  const usedKeys = new Set(measures.map((m) => m.templateKey));
  return {
    id: plan.id,
    caseId: plan.case_id,
    personId: plan.person_id,
    personLabel: parts.meta.personLabel,
    unitName: parts.meta.unitName,
    coordinatorId: plan.coordinator_id,
    coordinatorName: parts.meta.coordinatorName,
    leadActorId: plan.lead_actor_id,
    goals: plan.goals,
    template: plan.template,
    status: plan.status,
    endReason: plan.end_reason,
    version: plan.version,
    updatedAt: parts.meta.updatedAt,
    actors: parts.actors.map(({ consent, ...a }) => ({ ...a, needsConsent: needsConsent(a.kind), consentInForce: !!consent && consentInForce(consent, t) })),
    measures,
    followUps: parts.followUps,
    warnings: warnings.map((w) => {
      const a = acks.get(w.key);
      return { ...w, acknowledged: a ? { reason: a.reason, by: a.by, at: a.at } : null };
    }),
    consents,
    decisions,
    referrals: { barnahus: parts.meta.barnahus, regionalCoordinator: parts.meta.regionalReferral },
    suggestions: template ? template.measures.filter((m) => !usedKeys.has(m.key)) : [],
  };
}

async function listPlans(caller: Caller, db: Db) {
  const rows = await caller.auditedList(planListQuery(db, caller.scope, caller.user.id).compile(), { action: 'list', recordType: 'exit_plan', personIdColumn: 'personId', fields: ['personLabel', 'coordinator', 'followUps'] });
  return rows.map(({ personId: _auditOnly, ...r }) => r);
}

/** Only the plan's id and status (no personal data): the case page already shows the case. */
async function planOfCase(db: Executor, caller: Caller, caseId: string) {
  // Another unit's case is not found, as everywhere (not "no plan", which would confirm that the case exists).
  await caseForPlan(db, caller.scope, caseId);
  const row = await plansInScope(db, caller.scope, caller.user.id)
    .select(['pl.id', 'pl.status'])
    .where('pl.case_id', '=', caseId)
    .orderBy(sql`pl.status = 'active'`, 'desc')
    .orderBy('pl.created_at', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status } : { id: null, status: null };
}

async function createPlan(caller: Caller, body: PlanIn) {
  return caller.transaction(async (tx, audit) => {
    const c = await caseForPlan(tx, caller.scope, body.caseId);
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    if (body.coordinatorId && !(await isCoordinator(tx, body.coordinatorId))) throw new AppError(400, 'notACoordinator');
    const p = await insertPlan(tx, { caseId: c.id, personId: c.person_id, unitId: c.unit_id, coordinatorId: body.coordinatorId, goals: body.goals, template: body.template, createdBy: caller.user.id });
    // The social services are an actor of every plan and need no consent.
    const own = await insertActor(tx, p.id, { kind: 'social_services', name: 'Socialtjänsten', consentId: null });
    await recordVersion(tx, p.id, 'created', caller.user.id, { lead_actor_id: own.id });
    await audit({ action: 'create', recordType: 'exit_plan', recordId: p.id, personId: c.person_id, fields: ['goals', 'coordinator', 'template'], details: { template: body.template } });
    return { id: p.id };
  });
}

/**
 * The plan page in two round trips: the plan in the caller's scope with all its contents in one
 * statement (one snapshot), the warnings computed in memory from it, then the audit entry — which
 * names the warnings shown, so it follows the read; it commits before the answer leaves, and if it
 * cannot be written the request fails, as a transaction around both would.
 */
async function readPlan(caller: Caller, db: Db, id: string): Promise<PlanOut> {
  const row = await planPage(db, caller.scope, caller.user.id, id);
  if (!row) throw new AppError(404, 'notFound');
  const out = build(row, row, today());
  await caller.auditedRead(sql<{ id: string; person_id: string }>`select ${row.id}::uuid as id, ${row.person_id}::uuid as person_id`.compile(db), {
    action: 'read',
    recordType: 'exit_plan',
    recordIdColumn: 'id',
    personIdColumn: 'person_id',
    fields: PLAN_FIELDS,
    details: { warnings: out.warnings.length },
  });
  return out;
}

async function changePlan(caller: Caller, id: string, { version, ...patch }: PlanPatch) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    if (patch.coordinatorId && !(await isCoordinator(tx, patch.coordinatorId))) throw new AppError(400, 'notACoordinator');
    if (patch.leadActorId) {
      const parts = await planParts(tx, plan.id);
      if (!parts.actors.some((a) => a.id === patch.leadActorId)) throw new AppError(400, 'unknownActor');
    }
    const set: Record<string, unknown> = {};
    if (patch.goals !== undefined) set.goals = patch.goals;
    if (patch.coordinatorId !== undefined) set.coordinator_id = patch.coordinatorId;
    if (patch.leadActorId !== undefined) set.lead_actor_id = patch.leadActorId;
    if (patch.status !== undefined) set.status = patch.status;
    // Closing says how the plan ended (the statistics count it); opening again clears it.
    if (patch.endReason !== undefined && patch.status !== 'closed') throw new AppError(400, 'endReasonOnlyWhenClosing');
    if (patch.status === 'closed' && plan.status !== 'closed') {
      if (!patch.endReason) throw new AppError(400, 'endReasonRequired');
      Object.assign(set, { end_reason: patch.endReason, ended_at: sql`now()` });
    }
    if (patch.status === 'active' && plan.status === 'closed') Object.assign(set, { end_reason: null, ended_at: null });
    const fields = Object.keys(patch);
    const newVersion = await recordVersion(tx, plan.id, `plan:${fields.join(',')}`, caller.user.id, set, version);
    await audit({ action: 'update', recordType: 'exit_plan', recordId: plan.id, personId: plan.person_id, fields });
    return { version: newVersion };
  });
}

async function actorConsentProblem(tx: Tx, personId: string, kind: string, consentId: string | null): Promise<string | null> {
  if (!needsConsent(kind)) return null;
  if (!consentId) return 'actorWithoutConsent';
  const c = await consentState(tx, consentId);
  if (!c || c.personId !== personId) return 'unknownConsent';
  if (!consentInForce(c, today())) return 'consentNotInForce';
  return null;
}

async function addActor(caller: Caller, id: string, body: ActorIn) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    if (body.consentId) {
      const problem = await actorConsentProblem(tx, plan.person_id, body.kind, body.consentId);
      if (problem) throw new AppError(422, problem);
    }
    const a = await insertActor(tx, plan.id, body);
    await recordVersion(tx, plan.id, 'actor:add', caller.user.id);
    await audit({ action: 'create', recordType: 'plan_actor', recordId: a.id, personId: plan.person_id, fields: ['kind', 'name', 'consentId'] });
    return { id: a.id };
  });
}

async function changeActor(caller: Caller, id: string, actorId: string, consentId: string | null) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    const actor = (await planParts(tx, plan.id)).actors.find((a) => a.id === actorId);
    if (!actor) throw new AppError(404, 'notFound');
    if (consentId) {
      const problem = await actorConsentProblem(tx, plan.person_id, actor.kind, consentId);
      if (problem) throw new AppError(422, problem);
    }
    await updateActor(tx, plan.id, actorId, { consent_id: consentId });
    const version = await recordVersion(tx, plan.id, 'actor:consent', caller.user.id);
    await audit({ action: 'update', recordType: 'plan_actor', recordId: actorId, personId: plan.person_id, fields: ['consentId'] });
    return { version };
  });
}

async function invite(caller: Caller, id: string, actorId: string, partnerUserId: string) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    const actor = (await planParts(tx, plan.id)).actors.find((a) => a.id === actorId);
    if (!actor) throw new AppError(404, 'notFound');
    if (!(await isPartnerAccount(tx, partnerUserId))) throw new AppError(400, 'notAPartner');
    const problem = await actorConsentProblem(tx, plan.person_id, actor.kind === 'social_services' ? 'other' : actor.kind, actor.consentId);
    if (problem) throw new AppError(422, problem);
    await updateActor(tx, plan.id, actorId, { partner_user_id: partnerUserId, invited_by: caller.user.id, invited_at: new Date() });
    const version = await recordVersion(tx, plan.id, 'actor:invite', caller.user.id);
    await audit({ action: 'update', recordType: 'plan_actor', recordId: actorId, personId: plan.person_id, fields: ['partnerUser'], details: { invitation: true } });
    return { version };
  });
}

/** The coordinator takes an invitation back: the partner account loses the plan at once (no unit grant to fall back on). */
async function revokeInvitation(caller: Caller, id: string, actorId: string) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    const actor = (await planParts(tx, plan.id)).actors.find((a) => a.id === actorId);
    if (!actor) throw new AppError(404, 'notFound');
    if (!actor.partnerUserId) throw new AppError(409, 'notInvited');
    await updateActor(tx, plan.id, actorId, { partner_user_id: null, invited_by: null, invited_at: null });
    const version = await recordVersion(tx, plan.id, 'actor:revoke_invitation', caller.user.id);
    await audit({ action: 'update', recordType: 'plan_actor', recordId: actorId, personId: plan.person_id, fields: ['partnerUser'], details: { invitation: 'revoked', partnerUserId: actor.partnerUserId } });
    return { version };
  });
}

type MeasureChange = (MeasureIn & { version?: undefined }) | MeasurePatch;

/**
 * Adding or changing a measure: its facts, its actor's consent, the decision it links, no cycle
 * among the dependencies; then the warnings the change brings — which stop it (nothing written)
 * unless the request acknowledges them with a reason, recorded with the change.
 */
async function changeMeasure(caller: Caller, id: string, measureId: string | null, body: MeasureChange): Promise<{ warnings: WarningOut[] } | { id: string; version: number; planVersion: number }> {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    if (plan.status === 'closed') throw new AppError(409, 'planClosed');
    const t = today();
    const parts = await planParts(tx, plan.id);
    const before = build(plan, parts, t);
    const { decisions } = before;
    const current = measureId ? before.measures.find((m) => m.id === measureId) : undefined;
    if (measureId && !current) throw new AppError(404, 'notFound');
    if (current && body.version !== current.version) throw new AppError(409, 'conflict');
    const { acknowledgement, version: _v, ...change } = body as MeasurePatch & { templateKey?: string | null };
    const next: MeasureFacts & { actorId: string; contactPerson: string | null; templateKey: string | null } = {
      id: measureId ?? 'new',
      actorId: change.actorId ?? current!.actorId,
      kind: change.kind ?? current!.kind,
      title: change.title ?? current!.title,
      contactPerson: change.contactPerson !== undefined ? change.contactPerson : (current?.contactPerson ?? null),
      startsOn: change.startsOn ?? current!.startsOn,
      plannedEndOn: change.plannedEndOn !== undefined ? change.plannedEndOn : (current?.plannedEndOn ?? null),
      status: change.status ?? current?.status ?? 'planned',
      statusReason: change.statusReason !== undefined ? change.statusReason : (current?.statusReason ?? null),
      dependsOn: [...new Set(change.dependsOn ?? current?.dependsOn ?? [])],
      decisionId: change.decisionId !== undefined ? change.decisionId : (current?.decisionId ?? null),
      templateKey: current?.templateKey ?? change.templateKey ?? null,
    };
    const problem = measureProblem(next);
    if (problem) throw new AppError(400, problem);
    if (next.dependsOn.some((d) => !before.measures.some((m) => m.id === d))) throw new AppError(400, 'unknownDependency');
    const actor = parts.actors.find((a) => a.id === next.actorId);
    if (!actor) throw new AppError(400, 'unknownActor');
    if (change.actorId !== undefined || !current) {
      const consentProblem = await actorConsentProblem(tx, plan.person_id, actor.kind, actor.consentId);
      if (consentProblem) throw new AppError(422, consentProblem === 'consentNotInForce' || consentProblem === 'unknownConsent' ? 'actorWithoutConsent' : consentProblem);
    }
    if (next.decisionId && !decisions.some((d) => d.id === next.decisionId)) throw new AppError(400, 'unknownDecision');
    const measuresAfter = [...before.measures.filter((m) => m.id !== next.id), { ...next, effectiveStatus: next.status, partnerNote: null, version: 0 } as MeasureOut];
    const found = findCycle(measuresAfter);
    if (found) {
      // Named from the measure being changed, when it is part of the cycle.
      const at = found.indexOf(next.id);
      const cycle = at > 0 ? [...found.slice(at, -1), ...found.slice(0, at), next.id] : found;
      const title = (mid: string) => measuresAfter.find((m) => m.id === mid)?.title ?? mid;
      throw new AppError(422, 'dependencyCycle', { cycle: cycle.map(title).join(' → ') });
    }
    const after = planWarnings({ measures: measuresAfter, decisions, followUps: parts.followUps, consents: before.consents.filter((c) => parts.actors.some((a) => a.consentId === c.id)), actors: parts.actors }, t);
    const pending = warningsToAcknowledge(before.warnings, after, new Set(parts.acks.map((a) => a.key)));
    if (pending.length) {
      if (!acknowledgement) return { warnings: pending.map((w: Warning) => ({ ...w, acknowledged: null })) };
      const reasonProblem = acknowledgementProblem(acknowledgement.reason);
      if (reasonProblem) throw new AppError(400, reasonProblem);
    }
    let savedId: string;
    let savedVersion: number;
    if (current) {
      const set: Record<string, unknown> = {};
      if (change.actorId !== undefined) set.actor_id = change.actorId;
      if (change.kind !== undefined) set.kind = change.kind;
      if (change.title !== undefined) set.title = change.title;
      if (change.contactPerson !== undefined) set.contact_person = change.contactPerson;
      if (change.startsOn !== undefined) set.starts_on = change.startsOn;
      if (change.plannedEndOn !== undefined) set.planned_end_on = change.plannedEndOn;
      if (change.status !== undefined) set.status = change.status;
      if (change.statusReason !== undefined) set.status_reason = change.statusReason;
      if (change.dependsOn !== undefined) set.depends_on = next.dependsOn;
      if (change.decisionId !== undefined) set.decision_id = change.decisionId;
      savedVersion = await updateMeasure(tx, plan.id, current.id, current.version, set);
      savedId = current.id;
    } else {
      savedId = (await insertMeasure(tx, plan.id, { ...next, dependsOn: [...next.dependsOn] })).id;
      savedVersion = 1;
    }
    if (pending.length) await insertAcknowledgements(tx, plan.id, pending.map((w) => (w.key.endsWith(':new') ? w.key.replace(':new', `:${savedId}`) : w.key)), acknowledgement!.reason, caller.user.id);
    const planVersion = await recordVersion(tx, plan.id, current ? `measure:${Object.keys(change).join(',')}` : 'measure:add', caller.user.id);
    const fields = Object.keys(change).filter((k) => k !== 'templateKey');
    await audit([
      { action: current ? 'update' : 'create', recordType: 'plan_measure', recordId: savedId, personId: plan.person_id, fields, details: { ...(change.status && { status: change.status }), ...(pending.length && { acknowledged: pending.map((w) => w.rule) }) } },
    ]);
    return { id: savedId, version: savedVersion, planVersion };
  });
}

async function addFollowUp(caller: Caller, id: string, body: z.infer<typeof FollowUpIn>) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    const f = await insertFollowUp(tx, plan.id, body, caller.user.id);
    await recordVersion(tx, plan.id, 'follow_up:add', caller.user.id);
    await audit({ action: 'create', recordType: 'plan_follow_up', recordId: f.id, personId: plan.person_id, fields: ['dueOn', 'participants', 'notes'] });
    return { id: f.id };
  });
}

async function changeFollowUp(caller: Caller, id: string, followUpId: string, { version, ...patch }: FollowUpPatch) {
  if (patch.heldOn && patch.heldOn > today()) throw new AppError(400, 'dateInFuture');
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    const set: Record<string, unknown> = {};
    if (patch.dueOn !== undefined) set.due_on = patch.dueOn;
    if (patch.heldOn !== undefined) set.held_on = patch.heldOn;
    if (patch.participants !== undefined) set.participants = patch.participants;
    if (patch.notes !== undefined) set.notes = patch.notes;
    set.recorded_by = caller.user.id;
    const newVersion = await updateFollowUp(tx, plan.id, followUpId, version, set);
    await recordVersion(tx, plan.id, 'follow_up:update', caller.user.id);
    await audit({ action: 'update', recordType: 'plan_follow_up', recordId: followUpId, personId: plan.person_id, fields: Object.keys(patch) });
    return { version: newVersion };
  });
}

async function acknowledge(caller: Caller, id: string, body: z.infer<typeof AcknowledgementIn>) {
  const problem = acknowledgementProblem(body.reason);
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlanForWrite(tx, caller.scope, caller.user.id, id);
    const current = await assemble(tx, plan);
    if (!current.warnings.some((w) => w.key === body.key)) throw new AppError(400, 'unknownWarning');
    await insertAcknowledgements(tx, plan.id, [body.key], body.reason, caller.user.id);
    await recordVersion(tx, plan.id, 'warning:acknowledge', caller.user.id);
    await audit({ action: 'create', recordType: 'plan_acknowledgement', recordId: plan.id, personId: plan.person_id, fields: ['warning', 'reason'], details: { rule: body.key.split(':')[0] } });
    return { id: plan.id };
  });
}

async function readVersions(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlan(tx, caller.scope, caller.user.id, id);
    if (!plan) throw new AppError(404, 'notFound');
    const rows = await planVersions(tx, plan.id);
    await audit({ action: 'read', recordType: 'exit_plan', recordId: plan.id, personId: plan.person_id, fields: ['versions'], details: { count: rows.length } });
    return rows;
  });
}

/**
 * The printable plan for the person. The person comes through `personShown`, the one function that
 * hides protected contact details, so a protected address cannot reach the document; the case
 * record (journal, decisions' reasoning) is not in it at all.
 */
async function planDocument(caller: Caller, id: string, format: 'print' | 'pdf' = 'print', lang?: DocumentLanguage): Promise<PlanDocumentOut> {
  return caller.transaction(async (tx, audit) => {
    const plan = await getPlan(tx, caller.scope, caller.user.id, id);
    if (!plan) throw new AppError(404, 'notFound');
    // scope: the person of a plan the caller reached through plansInScope
    const person = personShown(await getPerson(tx, SYSTEM_SCOPE, plan.person_id));
    const out = await assemble(tx, plan);
    await audit({ action: 'export', recordType: 'exit_plan', recordId: plan.id, personId: plan.person_id, fields: ['person.label', ...(person.contactDetailsHidden ? [] : ['person.address']), 'goals', 'actors', 'measures', 'followUps'], details: { document: format, ...(lang && { lang }) } });
    return {
      person: { label: person.name ?? person.pseudonym, protectedIdentity: person.contactDetailsHidden, address: person.address },
      coordinatorName: out.coordinatorName,
      unitName: out.unitName,
      goals: out.goals,
      leadActor: out.actors.find((a) => a.id === out.leadActorId)?.name ?? null,
      actors: out.actors.map(({ id: actorId, kind, name }) => ({ id: actorId, kind, name })),
      measures: out.measures.map((m) => ({ id: m.id, actorId: m.actorId, title: m.title, contactPerson: m.contactPerson, startsOn: m.startsOn, plannedEndOn: m.plannedEndOn, status: m.effectiveStatus, dependsOn: m.dependsOn })),
      followUps: out.followUps.map((f) => ({ dueOn: f.dueOn, heldOn: f.heldOn })),
      version: out.version,
      printedAt: new Date(),
    };
  });
}

// ——— Partners: by invitation and consent in force, never by unit ———

const inForceNow = (a: { basis: string | null; givenOn: string | null; expiresOn: string | null; withdrawnAt: Date | null }) =>
  a.basis !== null && a.givenOn !== null && consentInForce({ basis: a.basis, givenOn: a.givenOn, expiresOn: a.expiresOn, withdrawnAt: a.withdrawnAt }, today());

async function partnerList(caller: Caller) {
  return caller.transaction(async (tx, audit) => {
    const rows = await partnerInvitations(tx, caller.user.id);
    const byPlan = new Map<string, { id: string; personLabel: string | null; coordinatorName: string | null; measures: number; consentInForce: boolean; personId: string }>();
    for (const r of rows) {
      const ok = r.planStatus === 'active' && inForceNow(r);
      const seen = byPlan.get(r.id);
      if (seen) {
        seen.measures += ok ? r.measures : 0;
        seen.consentInForce ||= ok;
      } else byPlan.set(r.id, { id: r.id, personLabel: ok ? r.personLabel : null, coordinatorName: r.coordinatorName, measures: ok ? r.measures : 0, consentInForce: ok, personId: r.personId });
    }
    const plans = [...byPlan.values()];
    const shown = plans.filter((p) => p.consentInForce);
    await audit({ action: 'list', recordType: 'exit_plan', personIds: shown.map((p) => p.personId), fields: ['personLabel', 'measures'], purpose: 'partner access to an exit plan', details: { count: plans.length, partner: true } });
    return plans.map(({ personId: _auditOnly, ...p }) => p);
  });
}

/** Invited for the plan (else 404) with a consent in force for at least one of the partner's actors (else 403, and the refusal is audited). */
async function partnerAccess(caller: Caller, tx: Tx, planId: string) {
  const actors = await partnerActors(tx, caller.user.id, planId);
  if (actors.length === 0) return { status: 'not_invited' as const };
  const allowed = actors.filter((a) => a.planStatus === 'active' && inForceNow(a));
  if (allowed.length === 0) {
    await caller.audit(tx, {
      action: 'read',
      recordType: 'exit_plan',
      recordId: planId,
      personId: actors[0]!.personId,
      fields: [],
      purpose: 'partner access to an exit plan',
      details: { outcome: 'refused', reason: actors[0]!.planStatus === 'active' ? 'consentNotInForce' : 'planClosed', partner: true },
    });
    return { status: 'refused' as const };
  }
  return { status: 'ok' as const, actors: allowed, personId: actors[0]!.personId };
}

async function partnerRead(caller: Caller, id: string): Promise<PartnerPlanOut> {
  const result = await caller.transaction(async (tx) => {
    const access = await partnerAccess(caller, tx, id);
    if (access.status !== 'ok') return access;
    const header = await planHeader(tx, id);
    const measures = await measuresOfActors(tx, id, access.actors.map((a) => a.id));
    await caller.audit(tx, { action: 'read', recordType: 'exit_plan', recordId: id, personId: access.personId, fields: PARTNER_FIELDS, purpose: 'partner access to an exit plan', details: { measures: measures.length, partner: true } });
    return { status: 'ok' as const, plan: { ...header, actors: access.actors.map((a) => ({ id: a.id, kind: a.kind, name: a.name })), measures } };
  });
  if (result.status === 'not_invited') throw new AppError(404, 'notFound');
  if (result.status === 'refused') throw new AppError(403, 'consentNotInForce');
  return result.plan;
}

async function partnerUpdate(caller: Caller, id: string, measureId: string, body: PartnerMeasurePatch) {
  const result = await caller.transaction(async (tx) => {
    const access = await partnerAccess(caller, tx, id);
    if (access.status !== 'ok') return access;
    const mine = await measuresOfActors(tx, id, access.actors.map((a) => a.id));
    const m = mine.find((x) => x.id === measureId);
    if (!m) return { status: 'not_invited' as const };
    if (m.version !== body.version) throw new AppError(409, 'conflict');
    const set: Record<string, unknown> = {};
    if (body.status !== undefined) set.status = body.status;
    if (body.partnerNote !== undefined) set.partner_note = body.partnerNote;
    const version = await updateMeasure(tx, id, m.id, m.version, set);
    const planVersion = await recordVersion(tx, id, `partner:measure:${Object.keys(body).filter((k) => k !== 'version').join(',')}`, caller.user.id);
    await caller.audit(tx, { action: 'update', recordType: 'plan_measure', recordId: m.id, personId: access.personId, fields: Object.keys(set), purpose: 'partner access to an exit plan', details: { partner: true, ...(body.status && { status: body.status }) } });
    return { status: 'ok' as const, out: { id: m.id, version, planVersion } };
  });
  if (result.status === 'not_invited') throw new AppError(404, 'notFound');
  if (result.status === 'refused') throw new AppError(403, 'consentNotInForce');
  return result.out;
}
