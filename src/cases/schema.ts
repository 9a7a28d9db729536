/** The HTTP contract of cases: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';
import { PersonOut } from '../persons/schema.ts';
import { AGE_GROUPS, CASE_STATUSES, DECISION_CONDITIONS, END_REASONS, EXPLOITATION_TYPES, INCOME_SOURCES, REFUSAL_GROUNDS, SUPPORT_TYPES, TRAFFICKING_INDICATORS, TRANSFER_REASONS } from './rules.ts';

export const EntryParams = z.object({ id: z.uuid(), entryId: z.uuid() });
export const Version = z.number().int().min(1);

/** A journal entry as the case page and the journal pages show it (times as PostgreSQL wrote them in JSON). */
export const JournalEntryOut = z.object({
  id: z.string(),
  entryDate: z.string(),
  text: z.string(),
  authorId: z.string(),
  author: z.string(),
  writtenAt: z.string(),
  signedAt: z.string().nullable(),
  correctsId: z.string().nullable(),
});
export type JournalEntryOut = z.infer<typeof JournalEntryOut>;

/**
 * Where a journal page starts: `<writtenAt>,<id>` of the last entry already shown (its writtenAt
 * exactly as the answer gave it, to the microsecond). The next page holds the entries before it.
 */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}(?::\d{2})?)),([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
export interface JournalCursor {
  writtenAt: string;
  id: string;
}
export function parseJournalCursor(before: string): JournalCursor {
  const [, writtenAt, id] = CURSOR.exec(before)!;
  return { writtenAt: writtenAt!, id: id! };
}
export function journalCursorOf(entry: Pick<JournalEntryOut, 'writtenAt' | 'id'>): string {
  return `${entry.writtenAt},${entry.id}`;
}
export const JournalPageQuery = z.object({
  before: z
    .string()
    .regex(CURSOR, 'before: <writtenAt>,<entry id> of the last entry shown')
    .refine((s) => !Number.isNaN(Date.parse(CURSOR.exec(s)?.[1] ?? '')), 'before: not a valid time')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type JournalPageQuery = z.infer<typeof JournalPageQuery>;
/** A page of the journal, newest first; `more` when older entries remain (ask again with the last one as `before`). */
export const JournalPageOut = z.object({ entries: z.array(JournalEntryOut), more: z.boolean() });
export type JournalPageOut = z.infer<typeof JournalPageOut>;
/** The whole journal, newest first (the printable journal). */
export const JournalAllOut = z.object({ entries: z.array(JournalEntryOut) });

/** The case page: the case, its person, contact, steps, the latest 20 journal entries (journalCount in all), decisions, answers. */
export const CaseOut = z.object({
  id: z.string(),
  /** "2026-0123": the year opened and a running number (0117). */
  number: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  status: z.enum(CASE_STATUSES),
  allowedNext: z.array(z.enum(CASE_STATUSES)),
  personRole: z.string(),
  ageGroup: z.string(),
  victim: z.boolean(),
  exploitationTypes: z.array(z.string()),
  traffickingIndicators: z.array(z.string()),
  barnahus: z.string(),
  barnahusReferral: z.object({ on: z.string().nullable(), note: z.string().nullable() }),
  regionalReferral: z.string(),
  assessmentDue: z.string().nullable(),
  assignedTo: z.string().nullable(),
  assignedName: z.string().nullable(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  version: z.number(),
  person: PersonOut,
  contact: z.object({ channel: z.string(), receivedOn: z.string(), summary: z.string() }),
  steps: z.array(z.object({ status: z.string(), at: z.string(), by: z.string().nullable(), note: z.string().nullable() })),
  journal: z.array(JournalEntryOut),
  journalCount: z.number(),
  decisions: z.array(
    z.object({
      id: z.string(),
      supportType: z.string(),
      outcome: z.string(),
      refusalGround: z.string().nullable(),
      incomeSources: z.array(z.string()),
      conditions: z.array(z.string()),
      reasoning: z.string(),
      decidedBy: z.string(),
      decidedAt: z.string(),
      startsOn: z.string().nullable(),
      endsOn: z.string().nullable(),
      endedOn: z.string().nullable(),
      endReason: z.string().nullable(),
      endNote: z.string().nullable(),
      warningsAcknowledged: z.array(z.string()),
    }),
  ),
  /** The support types this case may be offered (its person and unit). */
  supportTypes: z.array(z.string()),
  answers: z.array(
    z.object({
      id: z.string(),
      setKey: z.string(),
      setVersion: z.number(),
      answers: z.record(z.string(), z.string()),
      followUps: z.array(z.object({ questionId: z.string(), suggestion: z.string(), action: z.string(), note: z.string() })),
      countsAsAsked: z.boolean(),
      askedAt: z.string(),
      askedBy: z.string(),
    }),
  ),
});
export type CaseOut = z.infer<typeof CaseOut>;

/** One line of a case list. */
export const CaseListItem = z.object({
  id: z.string(),
  number: z.string(),
  unitName: z.string(),
  status: z.string(),
  personLabel: z.string().nullable(),
  identityMode: z.string(),
  personRole: z.string(),
  ageGroup: z.string(),
  victim: z.boolean(),
  exploitationTypes: z.array(z.string()),
  openedAt: z.date(),
  assessmentDue: z.string().nullable(),
  overdue: z.boolean(),
  assignedName: z.string().nullable(),
});
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CaseListFilter = z.object({
  scope: z.enum(['mine', 'unit']).default('unit'),
  view: z.enum(['all', 'awaiting_assessment', 'overdue']).default('all'),
  population: z.enum(['victims', 'buyers', 'exploiters']).default('victims'),
  status: z.enum(CASE_STATUSES).optional(),
  ageGroup: z.enum(AGE_GROUPS).optional(),
  exploitationType: z.enum(EXPLOITATION_TYPES).optional(),
  unitId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
/** A name or personnummer travels in the body, never in a URL that proxies and browser history keep. */
export const CaseSearch = CaseListFilter.extend({ query: z.string().trim().min(2).max(100) });
export type CaseListFilter = z.infer<typeof CaseListFilter> & { query?: string };

export const CasePatch = z.object({
  version: Version,
  exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).optional(),
  traffickingIndicators: z.array(z.enum(TRAFFICKING_INDICATORS)).max(TRAFFICKING_INDICATORS.length).optional(),
  assignedTo: z.uuid().nullable().optional(),
});
export type CasePatch = z.infer<typeof CasePatch>;
/** Someone in the case's unit it can be assigned to. */
export const Assignee = z.object({ id: z.string(), name: z.string() });
export type Assignee = z.infer<typeof Assignee>;
export const CasePatchOut = z.object({ version: z.number(), regionalReferral: z.string() });

export const StatusChange = z.object({ version: Version, status: z.enum(CASE_STATUSES), note: z.string().trim().max(2000).nullable().default(null) });
export type StatusChange = z.infer<typeof StatusChange>;
export const StatusChangeOut = z.object({ version: z.number(), status: z.enum(CASE_STATUSES) });

const JournalText = z.string().trim().min(1).max(20_000);
export const JournalIn = z.object({ text: JournalText, entryDate: z.iso.date().optional(), correctsId: z.uuid().nullable().default(null), sign: z.boolean().default(false) });
export type JournalIn = z.infer<typeof JournalIn>;
export const JournalOut = z.object({ id: z.string(), signed: z.boolean() });
export const JournalEdit = z.object({ text: JournalText });
export const SignedOut = z.object({ signedAt: z.date() });

export const DecisionIn = z.object({
  supportType: z.enum(SUPPORT_TYPES),
  outcome: z.enum(['granted', 'refused']),
  refusalGround: z.enum(REFUSAL_GROUNDS).nullable().default(null),
  incomeSources: z.array(z.enum(INCOME_SOURCES)).max(INCOME_SOURCES.length).default([]),
  conditions: z.array(z.enum(DECISION_CONDITIONS)).max(DECISION_CONDITIONS.length).default([]),
  startsOn: z.iso.date().nullable().default(null),
  endsOn: z.iso.date().nullable().default(null),
  reasoning: z.string().trim().max(10_000),
  /** The warnings (decisionWarnings) the caseworker has read and still decides. */
  acknowledgedWarnings: z.array(z.enum(['sexBuyerIncome'])).max(5).default([]),
});
export const DecisionParams = z.object({ id: z.uuid(), decisionId: z.uuid() });
export const EndMeasureIn = z.object({ endedOn: z.iso.date(), endReason: z.enum(END_REASONS), endNote: z.string().trim().max(2000).default('') });
export type EndMeasureIn = z.infer<typeof EndMeasureIn>;
export type DecisionIn = z.infer<typeof DecisionIn>;

export const VersionOut = z.object({ version: z.number() });

// ---- Reports of concern about a child, the reporter, the police report, Barnahus (issue 16) ----

const DeadlineStateOut = z.enum(['done', 'due_today', 'overdue', 'pending']).nullable();

/** What the case page shows of the report of concern and of who reported the contact. */
export const ConcernOut = z.object({
  version: z.number(),
  concernReport: z.boolean(),
  receivedOn: z.string(),
  ageGroup: z.string(),
  /** The facts about the age disagreed at intake; the youngest plausible age decided. */
  ageConflict: z.boolean(),
  statedAge: z.number().nullable(),
  protection: z.object({
    due: z.string().nullable(),
    state: DeadlineStateOut,
    assessedAt: z.string().nullable(),
    assessedBy: z.string().nullable(),
    outcome: z.string().nullable(),
    note: z.string().nullable(),
  }),
  assessment: z.object({ due: z.string().nullable(), state: DeadlineStateOut }),
  reporter: z
    .object({
      kind: z.string(),
      name: z.string().nullable(),
      organisation: z.string().nullable(),
      reach: z.string().nullable(),
      wantsFeedback: z.boolean(),
      feedback: z.enum(['required', 'requested', 'none']),
      feedbackGivenOn: z.string().nullable(),
      feedbackGivenBy: z.string().nullable(),
      feedbackNote: z.string().nullable(),
    })
    .nullable(),
  /** Under 15: rape of a child, not purchase of a sexual act; consider a police report. */
  under15: z.object({ crime: z.literal('rape_of_child'), considerPoliceReport: z.literal(true) }).nullable(),
  policeReport: z.object({ reportedOn: z.string(), reference: z.string() }).nullable(),
  barnahus: z.string(),
  barnahusNext: z.array(z.string()),
});
export type ConcernOut = z.infer<typeof ConcernOut>;

export const ProtectionAssessmentIn = z.object({
  outcome: z.enum(['immediate_protection', 'no_immediate_need']),
  note: z.string().trim().min(3).max(2000),
});
export type ProtectionAssessmentIn = z.infer<typeof ProtectionAssessmentIn>;

export const ReporterFeedbackIn = z.object({ givenOn: z.iso.date(), note: z.string().trim().min(3).max(2000) });
export type ReporterFeedbackIn = z.infer<typeof ReporterFeedbackIn>;

export const PoliceReportIn = z.object({ version: Version, reportedOn: z.iso.date(), reference: z.string().trim().min(2).max(60) });
export type PoliceReportIn = z.infer<typeof PoliceReportIn>;

export const BarnahusIn = z.object({ version: Version, state: z.enum(['offered', 'referred', 'accepted', 'declined']) });
export type BarnahusIn = z.infer<typeof BarnahusIn>;

/** One line of the unit manager's overview of concern reports. */
export const ConcernOverviewItem = z.object({
  caseId: z.string(),
  unitName: z.string(),
  ageGroup: z.string(),
  receivedOn: z.string(),
  assessmentDue: z.string().nullable(),
  protection: DeadlineStateOut,
  assessment: DeadlineStateOut,
  feedbackOwed: z.boolean(),
  assignedName: z.string().nullable(),
});
export type ConcernOverviewItem = z.infer<typeof ConcernOverviewItem>;
export const ConcernOverviewOut = z.object({
  today: z.string(),
  counts: z.object({ protectionDue: z.number(), assessmentDueToday: z.number(), assessmentOverdue: z.number(), feedbackOwed: z.number() }),
  items: z.array(ConcernOverviewItem),
});
export type ConcernOverviewOut = z.infer<typeof ConcernOverviewOut>;

// ---- Transfers between units (issue 16) ----

export const TransferIn = z.object({
  toUnitId: z.uuid(),
  reason: z.enum(TRANSFER_REASONS),
  note: z.string().trim().max(2000).nullable().default(null),
});
export type TransferIn = z.infer<typeof TransferIn>;
export const DeclineIn = z.object({ reason: z.string().trim().min(3).max(2000) });

export const TransferItem = z.object({
  id: z.string(),
  caseId: z.string(),
  fromUnitName: z.string(),
  toUnitName: z.string(),
  reason: z.string(),
  note: z.string().nullable(),
  ageGroup: z.string(),
  status: z.string(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  declineReason: z.string().nullable(),
});
export type TransferItem = z.infer<typeof TransferItem>;

/** The case's transfers, and the units it may be offered to now (the routing rules hold). */
export const CaseTransfersOut = z.object({
  transfers: z.array(TransferItem),
  ageGroupNow: z.string(),
  targets: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), district: z.string().nullable() })),
});
export type CaseTransfersOut = z.infer<typeof CaseTransfersOut>;

/**
 * A transfer waiting for the receiving unit: what it needs to decide, and no more — no name,
 * pseudonym or personnummer; the case itself opens to the unit once it accepts.
 */
export const IncomingTransfer = z.object({
  id: z.string(),
  fromUnitName: z.string(),
  toUnitName: z.string(),
  reason: z.string(),
  note: z.string().nullable(),
  ageGroup: z.string(),
  personRole: z.string(),
  caseStatus: z.string(),
  requestedAt: z.string(),
  requestedBy: z.string(),
});
export type IncomingTransfer = z.infer<typeof IncomingTransfer>;
export const TransferDecisionOut = z.object({ caseId: z.string(), status: z.string() });
