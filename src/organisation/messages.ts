import { defineMessages } from '../core/i18n/server.ts';

export const organisationMessages = defineMessages({
  sv: {
    errors: {
      cannotChangeOwnGrants: 'Du kan inte ändra dina egna roller. Be en annan administratör (åtskillnad av uppgifter).',
      cannotResetOwnCredentials: 'Byt ditt eget lösenord under Mitt konto. En annan administratör kan återställa din tvåstegsverifiering.',
      resetKeepsOneFactor:
        'Återställ antingen lösenordet eller autentiseringsappen, inte båda: det personen fortfarande har visar att det är hen som kopplar den nya. Har personen förlorat båda, skapa ett nytt konto.',
    },
  },
  en: {
    errors: {
      cannotChangeOwnGrants: 'You cannot change your own roles. Ask another administrator (separation of duties).',
      cannotResetOwnCredentials: 'Change your own password under My account. Another administrator can reset your two-step verification.',
      resetKeepsOneFactor:
        'Reset either the password or the authenticator app, not both: what the person still has shows it is them who connects the new one. If the person has lost both, create a new account.',
    },
  },
});
