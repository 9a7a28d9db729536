/**
 * Person rules: who the person is (identity mode, personnummer), what is recorded about them, and
 * what protected personal data hides. Pure functions; the routes and stores apply them.
 */
import { formatPersonnummer } from './personnummer.ts';

export const IDENTITY_MODES = ['anonymous', 'pseudonymous', 'identified'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

export const GENDERS = ['woman', 'man', 'trans', 'non_binary', 'other', 'not_stated'] as const;
/**
 * Risk factors (seeds 001, 003). Self-harm is only ever recorded in addition: a child's sexual
 * exploitation is never recorded as self-harm instead (see selfHarmProblem).
 */
export const RISK_FACTORS = [
  'hbtqi',
  'disability',
  'substance_use',
  'homelessness',
  'migration',
  'institutional_care',
  'previous_sexual_abuse',
  'unaccompanied_minor',
  'prison_or_probation',
  'self_harm',
  'school_absence',
  'neuropsychiatric_diagnosis',
  'gang_environment',
] as const;
/** Residence status decides which support is possible (seed 001). */
export const RESIDENCE_STATUSES = ['unknown', 'permit', 'eu_right_of_residence', 'none'] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];
export const PROTECTION_LEVELS = ['none', 'sekretessmarkering', 'skyddad_folkbokforing', 'fingerade_personuppgifter'] as const;
export type Protection = (typeof PROTECTION_LEVELS)[number];

/** The fields of a person the audit log names, apart from the contact details. */
export const PERSON_FIELDS = ['identityMode', 'personnummer', 'name', 'pseudonym', 'birthDate', 'birthYear', 'gender', 'languages', 'interpreterNeeded', 'citizenship', 'euCitizen', 'riskFactors', 'residenceStatus', 'protection'];
/** Address and contact details: what protected personal data hides. */
export const CONTACT_DETAIL_FIELDS = ['address', 'phone', 'email'];

/**
 * Self-harm only in addition: for a child who is exposed, self-harm may be recorded only beside the
 * exploitation itself (at least one exploitation type), never instead of it.
 */
export function selfHarmProblem(input: { riskFactors: readonly string[]; child: boolean; exposed: boolean; exploitationTypes: readonly string[] }): 'selfHarmOnlyInAddition' | null {
  if (!input.riskFactors.includes('self_harm') || !input.child || !input.exposed) return null;
  return input.exploitationTypes.length === 0 ? 'selfHarmOnlyInAddition' : null;
}

/** How strict a protection level is: the order of PROTECTION_LEVELS, none first. */
export function protectionRank(protection: string): number {
  return Math.max(0, (PROTECTION_LEVELS as readonly string[]).indexOf(protection));
}

/** Whether a change of protection makes it less strict (which needs the right to open protected data and a reason). */
export function lowersProtection(from: string, to: string): boolean {
  return protectionRank(to) < protectionRank(from);
}

/** Address and contact details are hidden for anyone with protected personal data. */
export function isProtected(protection: string): boolean {
  return protection !== 'none';
}

/** Why the identity given for a new person does not hold together (an error code), or null. */
export function identityProblem(
  p: { identityMode: IdentityMode; personnummer: string | null; name: string | null; pseudonym: string | null; birthDate: string | null; birthYear: number | null },
  today: string,
): 'anonymousWithIdentity' | 'identifiedNeedsIdentity' | 'pseudonymousNeedsPseudonym' | 'birthDateAndYear' | 'dateInFuture' | null {
  if (p.identityMode === 'anonymous' && (p.personnummer || p.name)) return 'anonymousWithIdentity';
  if (p.identityMode === 'identified' && !p.personnummer && !p.name) return 'identifiedNeedsIdentity';
  if (p.identityMode === 'pseudonymous' && !p.pseudonym) return 'pseudonymousNeedsPseudonym';
  if (p.birthDate && p.birthYear) return 'birthDateAndYear';
  if (p.birthDate && p.birthDate > today) return 'dateInFuture';
  return null;
}

/**
 * The person as staff see them: the personnummer written YYYYMMDD-NNNN, and with protected
 * personal data no address or contact detail (`contactDetailsHidden` says so). Opening those is
 * a separate, logged request. `hideContactDetails` hides them also when the level shown is none (an
 * answer to the change that lowered it).
 */
export function personShown<P extends { personnummer: string | null; protection: string; address: string | null; phone: string | null; email: string | null }>(
  p: P,
  options: { hideContactDetails?: boolean } = {},
): P & { contactDetailsHidden: boolean } {
  const hide = isProtected(p.protection) || !!options.hideContactDetails;
  return {
    ...p,
    personnummer: p.personnummer ? formatPersonnummer(p.personnummer) : null,
    contactDetailsHidden: hide,
    address: hide ? null : p.address,
    phone: hide ? null : p.phone,
    email: hide ? null : p.email,
  };
}

/** The fields a read of the person discloses (the contact details only when shown). */
export function personFieldsRead(contactDetailsHidden: boolean): string[] {
  return contactDetailsHidden ? PERSON_FIELDS : PERSON_FIELDS.concat(CONTACT_DETAIL_FIELDS);
}
