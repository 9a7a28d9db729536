import type { Capability } from '../capability.ts';
import { registerAuthRoutes } from './routes.ts';
import { authMessages } from './messages.ts';
import * as m0050 from './migrations/0050_sign_in_hardening.ts';

/** Sign-in (password + TOTP, or the municipality's OpenID Connect provider), sessions, the signed-in user. */
export const authCapability: Capability = {
  name: 'auth',
  auditPurpose: 'sign-in',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'sign-in': { sv: 'Inloggning', en: 'Sign-in' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    password: { sv: 'Lösenord', en: 'Password' },
  },
  migrations: { '0050_sign_in_hardening': m0050 },
  messages: authMessages,
  auditRecordTypes: {
    user: { sv: 'Användare', en: 'User' },
    sign_in_residue: { sv: 'Kvarlämnade inloggningsförsök', en: 'Leftover sign-in attempts' },
    idempotency_key: { sv: 'Sparade svar mot dubbla registreringar', en: 'Kept answers against double registrations' },
  },
  routes: registerAuthRoutes,
};
