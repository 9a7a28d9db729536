import { defineMessages } from '../core/i18n/server.ts';

export const caseMessages = defineMessages({
  sv: {
    errors: {
      statusNotAllowed: 'Ärendet kan inte gå från den här fasen till den valda.',
      caseAlreadyOpened: 'Ett ärende är redan öppnat för den här kontakten.',
      caseClosed: 'Ärendet är avslutat.',
      reasoningTooShort: 'Skriv en motivering (minst 10 tecken).',
      refusalNeedsGround: 'Ett avslag behöver en avslagsgrund.',
      grantHasNoGround: 'Ett bifall har ingen avslagsgrund.',
      drugFreeCondition: 'Ett beslut om stöd får inte villkoras av drogfrihet. Skriv om motiveringen.',
      journalSigned: 'Anteckningen är signerad och kan inte ändras. Skriv en ny anteckning som rättelse.',
      notAuthor: 'Bara den som skrev anteckningen kan ändra eller signera den.',
      correctsUnknownEntry: 'Anteckningen som ska rättas finns inte i ärendet.',
      correctOnlySigned: 'Bara signerade anteckningar rättas med en ny anteckning; en osignerad kan ändras direkt.',
      noIndicators: 'Inga indikatorer på människohandel är markerade.',
      referralNeedsConsent: 'Hänvisning till regionkoordinatorn kräver personens samtycke (med datum) eller ett angivet lagstöd.',
      barnahusOnlyForChildren: 'Barnahus gäller barn som är utsatta.',
      unknownAssignee: 'Handläggaren finns inte eller arbetar inte på ärendets enhet.',
    },
  },
  en: {
    errors: {
      statusNotAllowed: 'The case cannot move from its current step to the one chosen.',
      caseAlreadyOpened: 'A case has already been opened for this contact.',
      caseClosed: 'The case is closed.',
      reasoningTooShort: 'Write a reasoning (at least 10 characters).',
      refusalNeedsGround: 'A refusal needs a ground.',
      grantHasNoGround: 'A grant has no refusal ground.',
      drugFreeCondition: 'Support must not be made conditional on being drug-free. Rewrite the reasoning.',
      journalSigned: 'The entry is signed and cannot be changed. Write a new entry as a correction.',
      notAuthor: 'Only the author of the entry can change or sign it.',
      correctsUnknownEntry: 'The entry to correct is not in this case.',
      correctOnlySigned: 'Only signed entries are corrected with a new entry; an unsigned one can be edited.',
      noIndicators: 'No trafficking indicators are marked.',
      referralNeedsConsent: 'A referral to the regional coordinator needs the person’s consent (with its date) or a stated legal basis.',
      barnahusOnlyForChildren: 'Barnahus is for children who are exposed.',
      unknownAssignee: 'The caseworker does not exist or does not work in the case’s unit.',
    },
  },
});
