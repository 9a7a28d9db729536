import type { Capability } from '../capability.ts';
import { registerAuthRoutes } from './routes.ts';
import { authMessages } from './messages.ts';
import * as m0050 from './migrations/0050_sign_in_hardening.ts';

/** Sign-in (password + TOTP, or the municipality's OpenID Connect provider), sessions, the signed-in user. */
export const authCapability: Capability = {
  name: 'auth',
  auditPurpose: 'sign-in',
  migrations: { '0050_sign_in_hardening': m0050 },
  messages: authMessages,
  auditRecordTypes: {
    user: { sv: 'Användare', en: 'User' },
    sign_in_residue: { sv: 'Inloggningsrester', en: 'Sign-in leftovers' },
    idempotency_key: { sv: 'Sparade svar mot dubbla registreringar', en: 'Kept answers against double registrations' },
  },
  routes: registerAuthRoutes,
};
