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

/**
 * The same check when a person's risk factors are changed later (not only at intake): self-harm may
 * be added for a child only if each of their open cases as exposed names the exploitation. The
 * cases are given as their age group (the case's, 'under_15' and '15_17' are children), role and
 * exploitation types.
 */
export function selfHarmOnEditProblem(
  riskFactors: readonly string[],
  openCases: ReadonlyArray<{ ageGroup: string; personRole: string; exploitationTypes: readonly string[] }>,
): 'selfHarmOnlyInAddition' | null {
  for (const k of openCases) {
    const problem = selfHarmProblem({ riskFactors, child: k.ageGroup === 'under_15' || k.ageGroup === '15_17', exposed: k.personRole === 'exposed', exploitationTypes: k.exploitationTypes });
    if (problem) return problem;
  }
  return null;
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

/**
 * Merging two records of the same person (met anonymously, then under a pseudonym, then
 * identified). The fields of one person as a merge reads and writes them.
 */
export interface MergeFields {
  identityMode: IdentityMode;
  personnummer: string | null;
  idKind: string | null;
  name: string | null;
  pseudonym: string | null;
  birthDate: string | null;
  birthYear: number | null;
  gender: string;
  languages: string[];
  interpreterNeeded: boolean;
  citizenship: string | null;
  euCitizen: boolean | null;
  riskFactors: string[];
  residenceStatus: string;
  districtId: string | null;
  protection: string;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/** How long a merge can be undone. */
export const MERGE_UNDO_DAYS = 30;

/** Why two records cannot be merged (an error code), or null. Two different personnummer are two people. */
export function mergeProblem(
  survivor: { id: string; personnummer: string | null; mergedInto: string | null },
  merged: { id: string; personnummer: string | null; mergedInto: string | null },
): 'mergeSamePerson' | 'mergeDifferentPersonnummer' | 'mergeAlreadyMerged' | null {
  if (survivor.id === merged.id) return 'mergeSamePerson';
  if (survivor.mergedInto || merged.mergedInto) return 'mergeAlreadyMerged';
  if (survivor.personnummer && merged.personnummer && survivor.personnummer !== merged.personnummer) return 'mergeDifferentPersonnummer';
  return null;
}

/**
 * Whether a request to another unit to merge can be sent (an error code), or null. The named record
 * must exist and be held by a unit (a case), be another record, and not be one of the caller's own
 * (then they merge it themselves); one pending request per pair.
 */
export function mergeRequestProblem(x: { survivorId: string; otherId: string | null; otherInCallersUnits: boolean; otherHeldByAUnit: boolean; pendingForPair: boolean }):
  | 'mergeRequestNoMatch'
  | 'mergeSamePerson'
  | 'mergeRequestInYourUnits'
  | 'mergeRequestPending'
  | null {
  if (!x.otherId || !x.otherHeldByAUnit) return 'mergeRequestNoMatch';
  if (x.otherId === x.survivorId) return 'mergeSamePerson';
  if (x.otherInCallersUnits) return 'mergeRequestInYourUnits';
  if (x.pendingForPair) return 'mergeRequestPending';
  return null;
}

/**
 * Whether the caller may withdraw a merge request (an error code), or null: only a unit that asked
 * (the caller works in the requesting unit with the right to ask) — to anyone else the request does
 * not exist — and only while it is unanswered (an accepted one is undone as a merge, a declined one
 * is closed).
 */
export function mergeRequestWithdrawProblem(x: { callerInRequestingUnit: boolean; status: 'pending' | 'accepted' | 'declined' | 'withdrawn' }): 'notFound' | 'mergeRequestWithdrawn' | 'mergeRequestDecided' | null {
  if (!x.callerInRequestingUnit) return 'notFound';
  if (x.status === 'withdrawn') return 'mergeRequestWithdrawn';
  if (x.status !== 'pending') return 'mergeRequestDecided';
  return null;
}

const IDENTITY_RANK: Record<IdentityMode, number> = { anonymous: 0, pseudonymous: 1, identified: 2 };
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/**
 * The surviving record after a merge: what the survivor knows stays; what only the other record
 * knows fills the gaps; lists are joined; the most identified identity and the stricter protection
 * win (a protected identity is never lost in a merge).
 */
export function mergedPerson(survivor: MergeFields, other: MergeFields): MergeFields {
  const birthDate = survivor.birthDate ?? other.birthDate;
  return {
    identityMode: IDENTITY_RANK[other.identityMode] > IDENTITY_RANK[survivor.identityMode] ? other.identityMode : survivor.identityMode,
    personnummer: survivor.personnummer ?? other.personnummer,
    idKind: survivor.personnummer ? survivor.idKind : other.idKind,
    name: survivor.name ?? other.name,
    pseudonym: survivor.pseudonym ?? other.pseudonym,
    birthDate,
    birthYear: birthDate ? null : (survivor.birthYear ?? other.birthYear),
    gender: survivor.gender === 'not_stated' ? other.gender : survivor.gender,
    languages: union(survivor.languages, other.languages),
    interpreterNeeded: survivor.interpreterNeeded || other.interpreterNeeded,
    citizenship: survivor.citizenship ?? other.citizenship,
    euCitizen: survivor.euCitizen ?? other.euCitizen,
    riskFactors: union(survivor.riskFactors, other.riskFactors),
    residenceStatus: survivor.residenceStatus === 'unknown' ? other.residenceStatus : survivor.residenceStatus,
    districtId: survivor.districtId ?? other.districtId,
    protection: protectionRank(other.protection) > protectionRank(survivor.protection) ? other.protection : survivor.protection,
    address: survivor.address ?? other.address,
    phone: survivor.phone ?? other.phone,
    email: survivor.email ?? other.email,
  };
}

/** A merge can be undone within MERGE_UNDO_DAYS of it, once. */
export function mergeUndoProblem(merge: { mergedAt: Date; undoneAt: Date | null }, now: Date): 'mergeAlreadyUndone' | 'mergeUndoWindowPassed' | null {
  if (merge.undoneAt) return 'mergeAlreadyUndone';
  if (now.getTime() - merge.mergedAt.getTime() > MERGE_UNDO_DAYS * 86_400_000) return 'mergeUndoWindowPassed';
  return null;
}

/**
 * The record after an undo: each field goes back to what it was before the merge, unless it was
 * changed after the merge (then the later change stays: a protection raised since is kept).
 */
export function undoneFields(before: MergeFields, atMerge: MergeFields, now: MergeFields): MergeFields {
  const out = { ...now } as Record<keyof MergeFields, unknown>;
  for (const key of Object.keys(before) as (keyof MergeFields)[]) {
    if (JSON.stringify(now[key]) === JSON.stringify(atMerge[key])) out[key] = before[key];
  }
  return out as unknown as MergeFields;
}
