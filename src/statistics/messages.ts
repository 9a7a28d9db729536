import { defineMessages } from '../core/i18n/server.ts';

export const statisticsMessages = defineMessages({
  sv: {
    errors: {
      dateRangeReversed: 'Startdatumet ligger efter slutdatumet. Byt plats på datumen.',
      dateRangeTooLong: 'Perioden är för lång. Välj högst tio år.',
      dateRangeOutOfBounds: 'Datumen ligger utanför det statistiken omfattar (från år 2000 till i dag).',
      unitNotVisible: 'Du kan inte se statistik för den enheten. Välj en av dina enheter.',
      cellSuppressed: 'Antalet är för litet för att lämnas ut (under gränsen för röjande). Välj en grövre indelning.',
      nationalKeyMissing: 'Nyckeln för pseudonymisering är inte inställd (STATISTICS_KEY_SECRET). Kontakta systemförvaltaren.',
      yearNotEnded: 'Året har inte börjat ännu.',
    },
  },
  en: {
    errors: {
      dateRangeReversed: 'The start date is after the end date. Swap the dates.',
      dateRangeTooLong: 'The period is too long. Choose ten years at most.',
      dateRangeOutOfBounds: 'The dates are outside what the statistics cover (from 2000 to today).',
      unitNotVisible: 'You cannot see statistics for that unit. Choose one of your units.',
      cellSuppressed: 'The count is too small to be released (under the disclosure threshold). Choose a coarser breakdown.',
      nationalKeyMissing: 'The pseudonymisation key is not configured (STATISTICS_KEY_SECRET). Contact the system administrator.',
      yearNotEnded: 'The year has not begun yet.',
    },
  },
});
