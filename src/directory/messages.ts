import { defineMessages } from '../core/i18n/server.ts';

export const directoryMessages = defineMessages({
  sv: {
    errors: {
      referralNeedsConsent: 'En hänvisning från ett ärende kräver samtycke (givet senast samma dag) eller en angiven rättslig grund.',
      referralInTheFuture: 'Hänvisningens datum ligger i framtiden.',
      importHasErrors: 'Filen har fel på {{count}} rader. Inget importerades.',
      unknownEntry: 'Posten finns inte i katalogen.',
      notOwnUnit: 'Enheten är inte din.',
      consentNotFound: 'Samtycket finns inte för den här personen.',
      consentNotInForce: 'Samtycket gäller inte den dagen (återkallat, utgånget eller inte givet än).',
      consentForAnotherActor: 'Samtycket gäller en annan mottagare än den du hänvisar till.',
    },
  },
  en: {
    errors: {
      referralNeedsConsent: 'A referral from a case needs consent (given on or before the day) or a stated legal basis.',
      referralInTheFuture: 'The referral’s date is in the future.',
      importHasErrors: 'The file has errors on {{count}} rows. Nothing was imported.',
      unknownEntry: 'The entry is not in the directory.',
      notOwnUnit: 'The unit is not yours.',
      consentNotFound: 'There is no such consent for this person.',
      consentNotInForce: 'The consent is not in force that day (withdrawn, expired or not given yet).',
      consentForAnotherActor: 'The consent is for another recipient than the one you refer to.',
    },
  },
});
