import { defineMessages } from '../i18n/server.ts';

export const authMessages = defineMessages({
  sv: {
    errors: {
      passwordWrong: 'Det nuvarande lösenordet stämmer inte.',
      passwordUnchanged: 'Välj ett annat lösenord än det du har nu.',
      passwordChangeOnlyForPasswordAccounts: 'Kontot loggar in via kommunens inloggning och har inget lösenord här.',
    },
  },
  en: {
    errors: {
      passwordWrong: 'The current password is wrong.',
      passwordUnchanged: 'Choose a password other than the one you have now.',
      passwordChangeOnlyForPasswordAccounts: 'The account signs in through the municipality’s sign-in and has no password here.',
    },
  },
});
