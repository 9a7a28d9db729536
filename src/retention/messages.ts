import type { MessageBundle } from '../core/i18n/server.ts';

export const retentionMessages: MessageBundle = {
  sv: {
    errors: {
      preservationDaysRequired: 'Dagarna 5, 15 och 25 måste alltid finnas med (socialtjänstförordningen 7 kap. 2 §). Kommunen kan lägga till fler dagar.',
      preservationBadDay: 'En dag i månaden är ett heltal från 1 till 31.',
      preservationDecisionRequired: 'Ange kommunens beslut om bevarande (till exempel nämnd, datum och paragraf).',
    },
  },
  en: {
    errors: {
      preservationDaysRequired: 'The days 5, 15 and 25 must always be included (Social Services Ordinance ch. 7 s. 2). The municipality may add more days.',
      preservationBadDay: 'A day of the month is a whole number from 1 to 31.',
      preservationDecisionRequired: 'Name the municipality’s decision on preservation (for example committee, date and paragraph).',
    },
  },
};
