import type { MessageBundle } from '../core/i18n/server.ts';

export const intakeMessages: MessageBundle = {
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
      ageNotKnown: 'Åldern är inte känd, så ärendet kan inte fördelas automatiskt. Välj enhet: barn och unga om personen kan vara under 18, annars vuxenenheten.',
      unitNotForCases: 'Enheten tar inte emot ärenden. Välj barn och unga, vuxenenheten, KAST eller ekonomiskt bistånd.',
      unitDoesNotMatchRouting: 'Enligt åldern ska ärendet till en enhet av typen {{kind}}.',
      noUnitOfKind: 'Det finns ingen aktiv enhet av typen {{kind}}. Kontakta systemadministratören.',
      caseAlreadyOpened: 'Ett ärende är redan öppnat för den här kontakten.',
      draftTooLarge: 'Utkastet är för stort.',
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
      ageNotKnown: 'The age is not known, so the case cannot be routed automatically. Choose a unit: children and young people if the person may be under 18, otherwise the adult unit.',
      unitNotForCases: 'That unit does not take cases. Choose the children’s intake, the adult unit, KAST or economic aid.',
      unitDoesNotMatchRouting: 'By age, the case belongs to a unit of kind {{kind}}.',
      noUnitOfKind: 'There is no active unit of kind {{kind}}. Contact the system administrator.',
      caseAlreadyOpened: 'A case has already been opened for this contact.',
      draftTooLarge: 'The draft is too large.',
    },
  },
};
