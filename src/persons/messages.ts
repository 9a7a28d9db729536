import type { MessageBundle } from '../core/i18n/server.ts';

export const personMessages: MessageBundle = {
  sv: {
    errors: {
      'personnummer.format': 'Personnumret har fel form. Skriv det som ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN.',
      'personnummer.date': 'Personnumret innehåller ett datum som inte finns (samordningsnummer har dag + 60).',
      'personnummer.checksum': 'Personnumrets kontrollsiffra stämmer inte. Kontrollera siffrorna.',
      dateInFuture: 'Datumet ligger i framtiden.',
      birthDateAndYear: 'Ange antingen födelsedatum eller födelseår, inte båda.',
      anonymousWithIdentity: 'En anonym person kan inte ha namn eller personnummer. Välj "identifierad" i stället.',
      identifiedNeedsIdentity: 'En identifierad person behöver namn eller personnummer.',
      pseudonymousNeedsPseudonym: 'Ange det namn personen vill kallas (pseudonym).',
      lowerProtectionNeedsPermission: 'Du får inte sänka skyddet av personuppgifterna. Det kräver behörighet att öppna skyddade uppgifter.',
      protectionReasonRequired: 'Ange skälet till att skyddet av personuppgifterna sänks. Skälet loggas.',
      mergeSamePerson: 'Det är samma post. Välj den andra posten för personen.',
      mergeDifferentPersonnummer: 'Posterna har olika personnummer och gäller alltså två olika personer. De kan inte slås ihop.',
      mergeAlreadyMerged: 'En av posterna är redan sammanslagen med en annan.',
      mergeConflict: 'Posterna kan inte slås ihop: den andra postens uppgifter krockar med den här postens (till exempel två planer där bara en får finnas). Kontakta systemadministratören.',
      mergeAlreadyUndone: 'Sammanslagningen är redan ångrad.',
      mergeUndoWindowPassed: 'Sammanslagningen kan inte längre ångras (det går i 30 dagar).',
    },
  },
  en: {
    errors: {
      'personnummer.format': 'The personal identity number has the wrong form. Write it as YYMMDD-NNNN or YYYYMMDDNNNN.',
      'personnummer.date': 'The personal identity number contains a date that does not exist (coordination numbers have day + 60).',
      'personnummer.checksum': 'The check digit of the personal identity number is wrong. Check the digits.',
      dateInFuture: 'The date is in the future.',
      birthDateAndYear: 'Give either a date of birth or a year of birth, not both.',
      anonymousWithIdentity: 'An anonymous person cannot have a name or an identity number. Choose "identified" instead.',
      identifiedNeedsIdentity: 'An identified person needs a name or an identity number.',
      pseudonymousNeedsPseudonym: 'Enter the name the person wants to be called (pseudonym).',
      lowerProtectionNeedsPermission: 'You may not lower the protection of the personal data. That needs the right to open protected data.',
      protectionReasonRequired: 'Give the reason for lowering the protection of the personal data. The reason is logged.',
      mergeSamePerson: 'That is the same record. Choose the other record of the person.',
      mergeDifferentPersonnummer: 'The records have different identity numbers, so they are two different people. They cannot be merged.',
      mergeAlreadyMerged: 'One of the records is already merged into another.',
      mergeConflict: 'The records cannot be merged: the other record’s data clashes with this one’s (for example two plans where only one may exist). Contact the system administrator.',
      mergeAlreadyUndone: 'The merge has already been undone.',
      mergeUndoWindowPassed: 'The merge can no longer be undone (that is possible for 30 days).',
    },
  },
};
