/**
 * Intake rules: every way a contact arrives, who the person is, and where the case goes.
 * Pure functions; the routes and stores apply them.
 */

export const CHANNELS = [
  'own_contact',
  'chat_escalation',
  'phone',
  'visit',
  'street_outreach',
  'online_outreach',
  'police',
  'school',
  'healthcare',
  'other_agency',
  'concern_report',
  'relative',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const IDENTITY_MODES = ['anonymous', 'pseudonymous', 'identified'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

export const GENDERS = ['woman', 'man', 'trans', 'non_binary', 'other', 'not_stated'] as const;
export const RISK_FACTORS = ['hbtqi', 'disability', 'substance_use', 'homelessness', 'migration', 'institutional_care', 'previous_sexual_abuse'] as const;
export const PROTECTION_LEVELS = ['none', 'sekretessmarkering', 'skyddad_folkbokforing', 'fingerade_personuppgifter'] as const;
export type Protection = (typeof PROTECTION_LEVELS)[number];

/** The role of the person the case is about. */
export const PERSON_ROLES = ['exposed', 'buys', 'relative', 'professional'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

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

export type AgeGroup = 'under_15' | '15_17' | 'adult' | 'unknown';
export type UnitKindTarget = 'children' | 'adult' | 'kast';

/** What is known about the person's age at the time of the contact. */
export interface AgeFacts {
  /** From a personnummer or a stated full date. */
  birthDate?: string | null;
  /** When only the year is known. */
  birthYear?: number | null;
  /** The age the person or the reporter stated. */
  statedAge?: number | null;
}

/** The possible ages as a range [min, max]; null when nothing is known. */
export function ageRange(facts: AgeFacts, on: Date): [number, number] | null {
  if (facts.birthDate) {
    const [y, m, d] = facts.birthDate.split('-').map(Number) as [number, number, number];
    let age = on.getUTCFullYear() - y;
    if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
    return [age, age];
  }
  if (facts.statedAge !== undefined && facts.statedAge !== null) return [facts.statedAge, facts.statedAge];
  if (facts.birthYear) {
    const upper = on.getUTCFullYear() - facts.birthYear;
    return [Math.max(0, upper - 1), upper];
  }
  return null;
}

/**
 * The age group the rules use. When the age is uncertain (only the birth year), the person is
 * presumed to be the younger age: a child is protected as a child until shown otherwise.
 */
export function ageGroupOf(range: [number, number] | null): AgeGroup {
  if (!range) return 'unknown';
  const presumed = range[0];
  if (presumed < 15) return 'under_15';
  if (presumed < 18) return '15_17';
  return 'adult';
}

export type Routing =
  | { outcome: 'routed'; unitKind: UnitKindTarget; ageGroup: Exclude<AgeGroup, 'unknown'>; victim: boolean; barnahusOffered: boolean }
  | { outcome: 'age_not_known' };

/**
 * Where a contact's case goes. Under 18 → the children's intake, always classified as a victim of
 * sexual exploitation when the child is the one exposed (a child cannot consent), with Barnahus
 * offered whether or not there is a police report. 18+ → the adult unit; adults who buy sex → KAST.
 * Unknown age is its own outcome: the caseworker must choose, nothing is assumed.
 */
export function routeContact(input: { ageGroup: AgeGroup; personRole: PersonRole }): Routing {
  const { ageGroup, personRole } = input;
  if (ageGroup === 'unknown') return { outcome: 'age_not_known' };
  if (ageGroup === 'adult') {
    return { outcome: 'routed', unitKind: personRole === 'buys' ? 'kast' : 'adult', ageGroup, victim: classifyVictim(personRole), barnahusOffered: false };
  }
  const childExposed = classifyVictim(personRole);
  return { outcome: 'routed', unitKind: 'children', ageGroup, victim: childExposed, barnahusOffered: childExposed };
}

/**
 * Whether the case is classified as a victim of sexual exploitation. What anyone said about
 * consent is deliberately not an input: a child cannot consent, and an exposed adult is met as
 * exposed. Used when the caseworker routes a contact whose age is not known.
 */
export function classifyVictim(personRole: PersonRole): boolean {
  return personRole === 'exposed';
}

/** Unit kinds a case can be opened in. */
export const CASE_UNIT_KINDS = ['children', 'adult', 'kast', 'economic_aid'] as const;

/**
 * Whether a unit chosen by hand fits the routing. Children stay in the children's intake and buyers
 * at KAST; an exposed adult may also be a case of the economic-aid unit, which asks every client the
 * same questions (the pilot in seed 004). With the age unknown, any case unit is the caseworker's call.
 */
export function chosenUnitProblem(routing: Routing, chosenKind: string): 'unitNotForCases' | 'unitDoesNotMatchRouting' | null {
  if (!(CASE_UNIT_KINDS as readonly string[]).includes(chosenKind)) return 'unitNotForCases';
  if (routing.outcome === 'age_not_known') return null;
  if (chosenKind === routing.unitKind) return null;
  if (routing.unitKind === 'adult' && chosenKind === 'economic_aid') return null;
  return 'unitDoesNotMatchRouting';
}

/** A referral to the regional coordinator is proposed as soon as one trafficking indicator is marked. */
export function proposesRegionalReferral(indicators: readonly string[]): boolean {
  return indicators.length > 0;
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

/** Initial assessment (förhandsbedömning) of a concern report about a child: within 14 days of receipt. */
export function assessmentDueDate(input: { channel: Channel; aboutChild: boolean; receivedOn: string }): string | null {
  if (input.channel !== 'concern_report' || !input.aboutChild) return null;
  const d = new Date(`${input.receivedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 14);
  return d.toISOString().slice(0, 10);
}

/** Address and contact details are hidden for anyone with protected personal data. */
export function isProtected(protection: Protection): boolean {
  return protection !== 'none';
}
