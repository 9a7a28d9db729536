/** The HTTP contract of outreach: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';
import { PERSON_ROLES } from '../cases/rules.ts';
import { AGE_BANDS } from '../core/age-band.ts';
import { GENDERS } from '../persons/rules.ts';
import { PersonIn } from '../persons/schema.ts';
import { INTAKE_CHANNELS, OFFERS, PARTICIPANT_ORGANISATIONS, PLACE_TYPES, SHIFT_KINDS } from './rules.ts';

export const ErrorOut = z.object({ error: z.string(), message: z.string() }).passthrough();

/** A participant: a staff member of Utväg (by user id) or someone from the police or civil society (by name, as a professional). */
export const ParticipantIn = z
  .object({
    organisation: z.enum(PARTICIPANT_ORGANISATIONS),
    userId: z.uuid().nullable().default(null),
    name: z.string().trim().min(1).max(200).nullable().default(null),
    organisationName: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .refine((p) => p.userId !== null || p.name !== null, { message: 'A participant is a user or has a name', path: ['name'] });

export const ShiftIn = z.object({
  unitId: z.uuid(),
  kind: z.enum(SHIFT_KINDS),
  area: z.string().trim().min(1).max(200),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  note: z.string().trim().max(2000).default(''),
  /** Others than the planner, who always takes part. */
  participants: z.array(ParticipantIn).max(30).default([]),
});
export type ShiftIn = z.infer<typeof ShiftIn>;

export const ShiftsQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });

export const ParticipantOut = z.object({ id: z.string(), organisation: z.string(), userId: z.string().nullable(), name: z.string().nullable(), organisationName: z.string().nullable() });
export type ParticipantOut = z.infer<typeof ParticipantOut>;

export const ShiftSummary = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(SHIFT_KINDS),
  area: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  contacts: z.number(),
});
export type ShiftSummary = z.infer<typeof ShiftSummary>;

export const ContactIn = z.object({
  ageBand: z.enum(AGE_BANDS).default('unknown'),
  gender: z.enum(GENDERS).default('not_stated'),
  personRole: z.enum(PERSON_ROLES),
  placeType: z.enum(PLACE_TYPES),
  offered: z.array(z.enum(OFFERS)).max(OFFERS.length).default([]),
  accepted: z.array(z.enum(OFFERS)).max(OFFERS.length).default([]),
  /** What was agreed for later, in a few words (no names). */
  followUp: z.string().trim().min(1).max(500).nullable().default(null),
  note: z.string().trim().min(1).max(500).nullable().default(null),
  /** The participant who met the person when someone else logs it (a police officer, a colleague). */
  onBehalfOf: z.uuid().nullable().default(null),
});
export type ContactIn = z.infer<typeof ContactIn>;

export const ContactOut = z.object({
  id: z.string(),
  loggedAt: z.date(),
  loggedBy: z.string(),
  loggedByName: z.string(),
  onBehalfOf: z.string().nullable(),
  onBehalfOfName: z.string().nullable(),
  ageBand: z.enum(AGE_BANDS),
  gender: z.string(),
  personRole: z.string(),
  placeType: z.enum(PLACE_TYPES),
  offered: z.array(z.enum(OFFERS)),
  accepted: z.array(z.enum(OFFERS)),
  followUp: z.string().nullable(),
  note: z.string().nullable(),
  intakeContactId: z.string().nullable(),
});
export type ContactOut = z.infer<typeof ContactOut>;

const Counts = z.record(z.string(), z.number());
export const ShiftReportOut = z.object({
  contacts: z.number(),
  children: z.number(),
  byAgeBand: Counts,
  byRole: Counts,
  byPlace: Counts,
  offered: Counts,
  accepted: Counts,
  followUps: z.number(),
  intakes: z.number(),
});

export const ShiftOut = ShiftSummary.extend({
  note: z.string(),
  plannedBy: z.string(),
  participants: z.array(ParticipantOut),
  contactList: z.array(ContactOut),
  report: ShiftReportOut,
});
export type ShiftOut = z.infer<typeof ShiftOut>;

/**
 * Turning an outreach contact into an intake, with the person's consent: intake's own registration
 * runs (the routing by age, the case), and the intake contact is linked back to this one.
 */
export const ToIntakeIn = z.object({
  consent: z.literal(true),
  channel: z.enum(INTAKE_CHANNELS).nullable().default(null),
  statedAge: z.number().int().min(0).max(120).nullable().default(null),
  summary: z.string().trim().max(5000).default(''),
  /** Anonymous unless the person chose otherwise; an unstated gender takes the outreach contact's. */
  person: PersonIn,
  unitId: z.uuid().nullable().default(null),
});
export type ToIntakeIn = z.infer<typeof ToIntakeIn>;
