import { defineMessages } from '../core/i18n/server.ts';

export const consentMessages = defineMessages({
  sv: {
    errors: {
      expiryBeforeGiven: 'Samtycket kan inte upphöra före dagen det gavs.',
      consentNeedsForm: 'Ange om samtycket gavs skriftligt eller muntligt.',
      legalBasisMissing: 'Ange lagstödet (t.ex. paragraf).',
      consentAlreadyWithdrawn: 'Samtycket är redan återkallat.',
    },
  },
  en: {
    errors: {
      expiryBeforeGiven: 'A consent cannot expire before the day it was given.',
      consentNeedsForm: 'Say whether the consent was given in writing or orally.',
      legalBasisMissing: 'State the legal basis (e.g. the section).',
      consentAlreadyWithdrawn: 'The consent has already been withdrawn.',
    },
  },
});
