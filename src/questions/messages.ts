import { defineMessages } from '../core/i18n/server.ts';

export const questionMessages = defineMessages({
  sv: {
    errors: {
      unknownQuestionSet: 'Frågeformuläret eller versionen finns inte.',
      duplicateQuestionId: 'Två frågor har samma id.',
      choiceNeedsOptions: 'En flervalsfråga behöver minst två svarsalternativ.',
      optionsOnlyForChoice: 'Svarsalternativ hör bara till flervalsfrågor.',
      unknownQuestion: 'Svaret gäller en fråga som inte finns i den versionen av formuläret.',
      nothingAsked: 'Ingen fråga är besvarad. En fråga som inte ställts lämnas tom; "vill inte svara" är ett svar.',
      declinedIsReserved: 'Svarsalternativet "declined" är reserverat för "vill inte svara".',
      followUpOnUnknownAnswer: 'Ett förslag på nästa steg gäller ett svar som frågan inte har.',
      followUpMissing: 'Skriv vad som gjordes med förslaget på nästa steg.',
      followUpNotSuggested: 'Ett nästa steg är registrerat för ett svar som inte ledde till något förslag.',
      invalidAnswer: 'Ett svar är inte ett av frågans alternativ.',
      answerTooLong: 'Ett fritextsvar är för långt.',
      invalidPeriod: 'Periodens slut ligger före dess början.',
    },
  },
  en: {
    errors: {
      unknownQuestionSet: 'The question set or its version does not exist.',
      duplicateQuestionId: 'Two questions have the same id.',
      choiceNeedsOptions: 'A choice question needs at least two options.',
      optionsOnlyForChoice: 'Options belong only to choice questions.',
      unknownQuestion: 'An answer is for a question that is not in that version of the set.',
      nothingAsked: 'No question is answered. A question not asked is left empty; "does not want to answer" is an answer.',
      declinedIsReserved: 'The option value "declined" is reserved for "does not want to answer".',
      followUpOnUnknownAnswer: 'A suggested next step refers to an answer the question does not have.',
      followUpMissing: 'Record what was done with the suggested next step.',
      followUpNotSuggested: 'A next step is recorded for an answer that led to no suggestion.',
      invalidAnswer: 'An answer is not one of the question’s options.',
      answerTooLong: 'A free-text answer is too long.',
      invalidPeriod: 'The end of the period is before its start.',
    },
  },
});
