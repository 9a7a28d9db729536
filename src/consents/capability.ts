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
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    actorKind: { sv: 'Vem som lämnar samtycket', en: 'Who gives the consent' },
    actorName: { sv: 'Mottagarens namn', en: 'Recipient’s name' },
    expiresOn: { sv: 'Gäller till', en: 'Expires on' },
    form: { sv: 'Formulär', en: 'Form' },
    givenOn: { sv: 'Givet den', en: 'Given on' },
    legalBasis: { sv: 'Rättslig grund', en: 'Legal basis' },
    scope: { sv: 'Omfattning', en: 'Scope' },
    withdrawalNote: { sv: 'Anteckning om återkallelse', en: 'Withdrawal note' },
    withdrawnAt: { sv: 'Återkallat', en: 'Withdrawn at' },
  },
  auditRecordTypes: { consent: { sv: 'Samtycke', en: 'Consent' } },
  messages: consentMessages,
  retentionRules: [endedConsentsRule()],
  routes: registerConsentRoutes,
};
