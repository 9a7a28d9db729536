/**
 * Intake rules: every way a contact arrives, the age group, and where the case goes.
 * Pure functions; the routes and stores apply them.
 */
import { addDays, todayInStockholm } from '../core/time/stockholm.ts';
import type { AgeGroup, CaseStatus, PersonRole } from '../cases/rules.ts';

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

/** Whole years from `birthDate` (ISO) to `on`. */
function yearsOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

/** The range each fact allows on its own, in the order birth date, stated age, birth year. */
function factRanges(facts: AgeFacts, on: Date): [number, number][] {
  const ranges: [number, number][] = [];
  if (facts.birthDate) {
    const age = yearsOn(facts.birthDate, on);
    ranges.push([age, age]);
  }
  if (facts.statedAge !== undefined && facts.statedAge !== null) ranges.push([facts.statedAge, facts.statedAge]);
  if (facts.birthYear) {
    const upper = on.getUTCFullYear() - facts.birthYear;
    ranges.push([Math.max(0, upper - 1), upper]);
  }
  return ranges;
}

/**
 * The possible ages as a range [min, max]; null when nothing is known. Conservative: every fact
 * counts, none overrides another — a stated age of 18 with a birth year that makes the person 16
 * gives [16, 18], and the youngest plausible age decides (ageGroupOf). A child is protected as a
 * child until shown otherwise; `ageConflict` says when the facts disagree, so the case shows it.
 */
export function ageRange(facts: AgeFacts, on: Date): [number, number] | null {
  const ranges = factRanges(facts, on);
  if (ranges.length === 0) return null;
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

/** Whether the facts about the age disagree (no age fits all of them): the case shows the conflict. */
export function ageConflict(facts: AgeFacts, on: Date): boolean {
  const ranges = factRanges(facts, on);
  if (ranges.length < 2) return false;
  return Math.max(...ranges.map((r) => r[0])) > Math.min(...ranges.map((r) => r[1]));
}

/**
 * The age facts of a person some time after a contact: the birth date or year as recorded, and an
 * age stated at the contact grown by the whole years since (the lower bound: a person who said 17
 * a year ago is at least 18 now only once a full year has passed).
 */
export function ageFactsLater(facts: AgeFacts & { statedOn?: string | null }, on: Date): AgeFacts {
  const grown =
    facts.statedAge !== undefined && facts.statedAge !== null && facts.statedOn ? facts.statedAge + Math.max(0, yearsOn(facts.statedOn, on)) : (facts.statedAge ?? null);
  return { birthDate: facts.birthDate ?? null, birthYear: facts.birthYear ?? null, statedAge: grown };
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

/**
 * The age group today, from the facts recorded at a contact. Today is Stockholm's date (at noon, as
 * the other age dates are): UTC's date is yesterday's for the first hour or two of a day there, and
 * an 18th birthday would not yet count.
 */
export function ageGroupToday(facts: AgeFacts & { statedOn?: string | null }, now: Date = new Date()): AgeGroup {
  const today = new Date(`${todayInStockholm(now)}T12:00:00Z`);
  return ageGroupOf(ageRange(ageFactsLater(facts, today), today));
}

/** How far back a contact may be dated without a reason (days). */
export const RECEIVED_ON_DAYS_WITHOUT_REASON = 365;

/** Why the date of a contact is not accepted (an error code), or null. Dates are ISO (YYYY-MM-DD). */
export function receivedOnProblem(receivedOn: string, reason: string | null, today: string): 'dateInFuture' | 'receivedOnTooOld' | null {
  if (receivedOn > today) return 'dateInFuture';
  if (receivedOn < addDays(today, -RECEIVED_ON_DAYS_WITHOUT_REASON) && !reason) return 'receivedOnTooOld';
  return null;
}

/** A required part of a contact that is missing: where it belongs (the body's path) and why. */
export interface ContactFieldProblem {
  path: 'summary' | 'person.name' | 'person.pseudonym' | 'receivedOnReason';
  code: 'summaryRequired' | 'nameOrPersonnummerRequired' | 'pseudonymRequired' | 'receivedOnReasonRequired';
}

/**
 * What a contact needs before it means anything: what it was about (the summary), and the identity
 * the chosen mode promises (a name or a personnummer for an identified person, the name a
 * pseudonymous person wants to be called). A date more than a year back needs its reason. The web
 * form checks this before sending and shows each problem beside its field; the server checks it
 * again (ContactIn), so an empty submit saves nothing either way.
 */
export function contactProblems(
  c: { summary: string | null | undefined; receivedOn: string; receivedOnReason: string | null | undefined; person: { identityMode: string; name?: string | null; personnummer?: string | null; pseudonym?: string | null } },
  today: string,
): ContactFieldProblem[] {
  const blank = (s: string | null | undefined) => !s || s.trim() === '';
  const problems: ContactFieldProblem[] = [];
  if (receivedOnProblem(c.receivedOn, blank(c.receivedOnReason) ? null : c.receivedOnReason!, today) === 'receivedOnTooOld') problems.push({ path: 'receivedOnReason', code: 'receivedOnReasonRequired' });
  if (c.person.identityMode === 'identified' && blank(c.person.name) && blank(c.person.personnummer)) problems.push({ path: 'person.name', code: 'nameOrPersonnummerRequired' });
  if (c.person.identityMode === 'pseudonymous' && blank(c.person.pseudonym)) problems.push({ path: 'person.pseudonym', code: 'pseudonymRequired' });
  if (blank(c.summary)) problems.push({ path: 'summary', code: 'summaryRequired' });
  return problems;
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

/** A unit that could get a routed case. */
export interface CandidateUnit {
  id: string;
  name: string;
  districtId: string | null;
}

export type UnitPick = { outcome: 'pick'; unit: CandidateUnit } | { outcome: 'ask'; choices: CandidateUnit[] } | { outcome: 'none' };

/**
 * Which unit of the routed kind gets the case (the active ones of that kind are the candidates).
 * With the person's district known: that district's unit, or a municipality-wide one if the district
 * has none. The caller's own unit among them wins; one candidate is picked; several are asked about
 * — never the alphabetically first (seed 004: people treated equally across districts).
 */
export function pickUnit(candidates: readonly CandidateUnit[], input: { districtId: string | null; callerUnitIds: readonly string[] }): UnitPick {
  let pool = [...candidates];
  if (input.districtId) {
    const inDistrict = pool.filter((c) => c.districtId === input.districtId);
    const cityWide = pool.filter((c) => c.districtId === null);
    pool = inDistrict.length > 0 ? inDistrict : cityWide;
    // No unit of the kind serves the district: the caseworker chooses among all of them.
    if (pool.length === 0 && candidates.length > 0) return { outcome: 'ask', choices: [...candidates] };
  }
  const own = pool.filter((c) => input.callerUnitIds.includes(c.id));
  if (own.length === 1) return { outcome: 'pick', unit: own[0]! };
  if (pool.length === 1) return { outcome: 'pick', unit: pool[0]! };
  if (pool.length === 0) return { outcome: 'none' };
  return { outcome: 'ask', choices: own.length > 1 ? own : pool };
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

/** Who reported a contact about someone else. */
export const REPORTER_KINDS = ['relative', 'police', 'school', 'healthcare', 'social_services', 'other_professional', 'other'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** Reporters who report in their profession (anmälningsskyldiga): the social services owe them feedback. */
export const PROFESSIONAL_REPORTERS: readonly ReporterKind[] = ['police', 'school', 'healthcare', 'social_services', 'other_professional'];

/**
 * Feedback to the reporter of a concern about a child: a professional reporter is told whether an
 * investigation was opened, is not opened or is already under way (SoL, the duty to report and its
 * feedback) — `required`; anyone else who asked for it — `requested`; otherwise `none`.
 */
export function reporterFeedback(reporter: { kind: ReporterKind; wantsFeedback: boolean } | null, concernReport: boolean): 'required' | 'requested' | 'none' {
  if (!reporter || !concernReport) return 'none';
  if (PROFESSIONAL_REPORTERS.includes(reporter.kind)) return 'required';
  return reporter.wantsFeedback ? 'requested' : 'none';
}

/** Channels through which someone else brings a concern about a child (the police, a school, the chat, outreach…). */
const CONCERN_CHANNELS: readonly Channel[] = ['concern_report', 'police', 'school', 'healthcare', 'other_agency', 'relative', 'chat_escalation', 'street_outreach', 'online_outreach'];

/**
 * Whether a contact is a report of concern (orosanmälan): any contact about a child that someone
 * else reports — by any channel, not only the concern-report channel — or that comes through the
 * chat or an outreach contact. A child's own call or visit, with no reporter, is not.
 */
export function isConcernReport(input: { channel: Channel; aboutChild: boolean; hasReporter: boolean }): boolean {
  if (!input.aboutChild) return false;
  return input.hasReporter || CONCERN_CHANNELS.includes(input.channel);
}


/** The initial assessment (förhandsbedömning) of a concern report about a child: within 14 days of receipt. */
export const INITIAL_ASSESSMENT_DAYS = 14;

export function assessmentDueDate(input: { concernReport: boolean; receivedOn: string }): string | null {
  return input.concernReport ? addDays(input.receivedOn, INITIAL_ASSESSMENT_DAYS) : null;
}

/** The immediate protection assessment (skyddsbedömning) of a concern report: the day it is received. */
export function protectionAssessmentDue(input: { concernReport: boolean; receivedOn: string }): string | null {
  return input.concernReport ? input.receivedOn : null;
}

export type DeadlineState = 'done' | 'due_today' | 'overdue' | 'pending' | null;

/** Where a deadline stands today: done, due today, overdue, not yet due; null when there is none. */
export function deadlineState(due: string | null, done: boolean, today: string): DeadlineState {
  if (due === null) return null;
  if (done) return 'done';
  if (due < today) return 'overdue';
  if (due === today) return 'due_today';
  return 'pending';
}

/**
 * A child under 15 cannot be bought for sex in law: the crime is rape of a child (BrB 6:4), not
 * purchase of a sexual act, and a police report is to be considered (seed 003).
 */
export function under15Consequence(ageGroup: AgeGroup, victim: boolean): { crime: 'rape_of_child'; considerPoliceReport: true } | null {
  return ageGroup === 'under_15' && victim ? { crime: 'rape_of_child', considerPoliceReport: true } : null;
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
 * A consultation without a case (seed 001: consultative talks are a less threatening way in): a
 * professional or a relative asks for advice without giving the person's name. Who asked is one of
 * the reporter kinds. It must stay anonymous: a text that holds a personnummer is refused (the
 * contact should then be registered as a contact about the person), and it cannot be dated ahead.
 */
export const CONSULTATION_ASKERS = REPORTER_KINDS;
const PERSONNUMMER_LIKE = /(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)/;

export function consultationProblem(input: { givenOn: string; texts: readonly (string | null)[] }, today: string): 'dateInFuture' | 'consultationIdentifies' | null {
  if (input.givenOn > today) return 'dateInFuture';
  if (input.texts.some((t) => t !== null && PERSONNUMMER_LIKE.test(t))) return 'consultationIdentifies';
  return null;
}
