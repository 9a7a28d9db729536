import { defineMessages } from '../core/i18n/server.ts';

export const organisationMessages = defineMessages({
  sv: {
    errors: {
      districtNameTaken: 'Det finns redan ett område med det namnet.',
      unknownDistrict: 'Området finns inte.',
      cannotChangeOwnGrants: 'Du kan inte ändra dina egna roller. Be en annan administratör (åtskillnad av uppgifter).',
      cannotLinkOwnIdentity: 'Du kan inte koppla ditt eget konto till en inloggning. Be en annan administratör.',
      oidcIssuerUnknown: 'Identitetstjänsten är inte den som Utväg är konfigurerad för.',
      oidcIdentityInUse: 'Den inloggningen är redan kopplad till ett annat konto.',
      cannotResetOwnCredentials: 'Byt ditt eget lösenord under Mitt konto. En annan administratör kan återställa din tvåstegsverifiering.',
      resetKeepsOneFactor:
        'Återställ antingen lösenordet eller autentiseringsappen, inte båda: det personen fortfarande har visar att det är hen som kopplar den nya. Har personen förlorat båda, skapa ett nytt konto.',
    },
  },
  en: {
    errors: {
      districtNameTaken: 'There is already a district with that name.',
      unknownDistrict: 'The district does not exist.',
      cannotChangeOwnGrants: 'You cannot change your own roles. Ask another administrator (separation of duties).',
      cannotLinkOwnIdentity: 'You cannot link your own account to a sign-in. Ask another administrator.',
      oidcIssuerUnknown: 'The identity service is not the one Utväg is configured for.',
      oidcIdentityInUse: 'That sign-in is already linked to another account.',
      cannotResetOwnCredentials: 'Change your own password under My account. Another administrator can reset your two-step verification.',
      resetKeepsOneFactor:
        'Reset either the password or the authenticator app, not both: what the person still has shows it is them who connects the new one. If the person has lost both, create a new account.',
    },
  },
});
