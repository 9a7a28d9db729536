/** The rules of the resource directory and referrals, without I/O. */
import { consentInForce, type ActorKind, type ConsentState } from '../consents/rules.ts';
export const DIRECTORY_KINDS = ['municipal', 'regional', 'national', 'civil_society', 'authority', 'healthcare'] as const;
export const TARGET_GROUPS = ['exposed_adults', 'children_young', 'buyers', 'relatives', 'professionals'] as const;
/** Genders an entry serves; "men, boys and trans persons" is findable: men (boys by age) and trans. */
export const GENDERS = ['women', 'men', 'trans'] as const;

/** Words each value is found by, in both languages (the search text carries them). */
const WORDS = {
  sv: {
    kind: { municipal: 'kommunen kommunal', regional: 'regionen regional', national: 'nationell riksomfattande', civil_society: 'civilsamhället ideell organisation', authority: 'myndighet', healthcare: 'hälso- och sjukvård vård' },
    group: { exposed_adults: 'utsatta vuxna säljer sex utnyttjade', children_young: 'barn unga ungdomar', buyers: 'köper sex sexköpare', relatives: 'anhöriga närstående', professionals: 'yrkesverksamma professionella' },
    gender: { women: 'kvinnor tjejer', men: 'män killar', trans: 'transpersoner trans transperson transkille transtjej ickebinära' },
    boys: 'pojkar killar',
    girls: 'flickor tjejer',
    anonymous: 'anonym anonymt',
    noExclusions: 'inga uteslutningskriterier',
    notMeansTested: 'utan biståndsbedömning',
  },
  en: {
    kind: { municipal: 'municipality municipal', regional: 'region regional', national: 'national', civil_society: 'civil society non-profit organisation', authority: 'authority agency', healthcare: 'healthcare health care' },
    group: { exposed_adults: 'exposed adults selling sex exploited', children_young: 'children young people youth', buyers: 'buyers buying sex', relatives: 'relatives family', professionals: 'professionals' },
    gender: { women: 'women girls', men: 'men', trans: 'trans transgender trans person non-binary' },
    boys: 'boys young men',
    girls: 'girls',
    anonymous: 'anonymous',
    noExclusions: 'no exclusion criteria',
    notMeansTested: 'not means-tested',
  },
} as const;

export interface SearchableEntry {
  name: string;
  kind: (typeof DIRECTORY_KINDS)[number];
  offerSv: string;
  offerEn: string;
  targetGroups: readonly (typeof TARGET_GROUPS)[number][];
  ageMin: number | null;
  ageMax: number | null;
  genders: readonly (typeof GENDERS)[number][];
  languages: readonly string[];
  anonymousContact: boolean;
  exclusionCriteria: string | null;
  meansTested: boolean;
}

/** The text an entry is found by in one language: its words and the words of its attributes. */
export function searchText(e: SearchableEntry, lang: 'sv' | 'en'): string {
  const w = WORDS[lang];
  const young = e.ageMin !== null && e.ageMin < 18;
  return [
    e.name,
    lang === 'sv' ? e.offerSv : e.offerEn,
    w.kind[e.kind],
    ...e.targetGroups.map((g) => w.group[g]),
    ...e.genders.map((g) => w.gender[g]),
    young && e.genders.includes('men') ? w.boys : '',
    young && e.genders.includes('women') ? w.girls : '',
    e.anonymousContact ? w.anonymous : '',
    e.exclusionCriteria ? e.exclusionCriteria : w.noExclusions,
    e.meansTested ? '' : w.notMeansTested,
    e.languages.join(' '),
  ]
    .filter(Boolean)
    .join(' ');
}

export const REVIEW_AFTER_MONTHS = 12;

/** The date an entry falls due for review: twelve months after it was last reviewed (29 February → 28 February, as PostgreSQL's interval does). */
export function reviewDueOn(lastReviewedOn: string): string {
  const [y, m, d] = lastReviewedOn.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y! + 1, m!, 0)).getUTCDate();
  return `${y! + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d!, lastDay)).padStart(2, '0')}`;
}

/** An entry not reviewed for twelve months is flagged to its owner. */
export function reviewDue(lastReviewedOn: string, today: string): boolean {
  return today >= reviewDueOn(lastReviewedOn);
}

/** The CSV columns, in order (export writes them, import reads them by header). */
export const CSV_COLUMNS = [
  'name',
  'kind',
  'offer_sv',
  'offer_en',
  'target_groups',
  'age_min',
  'age_max',
  'genders',
  'languages',
  'opening_hours',
  'phone',
  'email',
  'web',
  'address',
  'anonymous_contact',
  'exclusion_criteria',
  'means_tested',
  'evidence_note',
  'visibility',
  'last_reviewed_on',
] as const;

const list = (v: string) => v.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
const yesNo = (v: string): boolean | string => (/^(ja|yes|true|1)$/i.test(v.trim()) ? true : /^(nej|no|false|0|)$/i.test(v.trim()) ? false : v);
const intOrNull = (v: string): number | null | string => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v) : v);
const textOrNull = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

/** One CSV record (by header) as the input object the entry schema validates. */
export function entryFromCsv(record: Record<string, string>): Record<string, unknown> {
  const r = (k: string) => record[k] ?? '';
  return {
    name: r('name'),
    kind: r('kind'),
    offerSv: r('offer_sv'),
    offerEn: r('offer_en'),
    targetGroups: list(r('target_groups')),
    ageMin: intOrNull(r('age_min')),
    ageMax: intOrNull(r('age_max')),
    genders: list(r('genders')),
    languages: list(r('languages')),
    openingHours: r('opening_hours'),
    phone: textOrNull(r('phone')),
    email: textOrNull(r('email')),
    web: textOrNull(r('web')),
    address: textOrNull(r('address')),
    anonymousContact: yesNo(r('anonymous_contact')),
    // "none"/"inga" (or empty) is the searchable value "no exclusion criteria".
    exclusionCriteria: /^(|none|inga|ingen)$/i.test(r('exclusion_criteria').trim()) ? null : r('exclusion_criteria').trim(),
    meansTested: yesNo(r('means_tested')),
    evidenceNote: textOrNull(r('evidence_note')),
    visibility: r('visibility') || 'public',
    ...(r('last_reviewed_on') && { lastReviewedOn: r('last_reviewed_on') }),
  };
}

export type ReferralBasisIn = { kind: 'consent'; consentGivenOn: string } | { kind: 'legal_basis'; legalBasis: string };

/** A referral from a case shares personal data: it needs recorded consent or a stated legal basis. */
export function referralProblem(basis: ReferralBasisIn | null | undefined, referredOn: string, today: string): 'referralNeedsConsent' | 'referralInTheFuture' | null {
  if (!basis) return 'referralNeedsConsent';
  if (basis.kind === 'consent' && (!basis.consentGivenOn || basis.consentGivenOn > referredOn)) return 'referralNeedsConsent';
  if (basis.kind === 'legal_basis' && basis.legalBasis.trim().length < 3) return 'referralNeedsConsent';
  if (referredOn > today) return 'referralInTheFuture';
  return null;
}

/** The consents capability's actor a referral to an entry shares with (its well-known key first, then its kind). */
export function consentActorKind(entry: { wellKnown: string | null; kind: string }): ActorKind {
  if (entry.wellKnown === 'barnahus' || entry.wellKnown === 'regional_coordinator') return entry.wellKnown;
  if (entry.kind === 'civil_society' || entry.kind === 'healthcare') return entry.kind;
  if (entry.kind === 'municipal') return 'social_services';
  return 'other';
}

/**
 * A referral on consent that names a recorded consent: it must be the case's person's, to this
 * kind of actor (or a general one, "other"), and in force on the referral's day.
 */
export function namedConsentProblem(
  consent: (ConsentState & { personId: string; actorKind: string }) | undefined,
  referral: { personId: string; actorKind: ActorKind; referredOn: string },
): 'consentNotFound' | 'consentNotInForce' | 'consentForAnotherActor' | null {
  if (!consent || consent.personId !== referral.personId) return 'consentNotFound';
  if (!consentInForce(consent, referral.referredOn)) return 'consentNotInForce';
  if (consent.actorKind !== referral.actorKind && consent.actorKind !== 'other') return 'consentForAnotherActor';
  return null;
}
