/**
 * Exit-plan rules (seed 003, SOU 2023:97): dependencies between measures and their cycles, dates,
 * and the warnings a coordinator must see — each a plain function of the plan, no I/O.
 */
import { SUPPORT_TYPES } from '../cases/rules.ts';
import { consentExpiringSoon, consentStatus, needsConsent, type ConsentState } from '../consents/rules.ts';
import { swedishDate } from '../core/time/stockholm.ts';

export const MEASURE_KINDS = [
  ...SUPPORT_TYPES,
  'residence_permit',
  'reflection_period',
  'healthcare',
  'employment',
  'social_insurance',
  'barnahus',
  'police_report',
  'relocation',
  'school',
  'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const MEASURE_STATUSES = ['planned', 'active', 'completed', 'ended', 'refused'] as const;
/** How a plan ended, chosen when it is closed (0318; the statistics count plans ended by reason). */
export const PLAN_END_REASONS = ['goals_reached', 'person_declined', 'contact_lost', 'moved', 'handed_over', 'returned_home_country', 'other'] as const;
export type PlanEndReason = (typeof PLAN_END_REASONS)[number];
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** A measure still running or still to come: what another measure's ending can topple. */
export function isOngoing(status: string): boolean {
  return status === 'planned' || status === 'active';
}
/** Ended early or refused: what leaves a dependent measure without its ground. */
export function isBroken(status: string): boolean {
  return status === 'ended' || status === 'refused';
}

export interface MeasureFacts {
  id: string;
  title: string;
  kind: string;
  status: string;
  statusReason: string | null;
  dependsOn: readonly string[];
  startsOn: string;
  plannedEndOn: string | null;
  decisionId: string | null;
}

/** A municipal decision as a measure sees it (read through the cases capability's decisions). */
export interface DecisionFacts {
  id: string;
  supportType: string;
  outcome: string;
  reasoning: string;
  /** When the decided support ended (the decisions' end date, where the case records one). */
  endedOn: string | null;
}

/**
 * The status that counts: a measure that is a municipal decision follows the decision — a refused
 * decision is a refused measure, an ended decision an ended one.
 */
export function effectiveStatus(m: Pick<MeasureFacts, 'status' | 'decisionId'>, decisions: ReadonlyMap<string, DecisionFacts>, today: string): string {
  const d = m.decisionId ? decisions.get(m.decisionId) : undefined;
  if (d && d.outcome === 'refused') return 'refused';
  if (d && d.endedOn !== null && d.endedOn <= today && isOngoing(m.status)) return 'ended';
  return m.status;
}

/**
 * The first cycle among the dependencies, as the measure ids around it with the first repeated at
 * the end (a → b → a), or null. Dependencies on measures not in the list are ignored.
 */
export function findCycle(measures: ReadonlyArray<Pick<MeasureFacts, 'id' | 'dependsOn'>>): string[] | null {
  const edges = new Map(measures.map((m) => [m.id, m.dependsOn]));
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    trail.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!edges.has(next)) continue;
      if (state.get(next) === 'open') return [...trail.slice(trail.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    trail.pop();
    state.set(id, 'done');
    return null;
  };
  for (const m of measures) {
    if (state.has(m.id)) continue;
    const found = visit(m.id);
    if (found) return found;
  }
  return null;
}

/** Why a measure's own facts do not hold, as an error code, or null. */
export function measureProblem(m: Pick<MeasureFacts, 'id' | 'startsOn' | 'plannedEndOn' | 'dependsOn'>): 'endBeforeStart' | 'dependsOnItself' | null {
  if (m.plannedEndOn !== null && m.plannedEndOn < m.startsOn) return 'endBeforeStart';
  if (m.dependsOn.includes(m.id)) return 'dependsOnItself';
  return null;
}

export const WARNING_RULES = ['dependency', 'economic_aid_sex_buyer', 'follow_up_overdue', 'consent_expiring', 'consent_lapsed'] as const;
export type WarningRule = (typeof WARNING_RULES)[number];

export interface Warning {
  /** Stable across reads: what an acknowledgement names. */
  key: string;
  rule: WarningRule;
  /** The measure that broke (dependency), was refused (economic aid), or null. */
  measureId: string | null;
  /** The ongoing measures that rest on the broken one. */
  dependentIds: string[];
  decisionId: string | null;
  followUpId: string | null;
  consentId: string | null;
  /** The actor whose consent lapsed (consent_lapsed), or null. */
  actorId: string | null;
  /** The date the warning is about (the follow-up due, the consent's last day). */
  date: string | null;
}

const warning = (w: Partial<Warning> & Pick<Warning, 'key' | 'rule'>): Warning => ({ measureId: null, dependentIds: [], decisionId: null, followUpId: null, consentId: null, actorId: null, date: null, ...w });

/**
 * Ending or refusing a measure that an ongoing measure depends on: "ending the housing placement
 * leaves economic aid and trauma treatment without an address" (seed 003).
 */
export function dependencyWarnings(measures: ReadonlyArray<MeasureFacts & { effective: string }>): Warning[] {
  const out: Warning[] = [];
  for (const m of measures) {
    if (!isBroken(m.effective)) continue;
    const dependents = measures.filter((d) => isOngoing(d.effective) && d.dependsOn.includes(m.id)).map((d) => d.id);
    if (dependents.length) out.push(warning({ key: `dependency:${m.id}`, rule: 'dependency', measureId: m.id, dependentIds: dependents }));
  }
  return out;
}

/** Money from a sex buyer, named in a refusal's reason (Swedish and English wordings). */
const SEX_BUYER_INCOME = /sexköp|köpare|torsk|sex mot (ersättning|betalning|pengar)|ersättning för sex|betalt? för sex|pengar (för|från) (sex|kund)|sex buyer|buyers?\b|paid for sex|money (for|from) sex|punter/i;

export function mentionsSexBuyerIncome(text: string | null | undefined): boolean {
  return !!text && SEX_BUYER_INCOME.test(text);
}

/**
 * Economic aid refused because the person received money from a sex buyer — wherever the refusal
 * is recorded, on a measure of the plan or in a decision of the case. Seed 003: nothing in the law
 * bars economic aid to someone who needs it to leave, even after recent payment for being exploited.
 */
export function economicAidWarnings(measures: ReadonlyArray<MeasureFacts & { effective: string }>, decisions: readonly DecisionFacts[]): Warning[] {
  const out: Warning[] = [];
  for (const m of measures) {
    if (m.kind === 'economic_aid' && m.effective === 'refused' && mentionsSexBuyerIncome(m.statusReason)) out.push(warning({ key: `economic_aid:measure:${m.id}`, rule: 'economic_aid_sex_buyer', measureId: m.id }));
  }
  for (const d of decisions) {
    if (d.supportType === 'economic_aid' && d.outcome === 'refused' && mentionsSexBuyerIncome(d.reasoning)) out.push(warning({ key: `economic_aid:decision:${d.id}`, rule: 'economic_aid_sex_buyer', decisionId: d.id }));
  }
  return out;
}

export interface FollowUpFacts {
  id: string;
  dueOn: string;
  heldOn: string | null;
}

/** A follow-up meeting whose day has passed without it being held. */
export function followUpWarnings(followUps: readonly FollowUpFacts[], today: string): Warning[] {
  return followUps.filter((f) => f.heldOn === null && f.dueOn < today).map((f) => warning({ key: `follow_up_overdue:${f.id}`, rule: 'follow_up_overdue', followUpId: f.id, date: f.dueOn }));
}

/** A consent an actor of the plan rests on, in force but about to expire. */
export function consentWarnings(consents: ReadonlyArray<ConsentState & { id: string }>, today: string): Warning[] {
  return consents.filter((c) => consentExpiringSoon(c, today)).map((c) => warning({ key: `consent_expiring:${c.id}`, rule: 'consent_expiring', consentId: c.id, date: c.expiresOn }));
}

/** An actor of the plan as the consent rule sees it: the consent it rests on, and whether a partner account is invited for it. */
export interface ActorFacts {
  id: string;
  kind: string;
  consentId: string | null;
  partnerUserId: string | null;
  consent: ConsentState | null;
}

/**
 * An actor whose consent has lapsed — withdrawn, or past its expiry — while the actor still has a
 * partner invited or measures under way: the partner has already lost access (their next request is
 * refused), and the coordinator must know the plan's work with that actor has no ground. The date
 * is the day it lapsed (the withdrawal, or the last day of the consent).
 */
export function consentLapsedWarnings(actors: readonly ActorFacts[], measures: ReadonlyArray<Pick<MeasureFacts, 'id' | 'status'> & { actorId: string; effective?: string }>, today: string): Warning[] {
  const out: Warning[] = [];
  for (const a of actors) {
    if (!needsConsent(a.kind) || !a.consentId || !a.consent) continue;
    const status = consentStatus(a.consent, today);
    if (status !== 'withdrawn' && status !== 'expired') continue;
    const ongoing = measures.filter((m) => m.actorId === a.id && isOngoing(m.effective ?? m.status)).map((m) => m.id);
    if (!a.partnerUserId && ongoing.length === 0) continue;
    const date = status === 'withdrawn' ? swedishDate(new Date(a.consent.withdrawnAt!)) : a.consent.expiresOn;
    out.push(warning({ key: `consent_lapsed:${a.id}:${a.consentId}`, rule: 'consent_lapsed', consentId: a.consentId, actorId: a.id, dependentIds: ongoing, date }));
  }
  return out;
}

export interface PlanFacts {
  measures: ReadonlyArray<MeasureFacts & { actorId?: string }>;
  decisions: readonly DecisionFacts[];
  followUps: readonly FollowUpFacts[];
  /** The consents the plan's actors rest on. */
  consents: ReadonlyArray<ConsentState & { id: string }>;
  /** The plan's actors with the state of their consent (for the lapsed-consent warning). */
  actors?: readonly ActorFacts[];
}

/** Every warning of the plan today, the measures' effective statuses applied. */
export function planWarnings(plan: PlanFacts, today: string): Warning[] {
  const byId = new Map(plan.decisions.map((d) => [d.id, d]));
  const measures = plan.measures.map((m) => ({ ...m, effective: effectiveStatus(m, byId, today) }));
  const lapsed = consentLapsedWarnings(
    plan.actors ?? [],
    measures.flatMap((m) => (m.actorId ? [{ id: m.id, status: m.status, effective: m.effective, actorId: m.actorId }] : [])),
    today,
  );
  return [...dependencyWarnings(measures), ...economicAidWarnings(measures, plan.decisions), ...followUpWarnings(plan.followUps, today), ...consentWarnings(plan.consents, today), ...lapsed];
}

/** The warnings a change brings that were not there before and are not yet acknowledged: these stop it until acknowledged with a reason. */
export function warningsToAcknowledge(before: readonly Warning[], after: readonly Warning[], acknowledged: ReadonlySet<string>): Warning[] {
  const existing = new Set(before.map((w) => w.key));
  return after.filter((w) => !existing.has(w.key) && !acknowledged.has(w.key));
}

/** A reason that says something: at least ten characters. */
export function acknowledgementProblem(reason: string | null | undefined): 'acknowledgementNeedsReason' | null {
  return reason && reason.trim().length >= 10 ? null : 'acknowledgementNeedsReason';
}
