/** The HTTP contract of persons: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';
import { GENDERS, IDENTITY_MODES, PROTECTION_LEVELS, RESIDENCE_STATUSES, RISK_FACTORS } from './rules.ts';

export const ShortText = (max: number) => z.string().trim().min(1).max(max);

/** The fields of a person a caseworker records and may change. */
export const PersonFields = {
  gender: z.enum(GENDERS),
  languages: z.array(ShortText(40)).max(10),
  interpreterNeeded: z.boolean(),
  citizenship: ShortText(60).nullable(),
  euCitizen: z.boolean().nullable(),
  riskFactors: z.array(z.enum(RISK_FACTORS)).max(RISK_FACTORS.length),
  residenceStatus: z.enum(RESIDENCE_STATUSES),
  /** The district (stadsdel) the person belongs to: routing picks the unit of the right kind there. */
  districtId: z.uuid().nullable(),
  protection: z.enum(PROTECTION_LEVELS),
  address: ShortText(300).nullable(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,20}$/).nullable(),
  email: z.email().max(200).nullable(),
};

/** A new person, as registered with a contact. */
export const PersonIn = z.object({
  identityMode: z.enum(IDENTITY_MODES),
  personnummer: z.string().trim().max(20).nullable().default(null),
  name: ShortText(200).nullable().default(null),
  pseudonym: ShortText(100).nullable().default(null),
  birthDate: z.iso.date().nullable().default(null),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  gender: PersonFields.gender.default('not_stated'),
  languages: PersonFields.languages.default([]),
  interpreterNeeded: z.boolean().default(false),
  citizenship: PersonFields.citizenship.default(null),
  euCitizen: PersonFields.euCitizen.default(null),
  riskFactors: PersonFields.riskFactors.default([]),
  residenceStatus: PersonFields.residenceStatus.default('unknown'),
  districtId: PersonFields.districtId.default(null),
  protection: PersonFields.protection.default('none'),
  address: PersonFields.address.default(null),
  phone: PersonFields.phone.default(null),
  email: PersonFields.email.default(null),
});
export type PersonIn = z.infer<typeof PersonIn>;

/** The person as the API shows it (see `personShown` in rules.ts: protected contact details hidden). */
export const PersonOut = z.object({
  id: z.string(),
  identityMode: z.string(),
  personnummer: z.string().nullable(),
  idKind: z.string().nullable(),
  name: z.string().nullable(),
  pseudonym: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthYear: z.number().nullable(),
  gender: z.string(),
  languages: z.array(z.string()),
  interpreterNeeded: z.boolean(),
  citizenship: z.string().nullable(),
  euCitizen: z.boolean().nullable(),
  riskFactors: z.array(z.string()),
  residenceStatus: z.string(),
  districtId: z.string().nullable(),
  protection: z.string(),
  contactDetailsHidden: z.boolean(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  version: z.number(),
});
export type PersonOut = z.infer<typeof PersonOut>;
/** The stored person, as the store selects it: the contract without what `personShown` derives. */
export type PersonRecord = Omit<PersonOut, 'contactDetailsHidden'>;

/** A change of a person (optimistic locking: the version read). */
export const PersonPatch = z.object({
  version: z.number().int(),
  name: ShortText(200).nullable().optional(),
  pseudonym: ShortText(100).nullable().optional(),
  gender: PersonFields.gender.optional(),
  languages: PersonFields.languages.optional(),
  interpreterNeeded: z.boolean().optional(),
  citizenship: PersonFields.citizenship.optional(),
  euCitizen: PersonFields.euCitizen.optional(),
  riskFactors: PersonFields.riskFactors.optional(),
  residenceStatus: PersonFields.residenceStatus.optional(),
  districtId: PersonFields.districtId.optional(),
  protection: PersonFields.protection.optional(),
  /** Needed to lower the protection (with persons.open_protected); the audit entry's purpose. */
  protectionReason: z.string().trim().min(5).max(300).optional(),
  address: PersonFields.address.optional(),
  phone: PersonFields.phone.optional(),
  email: PersonFields.email.optional(),
});
export type PersonPatch = z.infer<typeof PersonPatch>;

export const OpenProtectedIn = z.object({ reason: z.string().trim().min(5).max(300) });
export const ContactDetails = z.object({ address: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() });
export type ContactDetails = z.infer<typeof ContactDetails>;

/** Merging two records of the same person: the other record joins the one in the path, which survives. */
export const MergeQuery = z.object({ other: z.uuid() });
export const MergeIn = z.object({ other: z.uuid(), version: z.number().int(), otherVersion: z.number().int() });
const Moves = z.array(z.object({ table: z.string(), count: z.number().int() }));
export const MergePreviewOut = z.object({
  survivor: PersonOut,
  other: PersonOut,
  /** The survivor as it would be (contact details hidden if either record is protected). */
  result: PersonOut.omit({ version: true, id: true }),
  /** The rows that would follow the survivor, per table. */
  moves: Moves,
  /** What follows with those cases (journal entries, answers, decisions …), per table. */
  follows: Moves,
  protectionRaised: z.boolean(),
  problem: z.string().nullable(),
});
export type MergePreviewOut = z.infer<typeof MergePreviewOut>;
export const MergeOut = z.object({ mergeId: z.string(), survivorId: z.string(), moves: Moves, undoUntil: z.string() });
export type MergeOut = z.infer<typeof MergeOut>;
export const MergeSummary = z.object({ id: z.string(), mergedId: z.string(), mergedAt: z.string(), undoneAt: z.string().nullable(), undoUntil: z.string(), canUndo: z.boolean() });
export const UndoOut = z.object({ undone: z.literal(true), rowsMovedBack: z.number().int() });

/** Asking another unit to merge its record of the person into the caller's (merge-request-routes.ts). */
export const MergeRequestIn = z
  .object({
    personnummer: z.string().trim().max(20).optional(),
    caseNumber: z.string().trim().max(20).optional(),
    message: z.string().trim().max(1000).optional(),
  })
  .refine((b) => !!b.personnummer !== !!b.caseNumber, { message: 'Either a personnummer or a case number' });
export const DeclineIn = z.object({ reason: z.string().trim().min(5).max(1000) });
export const AcceptIn = z.object({ version: z.number().int(), otherVersion: z.number().int() });
/** What the requesting unit sees of its request: never anything of the other record. */
export const Outgoing = z.object({
  id: z.string(),
  personId: z.string(),
  foundBy: z.enum(['personnummer', 'case_number']),
  message: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});
/** What the units holding the named record see: who asks, why, and which of their records it is. */
export const Incoming = z.object({
  id: z.string(),
  requestingUnit: z.string(),
  requestedBy: z.string(),
  foundBy: z.enum(['personnummer', 'case_number']),
  message: z.string().nullable(),
  requestedAt: z.string(),
  otherId: z.string(),
  otherLabel: z.string().nullable(),
});
export const MergeRequestsOut = z.object({ incoming: Incoming.array(), outgoing: Outgoing.array() });
export type MergeRequestsOut = z.infer<typeof MergeRequestsOut>;
export const PersonQuery = z.object({ person: z.uuid().optional() });

