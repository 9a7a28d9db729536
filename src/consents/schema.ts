/** The HTTP contract of consents: validation, OpenAPI and the web app's types. */
import { z } from 'zod';
import { ACTOR_KINDS } from './rules.ts';

export const ConsentOut = z.object({
  id: z.string(),
  personId: z.string(),
  basis: z.enum(['consent', 'legal_basis']),
  actorKind: z.string(),
  actorName: z.string(),
  scope: z.string(),
  form: z.string().nullable(),
  legalBasis: z.string().nullable(),
  givenOn: z.string(),
  expiresOn: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.date(),
  withdrawnAt: z.date().nullable(),
  withdrawnBy: z.string().nullable(),
  status: z.enum(['in_force', 'expired', 'withdrawn', 'not_yet']),
  expiringSoon: z.boolean(),
});
export type ConsentOut = z.infer<typeof ConsentOut>;

export const ConsentIn = z.object({
  personId: z.uuid(),
  basis: z.enum(['consent', 'legal_basis']).default('consent'),
  actorKind: z.enum(ACTOR_KINDS),
  actorName: z.string().trim().min(2).max(200),
  scope: z.string().trim().min(3).max(1000),
  form: z.enum(['written', 'oral']).nullable().default(null),
  legalBasis: z.string().trim().max(300).nullable().default(null),
  givenOn: z.iso.date(),
  expiresOn: z.iso.date().nullable().default(null),
});
export type ConsentIn = z.infer<typeof ConsentIn>;

export const WithdrawIn = z.object({ note: z.string().trim().max(1000).nullable().default(null) });
export const WithdrawOut = z.object({ withdrawnAt: z.date() });
