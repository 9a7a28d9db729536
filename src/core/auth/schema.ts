import { z } from 'zod';
import { ROLES } from '../access/policy.ts';
import type { Wire } from '../http/wire.ts';

/** Sign-in's HTTP contract: validation and OpenAPI for the routes, and the web app's types. */

/** Which sign-in methods are offered; with OIDC, the provider's issuer (the administrator's link form names it). */
export const Options = z.object({ oidc: z.boolean(), oidcIssuer: z.string().optional() });
/** What the sign-in asks for next: the code, an enrolment, a new password (after a one-time one), or nothing. */
export const NextStep = z.object({ next: z.enum(['totp', 'enrol', 'password', 'done']) });
export const SignInIn = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const InitialPasswordIn = z.object({ newPassword: z.string().max(200) });
export const OwnPasswordIn = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) });
export const CodeIn = z.object({ code: z.string().max(10) });
export const Enrolment = z.object({ uri: z.string(), qrDataUrl: z.string(), secret: z.string() });
export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(['staff', 'partner']),
  /** Each role with its unit's name and kind (null for an organisation-wide role), so the web app can say "Enhetschef (Nexus – vuxna)" and show a unit kind's pages only to its staff. */
  grants: z.array(z.object({ role: z.enum(ROLES), unitId: z.string().nullable(), unitName: z.string().nullable(), unitKind: z.string().nullable() })),
  permissions: z.array(z.string()),
  idleMinutes: z.number(),
});
export const SignedOutEverywhere = z.object({ ended: z.number() });
/**
 * The provider's answer, named so the OpenAPI document lists the parameters (a record schema
 * produced invalid ones); loose, because openid-client checks the response as a whole from the URL.
 */
export const OidcCallbackQuery = z.looseObject({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional(),
  session_state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});
/** What the sign-in flow keeps in its signed cookie between the redirect and the callback. */
export const OidcFlowCookie = z.object({ state: z.string(), nonce: z.string(), verifier: z.string() });

export type MeOut = Wire<z.infer<typeof Me>>;
export type NextStepOut = Wire<z.infer<typeof NextStep>>;
export type EnrolmentOut = Wire<z.infer<typeof Enrolment>>;
