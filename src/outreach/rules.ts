/**
 * The rules of outreach (uppsökande arbete): the kinds of shift the seeds describe, who takes part,
 * where a contact happens, what is offered, and the shift report. Pure functions, no I/O.
 */
import { isChildBand, type AgeBand } from '../core/age-band.ts';

/**
 * Street and online outreach, the joint evening shifts with the police where social services offer
 * voluntary support (samverkanspass, seed 003), the police's action weeks with support talks on site
 * (insatsvecka, seed 001), and visits to hotels and other hospitality.
 */
export const SHIFT_KINDS = ['street', 'online', 'joint_police', 'police_action_week', 'hotel_visit'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];

/** Who a participant works for: social services, the police, civil society, the youth emergency team (Ungdomsjouren, seed 002). */
export const PARTICIPANT_ORGANISATIONS = ['social_services', 'police', 'civil_society', 'youth_emergency_team'] as const;
export type ParticipantOrganisation = (typeof PARTICIPANT_ORGANISATIONS)[number];

/** The places the seeds name: street, hotels, massage parlours, sites and social media, schools. */
export const PLACE_TYPES = ['street', 'hotel', 'massage_parlour', 'apartment', 'escort_site', 'social_media', 'school', 'other'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/** What can be offered during a contact; KAST talks are the offer to buyers ("mini-KAST", seed 001). */
export const OFFERS = ['support_talk', 'protection', 'shelter', 'medical', 'interpreter', 'kast_talks'] as const;
export type Offer = (typeof OFFERS)[number];

/** The intake channels an outreach contact may become an intake through. */
export const INTAKE_CHANNELS = ['street_outreach', 'online_outreach', 'police'] as const;
export type OutreachIntakeChannel = (typeof INTAKE_CHANNELS)[number];

/** Something accepted that was not offered is a slip of the thumb: refused rather than guessed. */
export function acceptedProblem(offered: readonly Offer[], accepted: readonly Offer[]): string | null {
  return accepted.every((a) => offered.includes(a)) ? null : 'acceptedNotOffered';
}

/** A shift ends after it starts and lasts at most the 14 days of an action week (the longest shift). */
export function shiftTimesProblem(startsAt: Date, endsAt: Date): string | null {
  if (endsAt.getTime() <= startsAt.getTime()) return 'shiftEndsBeforeStart';
  if (endsAt.getTime() - startsAt.getTime() > 14 * 24 * 3600_000) return 'shiftTooLong';
  return null;
}

/** The channel a contact of this shift enters intake through when the worker does not choose: online stays online, a joint shift with the police is still social services' outreach. */
export function defaultIntakeChannel(kind: ShiftKind): OutreachIntakeChannel {
  return kind === 'online' ? 'online_outreach' : 'street_outreach';
}

export interface ContactFacts {
  ageBand: AgeBand;
  personRole: string;
  placeType: PlaceType;
  offered: readonly Offer[];
  accepted: readonly Offer[];
  followUp: string | null;
  intakeContactId: string | null;
}

type Counts<K extends string> = Record<K, number>;
const zeroes = <K extends string>(keys: readonly K[]): Counts<K> => Object.fromEntries(keys.map((k) => [k, 0])) as Counts<K>;

export interface ShiftReport {
  contacts: number;
  children: number;
  byAgeBand: Record<string, number>;
  byRole: Record<string, number>;
  byPlace: Counts<PlaceType>;
  offered: Counts<Offer>;
  accepted: Counts<Offer>;
  followUps: number;
  intakes: number;
}

/** The shift report: contacts, offers, acceptances and follow-ups, counted (the input to statistics). */
export function shiftReport(contacts: readonly ContactFacts[]): ShiftReport {
  const report: ShiftReport = { contacts: contacts.length, children: 0, byAgeBand: {}, byRole: {}, byPlace: zeroes(PLACE_TYPES), offered: zeroes(OFFERS), accepted: zeroes(OFFERS), followUps: 0, intakes: 0 };
  for (const c of contacts) {
    if (isChildBand(c.ageBand)) report.children++;
    report.byAgeBand[c.ageBand] = (report.byAgeBand[c.ageBand] ?? 0) + 1;
    report.byRole[c.personRole] = (report.byRole[c.personRole] ?? 0) + 1;
    report.byPlace[c.placeType]++;
    for (const o of c.offered) report.offered[o]++;
    for (const a of c.accepted) report.accepted[a]++;
    if (c.followUp) report.followUps++;
    if (c.intakeContactId) report.intakes++;
  }
  return report;
}

/** The summary an intake made from an outreach contact starts with: where it happened and what was offered and accepted, in the worker's language. */
export function intakeSummary(c: Pick<ContactFacts, 'placeType' | 'offered' | 'accepted' | 'followUp'> & { note: string | null; shiftKind: ShiftKind }, label: (key: string) => string): string {
  return [
    `${label('shift')}: ${label(`kinds.${c.shiftKind}`)}`,
    `${label('place')}: ${label(`places.${c.placeType}`)}`,
    c.offered.length > 0 && `${label('offered')}: ${c.offered.map((o) => label(`offers.${o}`)).join(', ')}`,
    c.accepted.length > 0 && `${label('accepted')}: ${c.accepted.map((o) => label(`offers.${o}`)).join(', ')}`,
    c.followUp && `${label('followUp')}: ${c.followUp}`,
    c.note,
  ]
    .filter(Boolean)
    .join('\n');
}
