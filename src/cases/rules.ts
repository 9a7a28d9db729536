/** Case lifecycle, journal, decision and referral rules, and the attributes of a case. Pure functions. */
import { DEFAULT_PRESERVATION, preservedBecause, type Preservation } from '../core/retention-framework/preservation.ts';

/**
 * The role of the person the case is about. A person who exploits others (seed 003: those who are
 * exposed "eller utsätter andra") is kept as separate from victims as buyers are: never a victim
 * by routing, never in the victims' lists. A relative or professional who calls about someone else
 * is the contact's reporter, not the person (see intake's reporter); the roles stay for a case
 * that is about the relative themselves.
 */
export const PERSON_ROLES = ['exposed', 'buys', 'exploits', 'relative', 'professional'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** The age group a case is classified under (the intake decides it from what is known of the age). */
export const AGE_GROUPS = ['under_15', '15_17', 'adult', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const EXPLOITATION_TYPES = ['sex_for_compensation', 'trafficking', 'online_exploitation', 'pornography', 'grooming'] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

/** Indicators of trafficking (after the national method support's checklists), any one is enough to propose a referral. */
export const TRAFFICKING_INDICATORS = [
  'documents_held_by_others',
  'debt_to_exploiter',
  'controlled_movement',
  'does_not_know_address',
  'recently_arrived',
  'someone_else_speaks_for_them',
  'money_taken',
  'threats_or_violence',
  'moved_between_places',
  'advertised_by_others',
] as const;
export type TraffickingIndicator = (typeof TRAFFICKING_INDICATORS)[number];

/** A referral to the regional coordinator is proposed as soon as one trafficking indicator is marked. */
export function proposesRegionalReferral(indicators: readonly string[]): boolean {
  return indicators.length > 0;
}

/** The regional referral after the indicators change: proposed while any is marked; a referral already made stays made. */
export function regionalReferralAfter(current: string, indicators: readonly string[]): string {
  if (current === 'referred') return current;
  return proposesRegionalReferral(indicators) ? 'proposed' : 'none';
}

export type ReferralBasis = { kind: 'consent'; consentGivenOn: string } | { kind: 'legal_basis'; legalBasis: string };

/** Why a referral to the regional coordinator cannot be made, or null when it can. */
export function regionalReferralProblem(indicators: readonly string[], basis: ReferralBasis | null | undefined): 'noIndicators' | 'referralNeedsConsent' | null {
  if (!proposesRegionalReferral(indicators)) return 'noIndicators';
  if (!basis) return 'referralNeedsConsent';
  if (basis.kind === 'consent' && !basis.consentGivenOn) return 'referralNeedsConsent';
  if (basis.kind === 'legal_basis' && basis.legalBasis.trim().length < 3) return 'referralNeedsConsent';
  return null;
}

export const CASE_STATUSES = ['opened', 'initial_assessment', 'investigation', 'decisions', 'follow_up', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * The steps a case may take from each status: forward one step, or closed from any step (an
 * initial assessment may end with no investigation; a person may decline further contact).
 */
const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  opened: ['initial_assessment', 'closed'],
  initial_assessment: ['investigation', 'closed'],
  investigation: ['decisions', 'closed'],
  decisions: ['follow_up', 'closed'],
  follow_up: ['decisions', 'closed'],
  closed: [],
};

export function allowedNextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}

export function canMoveTo(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses in which the case still waits for its initial assessment to be done. */
export const AWAITING_ASSESSMENT: readonly CaseStatus[] = ['opened', 'initial_assessment'];

/**
 * Barnahus for a child: offered at intake (no police report needed), referred, and then accepted
 * or declined by the child and the guardians; each state reachable from the one before.
 */
export const BARNAHUS_STATES = ['not_applicable', 'offered', 'referred', 'accepted', 'declined'] as const;
export type BarnahusState = (typeof BARNAHUS_STATES)[number];
const BARNAHUS_NEXT: Record<BarnahusState, readonly BarnahusState[]> = {
  not_applicable: [],
  offered: ['referred', 'accepted', 'declined'],
  referred: ['accepted', 'declined'],
  accepted: [],
  declined: ['offered'],
};
export function canMoveBarnahus(from: string, to: BarnahusState): boolean {
  return (BARNAHUS_NEXT[from as BarnahusState] ?? []).includes(to);
}

export function isAssessmentOverdue(c: { status: CaseStatus; assessmentDue: string | null }, today: string): boolean {
  return c.assessmentDue !== null && AWAITING_ASSESSMENT.includes(c.status) && c.assessmentDue < today;
}

/**
 * Support (insatser). None has a precondition: no support requires the person to be drug-free
 * (seed 000); the conditions a decision may rest on are structured (DECISION_CONDITIONS) and the
 * rule below refuses the ones that amount to drug-freedom.
 */
export const SUPPORT_TYPES = [
  'protected_housing',
  'economic_aid',
  'support_talks',
  'trauma_treatment',
  'substance_use_treatment',
  'journey_home',
  'long_term_housing',
  'civil_society_referral',
  'kast_talks',
] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

/**
 * The support a case is offered, from the person and the unit. A child (under 18, or a case of the
 * children's unit with the age unknown) is not offered economic aid in their own name, a journey
 * home or housing of their own: those go through the guardians or a placement decision. A person
 * who buys sex is offered KAST talks, and support for themselves, never the support meant for the
 * people they bought from. The economic-aid unit decides on economic aid and housing.
 * A referral to civil society is no decision: it is a referral to a directory entry (one model,
 * "Hänvisa till stöd"), so `civil_society_referral` is offered to no one; old decisions keep it.
 */
export function supportTypesFor(c: { ageGroup: string; personRole: string; unitKind: string }): SupportType[] {
  const child = c.ageGroup === 'under_15' || c.ageGroup === '15_17' || (c.ageGroup === 'unknown' && c.unitKind === 'children');
  let offered: SupportType[];
  if (c.personRole === 'buys') offered = ['kast_talks', 'support_talks', 'trauma_treatment', 'substance_use_treatment'];
  else if (c.personRole === 'relative' || c.personRole === 'professional') offered = ['support_talks'];
  else offered = SUPPORT_TYPES.filter((s) => s !== 'kast_talks' && s !== 'civil_society_referral');
  if (child) offered = offered.filter((s) => s !== 'economic_aid' && s !== 'journey_home' && s !== 'long_term_housing');
  if (c.unitKind === 'economic_aid') offered = offered.filter((s) => s === 'economic_aid' || s === 'long_term_housing');
  if (c.unitKind === 'kast') offered = offered.filter((s) => s !== 'protected_housing');
  return offered;
}

export const REFUSAL_GROUNDS = ['need_met_otherwise', 'no_need_found', 'declined_by_person', 'other_authority_responsible', 'sufficient_income', 'other'] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

/** Where income that a refusal for sufficient income rests on comes from. */
export const INCOME_SOURCES = ['work', 'benefits', 'sex_buyer', 'other'] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

/**
 * What a decision may be made on: what the person must do (a grant) or the unmet condition it rests
 * on (a refusal). Being drug-free, and drug tests that prove it, are named so the rule can refuse
 * them: support is never conditional on being drug-free (seed 000).
 */
export const DECISION_CONDITIONS = ['drug_free', 'drug_tests', 'follows_plan', 'attends_meetings', 'other'] as const;
export type DecisionCondition = (typeof DECISION_CONDITIONS)[number];
export const DRUG_FREE_CONDITIONS: readonly DecisionCondition[] = ['drug_free', 'drug_tests'];

/** Why a granted measure ended. */
export const END_REASONS = ['goal_reached', 'person_ended', 'moved', 'replaced_by_other_measure', 'not_followed', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface DecisionInput {
  supportType: SupportType;
  outcome: 'granted' | 'refused';
  refusalGround?: RefusalGround | null;
  incomeSources?: readonly IncomeSource[];
  conditions?: readonly DecisionCondition[];
  startsOn?: string | null;
  endsOn?: string | null;
  reasoning: string;
}

/** Problems with a decision, as error codes; empty when it may be recorded. */
export function decisionProblems(d: DecisionInput, caseStatus: CaseStatus, offered: readonly SupportType[] = SUPPORT_TYPES): string[] {
  const problems: string[] = [];
  if (caseStatus === 'closed') problems.push('caseClosed');
  if (!offered.includes(d.supportType)) problems.push('supportTypeNotOffered');
  if (d.reasoning.trim().length < 10) problems.push('reasoningTooShort');
  if (d.outcome === 'refused' && !d.refusalGround) problems.push('refusalNeedsGround');
  if (d.outcome === 'granted' && d.refusalGround) problems.push('grantHasNoGround');
  if (d.outcome === 'granted' && (!d.startsOn || !d.endsOn)) problems.push('measureNeedsPeriod');
  if (d.startsOn && d.endsOn && d.endsOn < d.startsOn) problems.push('measureEndsBeforeStart');
  if (d.outcome === 'refused' && (d.startsOn || d.endsOn)) problems.push('refusalHasNoPeriod');
  if ((d.incomeSources?.length ?? 0) > 0 && d.refusalGround !== 'sufficient_income') problems.push('incomeOnlyForIncomeGround');
  if (d.refusalGround === 'sufficient_income' && !d.incomeSources?.length) problems.push('incomeNeedsSource');
  // Support is never made conditional on being drug-free (seed 000): not as a condition of a grant,
  // and not as the unmet condition a refusal rests on.
  if (d.conditions?.some((c) => DRUG_FREE_CONDITIONS.includes(c))) problems.push('drugFreeCondition');
  return problems;
}

/**
 * Warnings a caseworker must acknowledge before the decision is recorded. Refusing economic aid
 * because the person had money from a sex buyer: such money does not bar aid during an exit, and
 * a refusal can topple the other measures of the exit (seed 003).
 */
export function decisionWarnings(d: DecisionInput): Array<'sexBuyerIncome'> {
  if (d.supportType === 'economic_aid' && d.outcome === 'refused' && d.refusalGround === 'sufficient_income' && d.incomeSources?.includes('sex_buyer')) return ['sexBuyerIncome'];
  return [];
}

/** The state of a decision on a day: a refusal, or a granted measure planned, ongoing or ended. */
export type MeasureState = 'refused' | 'planned' | 'ongoing' | 'ended' | 'expired';
export function measureState(d: { outcome: string; startsOn: string | null; endsOn: string | null; endedOn: string | null }, today: string): MeasureState {
  if (d.outcome === 'refused') return 'refused';
  if (d.endedOn && d.endedOn <= today) return 'ended';
  if (d.startsOn && today < d.startsOn) return 'planned';
  if (d.endsOn && d.endsOn < today) return 'expired';
  return 'ongoing';
}

/** Why a granted measure cannot be ended on that day with that reason, or null. */
export function endMeasureProblem(
  d: { outcome: string; startsOn: string | null; endedOn: string | null },
  end: { endedOn: string; endReason: EndReason; endNote: string },
  today: string,
): 'onlyGrantedEnds' | 'measureAlreadyEnded' | 'endBeforeStart' | 'endInFuture' | 'endNeedsNote' | null {
  if (d.outcome !== 'granted') return 'onlyGrantedEnds';
  if (d.endedOn) return 'measureAlreadyEnded';
  if (d.startsOn && end.endedOn < d.startsOn) return 'endBeforeStart';
  if (end.endedOn > today) return 'endInFuture';
  if (end.endReason === 'other' && end.endNote.trim().length < 3) return 'endNeedsNote';
  return null;
}

/** A signed journal entry is never changed; corrections are new entries pointing at it. */
export function journalEditProblem(entry: { signedAt: Date | null; authorId: string }, userId: string): 'journalSigned' | 'notAuthor' | null {
  if (entry.signedAt) return 'journalSigned';
  if (entry.authorId !== userId) return 'notAuthor';
  return null;
}

/** Retention: a closed case goes five years after its last entry (journal, decision, answers or closure). */
export const CASE_KEEP_DAYS = 5 * 365 + 1;

export function isCaseDueForDeletion(c: { status: CaseStatus; lastActivityAt: Date }, now: Date, keepDays = CASE_KEEP_DAYS): boolean {
  if (c.status !== 'closed') return false;
  return c.lastActivityAt.getTime() < now.getTime() - keepDays * 24 * 60 * 60 * 1000;
}

/** Why a case moves to another unit (seed 000: BoU 0–17, Nexus from 18; seed 004: adult unit ↔ economic aid; another district). */
export const TRANSFER_REASONS = ['age_corrected', 'turned_18', 'economic_aid', 'other_district', 'other'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

/**
 * Records the law says must be kept are never culled: the municipality's preservation setting
 * (SoF 7 kap. 2 §, core/retention-framework/preservation.ts — by default the persons born on the
 * 5th, 15th or 25th; Göteborg and others keep every record). A rule on the person, not a hand-set
 * flag; a samordningsnummer's day is the real day (day + 60 is undone when it is parsed).
 */
export function legallyKept(person: { birthDate: string | null }, preservation: Preservation = DEFAULT_PRESERVATION): boolean {
  return preservedBecause(person, preservation) !== null;
}

/**
 * The person's file (personakt) spans their cases: a closed case goes only when the last entry in
 * any of the person's cases is older than the retention period, every one of their cases is closed,
 * and nothing of the person is legally kept. A five-year-old closed case stays while the person has
 * recent entries elsewhere.
 */
export function isPersonFileDueForDeletion(
  file: { birthDate: string | null; cases: readonly { status: CaseStatus; lastActivityAt: Date }[] },
  now: Date,
  keepDays = CASE_KEEP_DAYS,
  preservation: Preservation = DEFAULT_PRESERVATION,
): boolean {
  if (file.cases.length === 0 || legallyKept(file, preservation)) return false;
  return file.cases.every((c) => isCaseDueForDeletion(c, now, keepDays));
}
