import { defineMessages } from '../core/i18n/server.ts';

export const directoryMessages = defineMessages({
  sv: {
    errors: {
      referralNeedsConsent: 'En hänvisning från ett ärende kräver samtycke (givet senast samma dag) eller en angiven rättslig grund.',
      referralInTheFuture: 'Hänvisningens datum ligger i framtiden.',
      importHasErrors: 'Filen har fel på {{count}} rader. Inget importerades.',
      unknownEntry: 'Posten finns inte i katalogen.',
      notOwnUnit: 'Enheten är inte din.',
    },
  },
  en: {
    errors: {
      referralNeedsConsent: 'A referral from a case needs consent (given on or before the day) or a stated legal basis.',
      referralInTheFuture: 'The referral’s date is in the future.',
      importHasErrors: 'The file has errors on {{count}} rows. Nothing was imported.',
      unknownEntry: 'The entry is not in the directory.',
      notOwnUnit: 'The unit is not yours.',
    },
  },
});
