import { defineMessages } from '../core/i18n/server.ts';

export const questionMessages = defineMessages({
  sv: {
    errors: {
      unknownQuestionSet: 'Frågeformuläret eller versionen finns inte.',
      duplicateQuestionId: 'Två frågor har samma id.',
      choiceNeedsOptions: 'En flervalsfråga behöver minst två svarsalternativ.',
      optionsOnlyForChoice: 'Svarsalternativ hör bara till flervalsfrågor.',
      unknownQuestion: 'Svaret gäller en fråga som inte finns i den versionen av formuläret.',
      unansweredQuestion: 'Alla frågor behöver ett svar (eller "vill inte svara").',
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
      unansweredQuestion: 'Every question needs an answer (or "does not want to answer").',
      invalidAnswer: 'An answer is not one of the question’s options.',
      answerTooLong: 'A free-text answer is too long.',
      invalidPeriod: 'The end of the period is before its start.',
    },
  },
});
