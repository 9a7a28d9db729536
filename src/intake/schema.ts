/** The HTTP contract of intake: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';
import { EXPLOITATION_TYPES, PERSON_ROLES, TRAFFICKING_INDICATORS } from '../cases/rules.ts';
import { PersonIn } from '../persons/schema.ts';
import { CHANNELS, CONSULTATION_ASKERS, contactProblems, REPORTER_KINDS } from './rules.ts';

const DRAFT_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Who reported a contact about someone else: kept apart from the person the contact is about (a
 * relative's call opens a case about the person, not about the relative).
 */
export const ReporterIn = z.object({
  kind: z.enum(REPORTER_KINDS),
  name: z.string().trim().min(1).max(200).nullable().default(null),
  organisation: z.string().trim().min(1).max(200).nullable().default(null),
  /** How to reach them (phone, email, address), as they gave it. */
  reach: z.string().trim().min(1).max(300).nullable().default(null),
  wantsFeedback: z.boolean().default(false),
});
export type ReporterIn = z.infer<typeof ReporterIn>;

export const ContactIn = z.object({
  channel: z.enum(CHANNELS),
  receivedOn: z.iso.date(),
  /**
   * Needed for a date more than a year back; when given, the age on that date (not today's) routes
   * the case. Kept on the contact; the audit entry names the field.
   */
  receivedOnReason: z.string().trim().min(5).max(300).nullable().default(null),
  personRole: z.enum(PERSON_ROLES),
  statedAge: z.number().int().min(0).max(120).nullable().default(null),
  /** What the contact was about: required (contactProblems), with the identity the chosen mode promises. */
  summary: z.string().trim().max(5000),
  /** Recorded as said; never changes a child's classification. */
  statedConsent: z.boolean().nullable().default(null),
  exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).default([]),
  traffickingIndicators: z.array(z.enum(TRAFFICKING_INDICATORS)).max(TRAFFICKING_INDICATORS.length).default([]),
  person: PersonIn,
  /** Someone else who reported the contact (a relative, a school, the police); null when the person came themselves. */
  reporter: ReporterIn.nullable().default(null),
  unitId: z.uuid().nullable().default(null),
  draftKey: z.string().regex(DRAFT_KEY).nullable().default(null),
  /** A chat the person consented to continue as an identified contact: its transcript goes into the case. */
  chatEscalationId: z.uuid().nullable().default(null),
}).superRefine((c, ctx) => {
  // The date's reason has its own error with its own words (receivedOnProblem, in the route).
  for (const p of contactProblems({ ...c, receivedOnReason: 'checked in the route' }, c.receivedOn)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.code, params: { code: p.code } });
});
export type ContactIn = z.infer<typeof ContactIn>;

/** The case a contact became. */
export const OpenedCaseOut = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  victim: z.boolean(),
  barnahus: z.string(),
  regionalReferral: z.string(),
  assessmentDue: z.string().nullable(),
  /** A report of concern about a child: the protection assessment is due the same day. */
  concernReport: z.boolean(),
});
export type OpenedCaseOut = z.infer<typeof OpenedCaseOut>;

export const RegisterOut = z.object({
  contactId: z.string(),
  personId: z.string(),
  ageGroup: z.string(),
  /** The facts about the age disagreed: the youngest plausible age decided. */
  ageConflict: z.boolean(),
  routing: z.object({
    outcome: z.enum(['routed', 'age_not_known', 'choose_unit']),
    unitKind: z.string().nullable(),
    /** With `choose_unit`: the units of the right kind the caseworker chooses among (never the alphabetically first). */
    unitChoices: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  }),
  case: OpenedCaseOut.nullable(),
});
export type RegisterOut = z.infer<typeof RegisterOut>;

export const OpenCaseIn = z.object({ unitId: z.uuid().nullable().default(null) });
export const OpenCaseOut = z.object({ case: OpenedCaseOut });
export type OpenCaseOut = z.infer<typeof OpenCaseOut>;

/** A contact registered without a case yet (the age was not known). */
export const PendingContact = z.object({ id: z.string(), channel: z.string(), receivedOn: z.string(), personRole: z.string(), ageGroup: z.string(), registeredAt: z.date() });
export type PendingContact = z.infer<typeof PendingContact>;

export const DraftKey = z.object({ key: z.string().regex(DRAFT_KEY) });
export const DraftData = z.record(z.string(), z.unknown());
export const DraftIn = z.object({ data: DraftData });
export const DraftSummary = z.object({ key: z.string(), updatedAt: z.date() });
export type DraftSummary = z.infer<typeof DraftSummary>;
export const DraftOut = z.object({ key: z.string(), data: DraftData, updatedAt: z.date() });

/** A consultation without a case: who asked (a kind, never a name), the topic, the advice, a referral. No person. */
export const ConsultationIn = z.object({
  unitId: z.uuid(),
  givenOn: z.iso.date(),
  askerKind: z.enum(CONSULTATION_ASKERS),
  topic: z.string().trim().min(3).max(300),
  advice: z.string().trim().max(3000).default(''),
  referral: z.string().trim().min(1).max(300).nullable().default(null),
});
export type ConsultationIn = z.infer<typeof ConsultationIn>;

export const Consultation = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  givenOn: z.string(),
  givenByName: z.string(),
  askerKind: z.enum(CONSULTATION_ASKERS),
  topic: z.string(),
  advice: z.string(),
  referral: z.string().nullable(),
});
export type Consultation = z.infer<typeof Consultation>;

export const ConsultationQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** The consultations of the caller's units in a period, newest first (at most 200), and the period's counts by who asked. */
export const ConsultationsOut = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  byAsker: z.record(z.string(), z.number().int()),
  items: Consultation.array(),
  /** The units the caller can record a consultation for. */
  units: z.object({ id: z.string(), name: z.string() }).array(),
});
export type ConsultationsOut = z.infer<typeof ConsultationsOut>;
