/** Consent rules: when a consent is in force, when it is about to expire. Pure functions. */
import { addDays } from '../core/time/stockholm.ts';

/** The actors a person may consent to share with (seed 003, SOU 2023:97). */
export const ACTOR_KINDS = [
  'social_services',
  'healthcare',
  'arbetsformedlingen',
  'forsakringskassan',
  'migrationsverket',
  'police',
  'regional_coordinator',
  'barnahus',
  'civil_society',
  'embassy_or_iom',
  'other_municipality',
  'relative',
  'other',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The municipality's own social services need no consent to work on their own case. */
export function needsConsent(kind: string): boolean {
  return kind !== 'social_services';
}

export interface ConsentState {
  basis: string;
  givenOn: string;
  expiresOn: string | null;
  withdrawnAt: Date | string | null;
}

/** In force on the day: given, not expired, not withdrawn. A withdrawal takes effect at once. */
export function consentInForce(c: ConsentState, today: string): boolean {
  if (c.withdrawnAt) return false;
  if (c.givenOn > today) return false;
  if (c.expiresOn !== null && c.expiresOn < today) return false;
  return true;
}

export type ConsentStatus = 'in_force' | 'expired' | 'withdrawn' | 'not_yet';

export function consentStatus(c: ConsentState, today: string): ConsentStatus {
  if (c.withdrawnAt) return 'withdrawn';
  if (c.givenOn > today) return 'not_yet';
  if (c.expiresOn !== null && c.expiresOn < today) return 'expired';
  return 'in_force';
}

/** Days before expiry from which a consent counts as "about to expire". */
export const EXPIRY_WARNING_DAYS = 14;


/** In force today but expiring within the warning window. */
export function consentExpiringSoon(c: ConsentState, today: string, days = EXPIRY_WARNING_DAYS): boolean {
  return consentInForce(c, today) && c.expiresOn !== null && c.expiresOn <= addDays(today, days);
}

/** Problems with a new consent, as error codes. */
export function consentProblems(c: { basis: 'consent' | 'legal_basis'; form?: string | null; legalBasis?: string | null; givenOn: string; expiresOn?: string | null }, today: string): string[] {
  const problems: string[] = [];
  if (c.givenOn > today) problems.push('dateInFuture');
  if (c.expiresOn && c.expiresOn < c.givenOn) problems.push('expiryBeforeGiven');
  if (c.basis === 'consent' && !c.form) problems.push('consentNeedsForm');
  if (c.basis === 'legal_basis' && (!c.legalBasis || c.legalBasis.trim().length < 3)) problems.push('legalBasisMissing');
  return problems;
}

/** Retention: an ended (withdrawn or expired) consent is kept five years, then goes unless a plan still names it. */
export const CONSENT_KEEP_DAYS = 5 * 365 + 1;
