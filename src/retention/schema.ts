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
  error: z.string().nullable(),
});

export type RuleOut = Wire<z.infer<typeof Rule>>;
export type RunOut = Wire<z.infer<typeof Run>>;
