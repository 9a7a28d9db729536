import { z } from 'zod';
import type { Wire } from '../core/http/wire.ts';

/** The log review's HTTP contract: validation and OpenAPI for the routes, and the web app's types. */

const IsoDate = z.iso.date();
export const RecordType = z.object({ type: z.string(), capability: z.string(), label: z.object({ sv: z.string(), en: z.string() }) });
export const EntriesQuery = z.object({
  userId: z.uuid().optional(),
  personId: z.uuid().optional(),
  recordType: z.string().max(60).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const Entry = z.object({
  id: z.number(),
  at: z.date(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorUnit: z.string().nullable(),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  personId: z.string().nullable(),
  fields: z.array(z.string()),
  purpose: z.string(),
});
export const Actor = z.object({ id: z.string(), displayName: z.string(), username: z.string() });
export const Review = z.object({
  id: z.string(),
  reviewer: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  scope: z.string(),
  finding: z.string(),
  chainHeadId: z.number().nullable(),
  createdAt: z.date(),
});
export const ReviewIn = z.object({ periodFrom: IsoDate, periodTo: IsoDate, scope: z.string().trim().min(1).max(500), finding: z.string().trim().min(1).max(5000) });
export const ReviewCreated = z.object({ id: z.string(), chainHeadId: z.number().nullable() });
export const Chain = z.object({
  ok: z.boolean(),
  checked: z.number(),
  unsealed: z.number(),
  head: z.object({ id: z.number(), hash: z.string() }).nullable(),
  firstBroken: z.object({ auditId: z.number(), problem: z.string() }).nullable(),
});

export type AuditSearch = z.infer<typeof EntriesQuery>;
export type EntryOut = Wire<z.infer<typeof Entry>>;
export type ActorOut = Wire<z.infer<typeof Actor>>;
export type ReviewOut = Wire<z.infer<typeof Review>>;
export type ChainOut = Wire<z.infer<typeof Chain>>;
export type RecordTypeOut = Wire<z.infer<typeof RecordType>>;

/** The log's labels (GET /api/audit/labels): record types, purposes and, per capability, field names. */
const LabelOut = z.object({ sv: z.string(), en: z.string() });
export const AuditLabelsOut = z.object({
  recordTypes: z.record(z.string(), LabelOut.extend({ capability: z.string() })),
  purposes: z.record(z.string(), LabelOut),
  fields: z.record(z.string(), z.record(z.string(), LabelOut)),
});
