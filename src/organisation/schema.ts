import { z } from 'zod';
import { ROLES } from '../core/access/policy.ts';
import type { Wire } from '../core/http/wire.ts';
import { UNIT_KINDS } from './rules.ts';

/** The organisation's HTTP contract: validation and OpenAPI for the routes, and the web app's types. */

export const Id = z.object({ id: z.uuid() });
export const AccountKind = z.enum(['staff', 'partner']);

/** A unit; `districtId` null: it serves the whole municipality (KAST, the chat). */
export const Unit = z.object({ id: z.string(), name: z.string(), kind: z.enum(UNIT_KINDS), active: z.boolean(), districtId: z.string().nullable() });
const UnitName = z.string().trim().min(2).max(120);
export const UnitIn = z.object({ name: UnitName, kind: z.enum(UNIT_KINDS), districtId: z.uuid().nullable().default(null) });
export const UnitPatchIn = z.object({ name: UnitName.optional(), kind: z.enum(UNIT_KINDS).optional(), active: z.boolean().optional(), districtId: z.uuid().nullable().optional() });

/** Districts (stadsdelar, nämnder; seed 003, 004): routing picks the unit of the right kind in the person's district. */
export const District = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
export const DistrictIn = z.object({ name: UnitName });
export const DistrictPatchIn = z.object({ name: UnitName.optional(), active: z.boolean().optional() });
export type DistrictOut = Wire<z.infer<typeof District>>;

export const GrantIn = z.object({ role: z.enum(ROLES), unitId: z.uuid().nullable() });
export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  kind: AccountKind,
  partnerOrganisation: z.string().nullable(),
  active: z.boolean(),
  mfaEnrolled: z.boolean(),
  /** The identity at the OIDC provider the account is linked to (an administrator's step), or null. */
  oidcIdentity: z.object({ issuer: z.string(), subject: z.string() }).nullable(),
  version: z.number(),
  grants: z.array(z.object({ role: z.enum(ROLES), unitId: z.string().nullable() })),
});
export const UsersQuery = z.object({ kind: AccountKind.optional(), unitId: z.uuid().optional(), query: z.string().max(100).optional() });

const Password = z.string().max(200);
const DisplayName = z.string().trim().min(1).max(200);
const PartnerOrganisation = z.string().trim().min(1).max(200).nullable();
export const UserIn = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[a-zA-Z0-9._-]+$/),
  displayName: DisplayName,
  email: z.email().max(200).nullable().default(null),
  kind: AccountKind,
  partnerOrganisation: PartnerOrganisation.default(null),
  initialPassword: Password,
  grants: z.array(GrantIn).max(50),
});
export const UserPatchIn = z.object({
  version: z.number().int(),
  displayName: DisplayName.optional(),
  email: z.email().max(200).nullable().optional(),
  partnerOrganisation: PartnerOrganisation.optional(),
  active: z.boolean().optional(),
  grants: z.array(GrantIn).max(50).optional(),
});
/** The identity at the municipality's OIDC provider an account is linked to: its issuer and its subject (`sub`). */
export const OidcLinkIn = z.object({ issuer: z.string().min(1).max(500), subject: z.string().min(1).max(255) });
export const ResetCredentialsIn = z.object({ newPassword: Password.optional(), resetMfa: z.boolean().default(false) });

export type UnitOut = Wire<z.infer<typeof Unit>>;
export type UserOut = Wire<z.infer<typeof User>>;
export type UserGrant = UserOut['grants'][number];
export type UserInput = z.infer<typeof UserIn>;
export type UserPatchInput = Omit<z.infer<typeof UserPatchIn>, 'version'>;
