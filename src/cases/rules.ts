/** Case lifecycle, journal, decision and referral rules, and the attributes of a case. Pure functions. */
import { chosenUnitProblem, routeContact } from '../intake/rules.ts';

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
 * Support (insatser). None has a precondition: in particular no support requires the person to
 * be drug-free, so there is no field for preconditions and no refusal ground that says so.
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
] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

export const REFUSAL_GROUNDS = ['need_met_otherwise', 'no_need_found', 'declined_by_person', 'other_authority_responsible', 'other'] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

export interface DecisionInput {
  supportType: SupportType;
  outcome: 'granted' | 'refused';
  refusalGround?: RefusalGround | null;
  reasoning: string;
}

const DRUG_FREE_CONDITION = /drogfri|nykter|drug[- ]?free|sober|abstinen|missbruk.{0,30}(först|innan|villkor)/i;

/** Problems with a decision, as error codes; empty when it may be recorded. */
export function decisionProblems(d: DecisionInput, caseStatus: CaseStatus): string[] {
  const problems: string[] = [];
  if (caseStatus === 'closed') problems.push('caseClosed');
  if (d.reasoning.trim().length < 10) problems.push('reasoningTooShort');
  if (d.outcome === 'refused' && !d.refusalGround) problems.push('refusalNeedsGround');
  if (d.outcome === 'granted' && d.refusalGround) problems.push('grantHasNoGround');
  // Support is never made conditional on being drug-free (seed 000): a refusal or grant that
  // reasons with it is refused so the caseworker reconsiders and rewrites it.
  if (DRUG_FREE_CONDITION.test(d.reasoning)) problems.push('drugFreeCondition');
  return problems;
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

export interface TransferUnit {
  id: string;
  kind: string;
  active: boolean;
}

/**
 * Why a case cannot be offered to the unit, or null. The routing rules still hold at the transfer:
 * with the person's age today, a child's case stays with a children's unit (never KAST or an adult
 * unit), a buyer's at KAST; an exposed adult's may go to economic aid and back; any unit of the
 * same kind (another district's) may take it. One pending transfer at a time; a closed case stays.
 */
export function transferProblem(input: {
  status: CaseStatus;
  from: TransferUnit;
  to: TransferUnit;
  ageGroupNow: AgeGroup;
  personRole: PersonRole;
  pending: boolean;
}): 'caseClosed' | 'transferPending' | 'sameUnit' | 'unitInactive' | 'unitNotForCases' | 'unitDoesNotMatchRouting' | null {
  if (input.status === 'closed') return 'caseClosed';
  if (input.pending) return 'transferPending';
  if (input.from.id === input.to.id) return 'sameUnit';
  if (!input.to.active) return 'unitInactive';
  return chosenUnitProblem(routeContact({ ageGroup: input.ageGroupNow, personRole: input.personRole }), input.to.kind);
}

/**
 * Records the law says must be kept are never culled (SoL: the records of persons born on the 5th,
 * 15th or 25th of a month are kept for research). A rule on the person, not a hand-set flag.
 */
export function legallyKept(person: { birthDate: string | null }): boolean {
  if (!person.birthDate) return false;
  return [5, 15, 25].includes(Number(person.birthDate.slice(8, 10)));
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
): boolean {
  if (file.cases.length === 0 || legallyKept(file)) return false;
  return file.cases.every((c) => isCaseDueForDeletion(c, now, keepDays));
}
