import { z } from 'zod';
import { DIRECTORY_KINDS, GENDERS, TARGET_GROUPS } from './rules.ts';

export const Id = z.object({ id: z.string().uuid() });

/** A directory entry as it is written (API and CSV rows alike). */
export const EntryIn = z.object({
  name: z.string().trim().min(2).max(200),
  kind: z.enum(DIRECTORY_KINDS),
  offerSv: z.string().trim().min(2).max(2000),
  offerEn: z.string().trim().min(2).max(2000),
  targetGroups: z.array(z.enum(TARGET_GROUPS)).min(1),
  ageMin: z.number().int().min(0).max(120).nullable().default(null),
  ageMax: z.number().int().min(0).max(120).nullable().default(null),
  genders: z.array(z.enum(GENDERS)).default([]),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).default([]),
  openingHours: z.string().trim().max(300).default(''),
  phone: z.string().trim().max(40).nullable().default(null),
  email: z.string().trim().email().max(200).nullable().default(null),
  web: z.string().trim().url().max(300).nullable().default(null),
  address: z.string().trim().max(300).nullable().default(null),
  anonymousContact: z.boolean().default(false),
  exclusionCriteria: z.string().trim().max(1000).nullable().default(null).describe('null: no exclusion criteria (searchable as such)'),
  meansTested: z.boolean().default(false),
  evidenceNote: z.string().trim().max(1000).nullable().default(null),
  visibility: z.enum(['public', 'internal']).default('public'),
  lastReviewedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
}).refine((e) => e.ageMin === null || e.ageMax === null || e.ageMin <= e.ageMax, { message: 'ageMin > ageMax', path: ['ageMax'] });
export type EntryIn = z.infer<typeof EntryIn>;

export const EntryOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  offerSv: z.string(),
  offerEn: z.string(),
  targetGroups: z.array(z.string()),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  genders: z.array(z.string()),
  languages: z.array(z.string()),
  openingHours: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  web: z.string().nullable(),
  address: z.string().nullable(),
  anonymousContact: z.boolean(),
  exclusionCriteria: z.string().nullable(),
  meansTested: z.boolean(),
  evidenceNote: z.string().nullable(),
  visibility: z.string(),
  lastReviewedOn: z.string(),
  ownerUnitName: z.string(),
  reviewDue: z.boolean(),
});
export type EntryOut = z.infer<typeof EntryOut>;
/** An entry as its owner edits it: its owner unit and whether it is active. */
export const ManagedEntryOut = EntryOut.extend({ ownerUnitId: z.string(), active: z.boolean() });
export type ManagedEntryOut = z.infer<typeof ManagedEntryOut>;
export const EntryWrite = z.object({ entry: EntryIn, ownerUnitId: z.string().uuid() });
export const ActiveIn = z.object({ active: z.boolean() });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();
export const SearchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  lang: z.enum(['sv', 'en']).default('sv'),
  targetGroup: z.enum(TARGET_GROUPS).optional(),
  age: z.coerce.number().int().min(0).max(120).optional(),
  gender: z.enum(GENDERS).optional(),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
  kind: z.enum(DIRECTORY_KINDS).optional(),
  anonymous: flag,
  noExclusions: flag,
  notMeansTested: flag,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const ImportIn = z.object({
  csv: z.string().max(5_000_000),
  ownerUnitId: z.string().uuid(),
  partial: z.boolean().default(false).describe('Import the valid rows even when others have errors'),
});
export const RowError = z.object({ row: z.number(), field: z.string(), message: z.string() });
export const ImportOut = z.object({ imported: z.number(), errors: z.array(RowError) });

export const WELL_KNOWN_ENTRIES = ['barnahus', 'regional_coordinator'] as const;
export const CaseReferralIn = z
  .object({
    caseId: z.string().uuid(),
    /** The entry, by id or (the case page's Barnahus and regional-coordinator prompts) by its well-known key. */
    entryId: z.string().uuid().optional(),
    wellKnown: z.enum(WELL_KNOWN_ENTRIES).optional(),
    referredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    basis: z.discriminatedUnion('kind', [
      /** consentId names a consent already recorded in consents; without it the consent given that day is recorded there now. */
      z.object({ kind: z.literal('consent'), consentGivenOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), consentId: z.string().uuid().optional() }),
      z.object({ kind: z.literal('legal_basis'), legalBasis: z.string().trim().min(3).max(500) }),
    ]),
    /** Barnahus: whether a police report was made (none is needed); recorded in the audit entry only. */
    policeReport: z.boolean().optional(),
    /** Barnahus: what was agreed, with whom (kept on the case). */
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .refine((b) => (b.entryId === undefined) !== (b.wellKnown === undefined), { message: 'entryId or wellKnown, one of them', path: ['entryId'] });
export type CaseReferralIn = z.infer<typeof CaseReferralIn>;
export const ChatReferralIn = z.object({ entryId: z.string().uuid(), referredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export const OutcomeIn = z.object({ outcome: z.enum(['accepted', 'declined', 'no_contact']) });
export const ReferralOut = z.object({
  id: z.string(),
  entryId: z.string(),
  entryName: z.string(),
  source: z.string(),
  referredOn: z.string(),
  referredByName: z.string().nullable(),
  basis: z.string(),
  consentId: z.string().nullable(),
  consentGivenOn: z.string().nullable(),
  legalBasis: z.string().nullable(),
  outcome: z.string(),
});
export type ReferralOut = z.infer<typeof ReferralOut>;
export const ReferralStat = z.object({ entryName: z.string(), source: z.string(), outcome: z.string(), count: z.number() });
export const Created = z.object({ id: z.string() });
