import type { Capability } from '../core/capability.ts';
import { consentMessages } from './messages.ts';
import * as m0300 from './migrations/0300_consents.ts';
import { endedConsentsRule, registerConsentRoutes } from './routes.ts';

/**
 * Consents: a person's consent to share information with a named actor (who gave it, to whom,
 * scope, written or oral, when, expiry, withdrawal at once, recorded by whom), or a recorded legal
 * basis instead. Exit plans and the regional-coordinator referral rest on it.
 */
export const consentsCapability: Capability = {
  name: 'consents',
  migrations: { '0300_consents': m0300 },
  permissions: ['consents.read', 'consents.record'],
  auditPurpose: 'exit process coordination',
  auditRecordTypes: { consent: { sv: 'Samtycke', en: 'Consent' } },
  messages: consentMessages,
  retentionRules: [endedConsentsRule()],
  routes: registerConsentRoutes,
};
