import { defineMessages } from '../core/i18n/server.ts';

/** Error texts of outreach. */
export const outreachMessages = defineMessages({
  sv: {
    errors: {
      shiftNotFound: 'Passet finns inte eller hör till en annan enhet.',
      outreachContactNotFound: 'Kontakten finns inte eller hör till en annan enhets pass.',
      notAParticipant: 'Den som kontakten loggas för måste vara med på passet.',
      alreadyParticipant: 'Personen är redan med på passet.',
      acceptedNotOffered: 'Det som togs emot måste också vara markerat som erbjudet.',
      shiftEndsBeforeStart: 'Passet måste sluta efter att det börjar.',
      shiftTooLong: 'Ett pass kan vara högst 14 dagar (en insatsvecka).',
      unitOutsideScope: 'Du kan bara planera pass i dina egna enheter.',
      alreadyIntake: 'Kontakten är redan registrerad i mottagningen.',
    },
  },
  en: {
    errors: {
      shiftNotFound: 'The shift does not exist or belongs to another unit.',
      outreachContactNotFound: 'The contact does not exist or belongs to another unit’s shift.',
      notAParticipant: 'The person a contact is logged for must take part in the shift.',
      alreadyParticipant: 'The person already takes part in the shift.',
      acceptedNotOffered: 'What was accepted must also be marked as offered.',
      shiftEndsBeforeStart: 'The shift must end after it starts.',
      shiftTooLong: 'A shift can last at most 14 days (an action week).',
      unitOutsideScope: 'You can only plan shifts in your own units.',
      alreadyIntake: 'The contact is already registered in intake.',
    },
  },
});
