/**
 * Intake rules: every way a contact arrives, the age group, and where the case goes.
 * Pure functions; the routes and stores apply them.
 */
import type { AgeGroup, PersonRole } from '../cases/rules.ts';

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

/** How far back a contact may be dated without a reason (days). */
export const RECEIVED_ON_DAYS_WITHOUT_REASON = 365;

/** Why the date of a contact is not accepted (an error code), or null. Dates are ISO (YYYY-MM-DD). */
export function receivedOnProblem(receivedOn: string, reason: string | null, today: string): 'dateInFuture' | 'receivedOnTooOld' | null {
  if (receivedOn > today) return 'dateInFuture';
  const earliest = new Date(`${today}T00:00:00Z`);
  earliest.setUTCDate(earliest.getUTCDate() - RECEIVED_ON_DAYS_WITHOUT_REASON);
  if (receivedOn < earliest.toISOString().slice(0, 10) && !reason) return 'receivedOnTooOld';
  return null;
}

/**
 * The date on which the age that routes the case is computed. Routing chooses the unit kind that
 * gets the case, so the date of the contact must not be a lever: dated back decades, anyone is a
 * child and lands in the children's intake. Without a recorded reason the age today routes. With
 * one (a concern report that arrived late, a contact registered afterwards) the age on the day of
 * the contact does — the caseworker's deliberate statement, kept on the contact and named in its
 * audit entry. A case never moves into another unit's hands by a date alone.
 */
export function routingAgeDate(receivedOn: string, reason: string | null, today: string): string {
  return reason ? receivedOn : today;
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

/** Initial assessment (förhandsbedömning) of a concern report about a child: within 14 days of receipt. */
export function assessmentDueDate(input: { channel: Channel; aboutChild: boolean; receivedOn: string }): string | null {
  if (input.channel !== 'concern_report' || !input.aboutChild) return null;
  const d = new Date(`${input.receivedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 14);
  return d.toISOString().slice(0, 10);
}

/** What a draft of a person with protected personal data never keeps. */
const DRAFT_CONTACT_DETAILS = ['address', 'phone', 'email'] as const;

/**
 * A half-written intake as it may be kept. A draft is a convenience, not a record, and is not
 * behind the protected-data reason: when the person has protected personal data (any level but
 * none, in the form or in its `person`), the address and contact details are dropped — they are
 * typed in again when the contact is registered. Other drafts are kept as they are.
 */
export function draftToKeep(data: Record<string, unknown>): Record<string, unknown> {
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !(DRAFT_CONTACT_DETAILS as readonly string[]).includes(k)));
  const person = data.person && typeof data.person === 'object' && !Array.isArray(data.person) ? (data.person as Record<string, unknown>) : null;
  const protectedLevel = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== 'none';
  if (!protectedLevel(data.protection) && !protectedLevel(person?.protection)) return data;
  return { ...strip(data), ...(person && { person: strip(person) }) };
}
