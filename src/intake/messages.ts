import { defineMessages } from '../core/i18n/server.ts';

export const intakeMessages = defineMessages({
  sv: {
    errors: {
      ageNotKnown: 'Åldern är inte känd, så ärendet kan inte fördelas automatiskt. Välj enhet: barn och unga om personen kan vara under 18, annars vuxenenheten.',
      unitNotForCases: 'Enheten tar inte emot ärenden. Välj barn och unga, vuxenenheten, KAST eller ekonomiskt bistånd.',
      unitDoesNotMatchRouting: 'Enligt åldern ska ärendet till en enhet av typen {{kind}}.',
      noUnitOfKind: 'Det finns ingen aktiv enhet av typen {{kind}}. Kontakta systemadministratören.',
      draftTooLarge: 'Utkastet är för stort.',
      barnahusReferralRoute: 'En hänvisning till Barnahus görs med knappen ”Hänvisa till Barnahus” på ärendet, med datum och kommentar. Den här vägen ändrar bara svaret på erbjudandet.',
      personExistsInOtherUnit:
        'Det finns redan en person med det här personnumret i en annan enhet. Kontakten har inte registrerats. Kontakta den enheten. (Att konsultera en annan enhet eller föra över ett ärende i systemet kommer i en senare version.)',
      receivedOnTooOld: 'Datumet ligger mer än ett år bakåt. Ange ett skäl till datumet för att registrera kontakten.',
      escalationNotFound: 'Den överlämnade chatten finns inte bland din enhets chattar som väntar på mottagning.',
      escalationAlreadyTaken: 'Chatten har redan tagits in i ett ärende.',
      escalationNeedsChatChannel: 'En överlämnad chatt registreras med kontaktvägen ”överlämnad från chatten”.',
      chooseUnit: 'Flera enheter passar. Välj vilken enhet som ska få ärendet.',
      consultationIdentifies: 'En konsultation är anonym: texten innehåller något som liknar ett personnummer. Ta bort det, eller registrera en kontakt om personen.',
      periodReversed: 'Perioden börjar efter att den slutar.',
    },
  },
  en: {
    errors: {
      barnahusReferralRoute: 'A Barnahus referral is made with “Refer to Barnahus” on the case, with a date and a comment. This way only records the answer to the offer.',
      ageNotKnown: 'The age is not known, so the case cannot be routed automatically. Choose a unit: children and young people if the person may be under 18, otherwise the adult unit.',
      unitNotForCases: 'That unit does not take cases. Choose the children’s intake, the adult unit, KAST or economic aid.',
      unitDoesNotMatchRouting: 'By age, the case belongs to a unit of kind {{kind}}.',
      noUnitOfKind: 'There is no active unit of kind {{kind}}. Contact the system administrator.',
      draftTooLarge: 'The draft is too large.',
      personExistsInOtherUnit:
        'A person with this identity number already exists in another unit. The contact has not been registered. Contact that unit. (Consulting another unit or transferring a case in the system comes in a later version.)',
      receivedOnTooOld: 'The date is more than a year back. Give a reason for the date to register the contact.',
      escalationNotFound: 'The handed-over chat is not among the chats awaiting intake at your unit.',
      escalationAlreadyTaken: 'The chat has already been taken into a case.',
      escalationNeedsChatChannel: 'A handed-over chat is registered with the channel “escalated from the chat”.',
      chooseUnit: 'Several units fit. Choose the unit that gets the case.',
      consultationIdentifies: 'A consultation is anonymous: the text holds something that looks like a personal identity number. Remove it, or register a contact about the person.',
      periodReversed: 'The period starts after it ends.',
    },
  },
});
