/** The HTTP contract of exit plans: validation, OpenAPI and the web app's types. */
import { z } from 'zod';
import { ConsentOut } from '../consents/schema.ts';
import { ACTOR_KINDS } from '../consents/rules.ts';
import { MEASURE_KINDS, MEASURE_STATUSES, PLAN_END_REASONS, WARNING_RULES } from './rules.ts';
import { TEMPLATE_KEYS } from './templates.ts';

export const Version = z.number().int().min(1);
export const PlanActorParams = z.object({ id: z.uuid(), actorId: z.uuid() });
export const PlanMeasureParams = z.object({ id: z.uuid(), measureId: z.uuid() });
export const PlanFollowUpParams = z.object({ id: z.uuid(), followUpId: z.uuid() });

export const WarningOut = z.object({
  key: z.string(),
  rule: z.enum(WARNING_RULES),
  measureId: z.string().nullable(),
  dependentIds: z.array(z.string()),
  decisionId: z.string().nullable(),
  followUpId: z.string().nullable(),
  consentId: z.string().nullable(),
  actorId: z.string().nullable(),
  date: z.string().nullable(),
  acknowledged: z.object({ reason: z.string(), by: z.string().nullable(), at: z.string() }).nullable(),
});
export type WarningOut = z.infer<typeof WarningOut>;

export const ActorOut = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  consentId: z.string().nullable(),
  consentInForce: z.boolean(),
  needsConsent: z.boolean(),
  partnerUserId: z.string().nullable(),
  partnerName: z.string().nullable(),
  invitedAt: z.string().nullable(),
});
export type ActorOut = z.infer<typeof ActorOut>;

export const MeasureOut = z.object({
  id: z.string(),
  actorId: z.string(),
  kind: z.string(),
  title: z.string(),
  contactPerson: z.string().nullable(),
  startsOn: z.string(),
  plannedEndOn: z.string().nullable(),
  status: z.string(),
  effectiveStatus: z.string(),
  statusReason: z.string().nullable(),
  dependsOn: z.array(z.string()),
  decisionId: z.string().nullable(),
  templateKey: z.string().nullable(),
  partnerNote: z.string().nullable(),
  version: z.number(),
});
export type MeasureOut = z.infer<typeof MeasureOut>;

export const FollowUpOut = z.object({
  id: z.string(),
  dueOn: z.string(),
  heldOn: z.string().nullable(),
  participants: z.array(z.string()),
  notes: z.string().nullable(),
  recordedBy: z.string().nullable(),
  version: z.number(),
});
export type FollowUpOut = z.infer<typeof FollowUpOut>;

export const DecisionRef = z.object({ id: z.string(), supportType: z.string(), outcome: z.string(), reasoning: z.string(), decidedAt: z.string(), endedOn: z.string().nullable() });
export type DecisionRef = z.infer<typeof DecisionRef>;

/** The plan page: the plan, its actors, measures, follow-ups, warnings; the person's consents; the case's decisions and referrals (linked, not copied). */
export const PlanOut = z.object({
  id: z.string(),
  caseId: z.string(),
  personId: z.string(),
  personLabel: z.string().nullable(),
  unitName: z.string(),
  coordinatorId: z.string().nullable(),
  coordinatorName: z.string().nullable(),
  leadActorId: z.string().nullable(),
  goals: z.string(),
  template: z.string().nullable(),
  status: z.string(),
  /** How a closed plan ended (null while active, and for plans closed before reasons were recorded). */
  endReason: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
  actors: z.array(ActorOut),
  measures: z.array(MeasureOut),
  followUps: z.array(FollowUpOut),
  warnings: z.array(WarningOut),
  consents: z.array(ConsentOut),
  decisions: z.array(DecisionRef),
  referrals: z.object({ barnahus: z.string(), regionalCoordinator: z.string() }),
  suggestions: z.array(z.object({ key: z.string(), actor: z.string(), kind: z.string(), title: z.string(), startMonth: z.number(), months: z.number(), dependsOn: z.array(z.string()) })),
});
export type PlanOut = z.infer<typeof PlanOut>;

export const PlanListItem = z.object({
  id: z.string(),
  caseId: z.string(),
  personLabel: z.string().nullable(),
  unitName: z.string(),
  coordinatorName: z.string().nullable(),
  mine: z.boolean(),
  status: z.string(),
  measures: z.number(),
  nextFollowUp: z.string().nullable(),
  overdueFollowUps: z.number(),
  updatedAt: z.string(),
});
export type PlanListItem = z.infer<typeof PlanListItem>;

export const PlanIn = z.object({
  caseId: z.uuid(),
  coordinatorId: z.uuid().nullable().default(null),
  goals: z.string().trim().max(5000).default(''),
  template: z.enum(TEMPLATE_KEYS).nullable().default(null),
});
export type PlanIn = z.infer<typeof PlanIn>;

export const PlanPatch = z.object({
  version: Version,
  goals: z.string().trim().max(5000).optional(),
  coordinatorId: z.uuid().nullable().optional(),
  leadActorId: z.uuid().nullable().optional(),
  status: z.enum(['active', 'closed']).optional(),
  /** How the plan ended: required when it is closed, cleared when it is opened again. */
  endReason: z.enum(PLAN_END_REASONS).optional(),
});
export type PlanPatch = z.infer<typeof PlanPatch>;
export const VersionOut = z.object({ version: z.number() });

export const ActorIn = z.object({ kind: z.enum(ACTOR_KINDS), name: z.string().trim().min(2).max(200), consentId: z.uuid().nullable().default(null) });
export type ActorIn = z.infer<typeof ActorIn>;
export const ActorPatch = z.object({ consentId: z.uuid().nullable() });
export const InvitationIn = z.object({ partnerUserId: z.uuid() });

const Acknowledgement = z.object({ reason: z.string().trim().max(2000) });

export const MeasureIn = z.object({
  actorId: z.uuid(),
  kind: z.enum(MEASURE_KINDS),
  title: z.string().trim().min(2).max(300),
  contactPerson: z.string().trim().max(200).nullable().default(null),
  startsOn: z.iso.date(),
  plannedEndOn: z.iso.date().nullable().default(null),
  status: z.enum(MEASURE_STATUSES).default('planned'),
  dependsOn: z.array(z.uuid()).max(50).default([]),
  decisionId: z.uuid().nullable().default(null),
  templateKey: z.string().max(60).nullable().default(null),
  acknowledgement: Acknowledgement.optional(),
});
export type MeasureIn = z.infer<typeof MeasureIn>;

export const MeasurePatch = z.object({
  version: Version,
  actorId: z.uuid().optional(),
  kind: z.enum(MEASURE_KINDS).optional(),
  title: z.string().trim().min(2).max(300).optional(),
  contactPerson: z.string().trim().max(200).nullable().optional(),
  startsOn: z.iso.date().optional(),
  plannedEndOn: z.iso.date().nullable().optional(),
  status: z.enum(MEASURE_STATUSES).optional(),
  statusReason: z.string().trim().max(2000).nullable().optional(),
  dependsOn: z.array(z.uuid()).max(50).optional(),
  decisionId: z.uuid().nullable().optional(),
  /** Given to go ahead despite the warnings the change brings (answered with 409 and the warnings otherwise). */
  acknowledgement: Acknowledgement.optional(),
});
export type MeasurePatch = z.infer<typeof MeasurePatch>;
export const MeasureChangeOut = z.object({ id: z.string(), version: z.number(), planVersion: z.number() });
/** The answer when a change brings warnings that must be acknowledged first. */
export const WarningsOut = z.object({ error: z.string(), message: z.string(), warnings: z.array(WarningOut).optional() });

export const FollowUpIn = z.object({ dueOn: z.iso.date(), participants: z.array(z.string().trim().min(1).max(120)).max(30).default([]), notes: z.string().trim().max(10_000).nullable().default(null) });
export const FollowUpPatch = z.object({
  version: Version,
  dueOn: z.iso.date().optional(),
  heldOn: z.iso.date().nullable().optional(),
  participants: z.array(z.string().trim().min(1).max(120)).max(30).optional(),
  notes: z.string().trim().max(10_000).nullable().optional(),
});
export type FollowUpPatch = z.infer<typeof FollowUpPatch>;

export const AcknowledgementIn = z.object({ key: z.string().min(3).max(200), reason: z.string().trim().max(2000) });

export const PlanVersionOut = z.object({ version: z.number(), change: z.string(), changedBy: z.string().nullable(), changedAt: z.string(), snapshot: z.unknown() });

export const TemplateOut = z.object({ key: z.string(), source: z.string(), measures: z.array(z.object({ key: z.string(), actor: z.string(), kind: z.string(), title: z.string(), startMonth: z.number(), months: z.number(), dependsOn: z.array(z.string()) })) });
export const PersonChoice = z.object({ id: z.string(), name: z.string(), organisation: z.string().nullable() });

/** The printable plan: the person as `personShown` leaves them (no protected address), the plan, no case record. */
export const PlanDocumentOut = z.object({
  person: z.object({ label: z.string().nullable(), protectedIdentity: z.boolean(), address: z.string().nullable() }),
  coordinatorName: z.string().nullable(),
  unitName: z.string(),
  goals: z.string(),
  leadActor: z.string().nullable(),
  actors: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string() })),
  measures: z.array(z.object({ id: z.string(), actorId: z.string(), title: z.string(), contactPerson: z.string().nullable(), startsOn: z.string(), plannedEndOn: z.string().nullable(), status: z.string(), dependsOn: z.array(z.string()) })),
  followUps: z.array(z.object({ dueOn: z.string(), heldOn: z.string().nullable() })),
  version: z.number(),
  printedAt: z.date(),
});
export type PlanDocumentOut = z.infer<typeof PlanDocumentOut>;

/** What a partner sees: the plan's id, the coordinator to contact, and only the measures of the actors they are invited for. */
export const PartnerPlanOut = z.object({
  id: z.string(),
  personLabel: z.string().nullable(),
  coordinatorName: z.string().nullable(),
  actors: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string() })),
  measures: z.array(z.object({ id: z.string(), actorId: z.string(), kind: z.string(), title: z.string(), contactPerson: z.string().nullable(), startsOn: z.string(), plannedEndOn: z.string().nullable(), status: z.string(), partnerNote: z.string().nullable(), version: z.number() })),
});
export type PartnerPlanOut = z.infer<typeof PartnerPlanOut>;
export const PartnerPlanListItem = z.object({ id: z.string(), personLabel: z.string().nullable(), coordinatorName: z.string().nullable(), measures: z.number(), consentInForce: z.boolean() });
export const PartnerMeasurePatch = z.object({ version: Version, status: z.enum(['planned', 'active', 'completed', 'ended', 'refused']).optional(), partnerNote: z.string().trim().max(2000).nullable().optional() });
export type PartnerMeasurePatch = z.infer<typeof PartnerMeasurePatch>;

export { ConsentOut };

/** The plan of a case, for the case page's link: none, or its id and status. */
export const CasePlanOut = z.object({ id: z.string().nullable(), status: z.string().nullable() });
export type CasePlanOut = z.infer<typeof CasePlanOut>;

/** The language of the plan's PDF for the person. */
export const DocumentQuery = z.object({ lang: z.enum(['sv', 'en']).default('sv') });
