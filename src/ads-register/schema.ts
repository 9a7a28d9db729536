import { z } from 'zod';
import { CONTACT_ANSWERS, CONTACT_CHANNELS } from './rules.ts';

/** Longest ad text accepted; a longer one is a row error (not silently cut). */
export const MAX_TEXT_CHARS = 20_000;

const stringList = z.array(z.string().max(200)).max(50);

/** One ad observation, as in JSON lines (and CSV with the same columns, arrays separated by `|`). */
export const adRowSchema = z.object({
  site: z.string().max(200).optional(),
  url: z.string().min(1).max(2000),
  seen_at: z.iso.datetime({ offset: true }).optional(),
  city: z.string().max(100).optional(),
  phones: stringList.default([]),
  emails: stringList.default([]),
  text: z.string().max(MAX_TEXT_CHARS, `text longer than ${MAX_TEXT_CHARS} characters`).default(''),
  image_hashes: z.array(z.string().regex(/^[0-9a-fA-F]{16}$/, 'must be 16 hex digits')).max(50).default([]),
  images: z.array(z.string().min(1)).max(50).default([]),
});

export type AdRow = z.infer<typeof adRowSchema>;
export const AD_FIELDS: ReadonlySet<string> = new Set(Object.keys(adRowSchema.shape));

// ---- The HTTP contract of the register's routes ----

export const ErrorOut = z.object({ error: z.string(), message: z.string() }).passthrough();
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export const ImportIn = z.object({
  fileName: z.string().trim().min(1).max(300),
  content: z.string().min(1).max(MAX_IMPORT_BYTES),
  /** Import the good rows even when some rows are malformed (otherwise nothing is imported). */
  allowPartial: z.boolean().default(false),
});
export const ImportOut = z.object({
  id: z.string(),
  fileName: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  totalRows: z.number(),
  doneRows: z.number(),
  imported: z.number(),
  errors: z.array(z.object({ row: z.number(), message: z.string() })),
  warnings: z.array(z.string()),
});
export type ImportOut = z.infer<typeof ImportOut>;

export const GroupQuery = z.object({ id: z.string().min(1).max(2000) });
export const GroupsQuery = z.object({ minAds: z.coerce.number().int().min(1).max(1000).default(2) });

export const GroupSummary = z.object({ id: z.string(), ads: z.number(), cities: z.array(z.string()), firstSeenAt: z.date(), lastSeenAt: z.date() });
export type GroupSummary = z.infer<typeof GroupSummary>;


export const GroupOut = z.object({
  id: z.string(),
  ads: z.array(z.object({ url: z.string(), site: z.string().nullable(), city: z.string().nullable(), firstSeenAt: z.date(), lastSeenAt: z.date(), observations: z.number(), text: z.string().nullable() })),
  /** The evidence: each link between two ads of the group, with its kind and similarity. */
  links: z.array(z.object({ urlA: z.string(), urlB: z.string(), kind: z.string(), similarity: z.number() })),
  decisions: z.array(z.object({ urlA: z.string(), urlB: z.string(), decision: z.enum(['confirmed', 'split']), decidedAt: z.date() })),
  attempts: z.array(z.object({ id: z.string(), attemptedOn: z.string(), channel: z.string(), template: z.string(), answer: z.string(), note: z.string().nullable(), byName: z.string() })),
});
export type GroupOut = z.infer<typeof GroupOut>;

export const DecisionIn = z.object({ urlA: z.string().min(1).max(2000), urlB: z.string().min(1).max(2000), decision: z.enum(['confirmed', 'split']) });
export const DecisionOut = z.object({ groupOfA: z.string().nullable(), groupOfB: z.string().nullable() });

export const ContactAttemptIn = z.object({
  groupId: z.string().min(1).max(2000),
  attemptedOn: z.iso.date(),
  channel: z.enum(CONTACT_CHANNELS),
  /** The name of the message template used: one message, by one worker. */
  template: z.string().trim().min(1).max(200),
  answer: z.enum(CONTACT_ANSWERS),
  note: z.string().trim().min(1).max(500).nullable().default(null),
});

export const CountsOut = z.object({
  activeAds: z.number(),
  probablePosters: z.number(),
  newPostersPerMonth: z.array(z.object({ month: z.string(), posters: z.number() })),
  cities: z.array(z.object({ city: z.string(), ads: z.number() })),
});
