import { describe, expect, test } from 'vitest';
import { consentExpiringSoon, consentInForce, consentProblems, consentStatus, needsConsent } from './rules.ts';

const base = { basis: 'consent', givenOn: '2026-01-10', expiresOn: '2026-06-30', withdrawnAt: null };

describe('consent in force', () => {
  test('from the day given to the day of expiry, inclusive', () => {
    expect(consentInForce(base, '2026-01-09')).toBe(false);
    expect(consentInForce(base, '2026-01-10')).toBe(true);
    expect(consentInForce(base, '2026-06-30')).toBe(true);
    expect(consentInForce(base, '2026-07-01')).toBe(false);
    expect(consentStatus(base, '2026-07-01')).toBe('expired');
  });
  test('a withdrawal takes effect at once, whatever the dates', () => {
    const withdrawn = { ...base, withdrawnAt: new Date('2026-03-01T10:00:00Z') };
    expect(consentInForce(withdrawn, '2026-03-01')).toBe(false);
    expect(consentStatus(withdrawn, '2026-02-01')).toBe('withdrawn');
  });
  test('without an expiry it holds until withdrawn', () => {
    expect(consentInForce({ ...base, expiresOn: null }, '2030-01-01')).toBe(true);
  });
  test('about to expire: within 14 days of its last day, and only while in force', () => {
    expect(consentExpiringSoon(base, '2026-06-15')).toBe(false);
    expect(consentExpiringSoon(base, '2026-06-16')).toBe(true);
    expect(consentExpiringSoon(base, '2026-06-30')).toBe(true);
    expect(consentExpiringSoon(base, '2026-07-01')).toBe(false);
    expect(consentExpiringSoon({ ...base, expiresOn: null }, '2026-06-20')).toBe(false);
    expect(consentExpiringSoon({ ...base, withdrawnAt: '2026-06-20T08:00:00Z' }, '2026-06-20')).toBe(false);
  });
  test('the social services themselves need no consent; every other actor does', () => {
    expect(needsConsent('social_services')).toBe(false);
    expect(needsConsent('healthcare')).toBe(true);
    expect(needsConsent('relative')).toBe(true);
  });
  test('bad consents are named', () => {
    expect(consentProblems({ basis: 'consent', form: 'oral', givenOn: '2026-02-01' }, '2026-01-01')).toEqual(['dateInFuture']);
    expect(consentProblems({ basis: 'consent', form: 'written', givenOn: '2026-01-01', expiresOn: '2025-12-31' }, '2026-01-01')).toEqual(['expiryBeforeGiven']);
    expect(consentProblems({ basis: 'consent', givenOn: '2026-01-01' }, '2026-01-01')).toEqual(['consentNeedsForm']);
    expect(consentProblems({ basis: 'legal_basis', legalBasis: ' ', givenOn: '2026-01-01' }, '2026-01-01')).toEqual(['legalBasisMissing']);
    expect(consentProblems({ basis: 'legal_basis', legalBasis: 'OSL 10 kap. 2 §', givenOn: '2026-01-01' }, '2026-01-01')).toEqual([]);
  });
});
