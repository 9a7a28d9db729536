import { z } from 'zod';
import type { Wire } from '../core/http/wire.ts';

/** Retention administration's HTTP contract: validation and OpenAPI for the routes, and the web app's types. */

export const Rule = z.object({
  recordType: z.string(),
  /** The record type in words (from the capability manifests). */
  label: z.object({ sv: z.string(), en: z.string() }),
  description: z.object({ sv: z.string(), en: z.string() }),
  defaultKeepDays: z.number(),
  keepDays: z.number(),
});
export const RecordTypeParams = z.object({ recordType: z.string().max(60) });
export const KeepDaysIn = z.object({ keepDays: z.number().int().min(1).max(36500) });
export const Run = z.object({
  id: z.string(),
  trigger: z.string(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  counts: z.record(z.string(), z.number()),
  /** What was past its time but kept, per record type and reason (bevarande). */
  kept: z.record(z.string(), z.record(z.string(), z.number())),
  error: z.string().nullable(),
});

export type RuleOut = Wire<z.infer<typeof Rule>>;
export type RunOut = Wire<z.infer<typeof Run>>;

/** The municipality's preservation (bevarande, SoF 7 kap. 2 §): the persons born on these days, or every record. */
export const PreservationIn = z.object({
  mode: z.enum(['birth_days', 'all']),
  birthDays: z.array(z.number().int()).max(31),
  decision: z.string().trim().max(300).nullable(),
});
export const PreservationOut = PreservationIn.extend({ updatedAt: z.date().nullable(), lawDays: z.array(z.number()) });
export type PreservationOut = Wire<z.infer<typeof PreservationOut>>;
