import { defineMessages } from '../core/i18n/server.ts';

/** Error texts of the ads register. */
export const adsMessages = defineMessages({
  sv: {
    errors: {
      adsRegisterNotConfigured: 'Annonsregistret är inte påslaget (ADS_HMAC_KEY saknas).',
      importNotFound: 'Importen finns inte.',
      groupNotFound: 'Gruppen finns inte (den kan ha grupperats om).',
      adNotFound: 'Annonsen finns inte i registret.',
      sameAd: 'En länk går mellan två olika annonser.',
    },
  },
  en: {
    errors: {
      adsRegisterNotConfigured: 'The ads register is not switched on (ADS_HMAC_KEY is missing).',
      importNotFound: 'The import does not exist.',
      groupNotFound: 'The group does not exist (it may have been regrouped).',
      adNotFound: 'The ad is not in the register.',
      sameAd: 'A link is between two different ads.',
    },
  },
});
