import { z } from 'zod';
import type { Wire } from '../core/http/wire.ts';
import { AGE_BANDS } from '../core/age-band.ts';
import { CHAT_LANGUAGES, MAX_MESSAGE_LENGTH, QUEUES, TARGET_GROUPS, TOPICS } from './rules.ts';

/**
 * The chat's HTTP contract: validation and OpenAPI for the routes, and the web app's types.
 * The sockets' inbound frames are here too; docs/chat.md describes the frames the server sends.
 */

export const TargetGroup = z.enum(TARGET_GROUPS);
export const ChatLanguage = z.enum(CHAT_LANGUAGES);
export const Id = z.object({ id: z.uuid() });
export const ErrorOut = z.object({ error: z.string(), message: z.string() });

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
export const Hours = z
  .array(z.object({ weekday: z.number().int().min(1).max(7), opens: Hhmm, closes: Hhmm }).refine((h) => h.opens < h.closes, { message: 'opens must be before closes' }))
  .max(7);
export const HoursIn = z.object({ hours: Hours, queue: z.enum([...QUEUES, '*']).default('*') });
const IsoDate = z.iso.date();
export const HoursException = z
  .object({ date: IsoDate, queue: z.enum([...QUEUES, '*']), opens: Hhmm.nullable(), closes: Hhmm.nullable(), note: z.string().trim().max(200).default('') })
  .refine((x) => (x.opens === null) === (x.closes === null) && (x.opens === null || x.opens < x.closes!), { message: 'opens and closes: both empty (closed) or opens before closes' });
export const ExceptionsIn = z.object({ exceptions: z.array(HoursException).max(200) });
export const Status = z.object({
  /** Whether any queue is open now. */
  open: z.boolean(),
  /** Whether each queue is open now (its own hours, exceptions and every queue's hours applied). */
  queues: z.record(z.string(), z.boolean()),
  /** The weekly hours of every queue. */
  hours: Hours,
  /** Weekly hours of queues that have their own. */
  queueHours: z.array(z.object({ queue: z.string(), weekday: z.number(), opens: z.string(), closes: z.string() })),
  /** Exceptions from today on. */
  exceptions: z.array(z.object({ date: z.string(), queue: z.string(), opens: z.string().nullable(), closes: z.string().nullable(), note: z.string() })),
});

// ---- The visitor ----
export const StartIn = z.object({ targetGroup: TargetGroup, language: ChatLanguage });
export const StartOut = z.object({ token: z.string(), position: z.number(), expectedWaitMinutes: z.number().nullable() });
export const ConsentIn = z.object({ consent: z.literal(true) });
export const ConsentOut = z.object({ recorded: z.literal(true) });
export const OfflineIn = z.object({ targetGroup: TargetGroup, language: ChatLanguage, body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH) });
export const OfflineOut = z.object({ code: z.string() });
export const OfflineReadIn = z.object({ code: z.string().min(4).max(40) });
/** A message as a reader outside the console sees it (no internal notes). */
export const TranscriptMessage = z.object({ sender: z.string(), body: z.string(), at: z.date() });
export const OfflineReadOut = z.object({ answered: z.boolean(), messages: z.array(TranscriptMessage) });

// ---- Supervisors ----
export const Overview = z.object({
  queues: z.array(z.object({ queue: z.string(), waiting: z.number(), longestWaitSeconds: z.number(), active: z.number() })),
  counsellorsOnDuty: z.array(z.object({ userId: z.string(), displayName: z.string(), queues: z.array(z.string()), activeChats: z.number() })),
  offlineWaiting: z.number(),
});
export const Canned = z.object({
  id: z.string(),
  language: z.string(),
  title: z.string(),
  body: z.string(),
  directoryEntryId: z.string().nullable(),
  entryName: z.string().nullable().describe('The directory entry it points at, while that entry is public and active'),
  text: z.string().describe('What inserting it puts into the reply: the body, then the entry’s name and how to reach it'),
});
export const CannedIn = z.object({
  language: ChatLanguage,
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
  directoryEntryId: z.string().uuid().nullable().default(null).describe('A public directory entry the answer points at'),
});
export const StatisticsQuery = z.object({ from: z.iso.date(), to: z.iso.date() });
export const StatisticsRow = z.object({ queue: z.string(), topic: z.string(), targetGroup: z.string(), ageBand: z.string(), referralGiven: z.boolean(), count: z.number() });

// ---- Escalations awaiting intake ----
export const Escalation = z.object({
  id: z.string(),
  sessionId: z.string(),
  targetUnitId: z.string(),
  targetUnitName: z.string(),
  createdAt: z.date(),
  consentGivenAt: z.date(),
  targetGroup: z.string(),
  language: z.string(),
});
export const EscalationTranscript = z.object({ consentText: z.string(), messages: z.array(TranscriptMessage) });

// ---- Socket frames from the clients ----
export const VisitorFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().min(20).max(100), after: z.number().int().min(0).default(0) }),
  z.object({ type: z.literal('message'), clientId: z.string().min(1).max(64), body: z.string() }),
  z.object({ type: z.literal('typing') }),
  // `quick`: the visitor left with the quick exit, recorded as the chat's end reason.
  z.object({ type: z.literal('end'), quick: z.boolean().optional() }),
  z.object({ type: z.literal('ping') }),
]);

/** The visitor's end of a chat by HTTP (sent with keepalive as the page goes): `quickExit` when it is the quick exit. */
export const VisitorEndIn = z.object({ quickExit: z.boolean().optional() }).strict();

const Uuid = z.uuid();
const Outcome = z.object({ topic: z.enum(TOPICS), targetGroup: TargetGroup, ageBand: z.enum(AGE_BANDS), referralGiven: z.boolean() });
const RequestId = z.string().min(1).max(64);
export const StaffFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), sessionId: Uuid, clientId: z.string().min(1).max(64), body: z.string() }),
  z.object({ type: z.literal('note'), sessionId: Uuid, clientId: z.string().min(1).max(64), body: z.string() }),
  z.object({ type: z.literal('typing'), sessionId: Uuid }),
  z.object({ type: z.literal('resume'), sessionId: Uuid, after: z.number().int().min(0) }),
  z.object({ type: z.literal('take'), requestId: RequestId, sessionId: Uuid.optional() }),
  z.object({ type: z.literal('transfer'), requestId: RequestId, sessionId: Uuid, toQueue: z.enum(QUEUES).optional(), toUserId: Uuid.optional() }),
  z.object({ type: z.literal('end'), requestId: RequestId, sessionId: Uuid, outcome: Outcome }),
  z.object({ type: z.literal('block'), requestId: RequestId, sessionId: Uuid }),
  z.object({ type: z.literal('escalate'), requestId: RequestId, sessionId: Uuid, targetUnitId: Uuid, ageBand: z.enum(AGE_BANDS) }),
  z.object({ type: z.literal('readOffline'), requestId: RequestId, sessionId: Uuid }),
  z.object({ type: z.literal('answerOffline'), requestId: RequestId, sessionId: Uuid, body: z.string() }),
  z.object({ type: z.literal('ping') }),
]);
export type StaffFrameIn = z.infer<typeof StaffFrame>;
export type ChatOutcome = z.infer<typeof Outcome>;

// ---- The web app's types: the answers as JSON ----
export type HoursOut = Wire<z.infer<typeof Hours>>[number];
export type OverviewOut = Wire<z.infer<typeof Overview>>;
export type CannedOut = Wire<z.infer<typeof Canned>>;
export type EscalationOut = Wire<z.infer<typeof Escalation>>;
export type EscalationTranscriptOut = Wire<z.infer<typeof EscalationTranscript>>;
