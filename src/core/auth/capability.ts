import type { Capability } from '../capability.ts';
import { registerAuthRoutes } from './routes.ts';

/** Sign-in (password + TOTP, or the municipality's OpenID Connect provider), sessions, the signed-in user. */
export const authCapability: Capability = {
  name: 'auth',
  auditPurpose: 'sign-in',
  auditRecordTypes: {
    user: { sv: 'Användare', en: 'User' },
    sign_in_residue: { sv: 'Inloggningsrester', en: 'Sign-in leftovers' },
  },
  routes: registerAuthRoutes,
};
