import type { Capability } from '../core/capability.ts';
import { questionMessages } from './messages.ts';
import * as m0120 from './migrations/0120_questions.ts';
import * as m0121 from './migrations/0121_not_asked_and_follow_ups.ts';
import * as m0122 from './migrations/0122_old_answers_not_inflating.ts';
import { registerQuestionRoutes } from './routes.ts';
import { syncBundledSets } from './store.ts';

/** Structured questions: versioned sets as data, answers on a case under their version, coverage per unit. */
export const questionsCapability: Capability = {
  name: 'questions',
  migrations: { '0120_questions': m0120, '0121_not_asked_and_follow_ups': m0121, '0122_old_answers_not_inflating': m0122 },
  permissions: ['questions.manage', 'questions.coverage'],
  auditPurpose: 'structured questions',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'structured questions': { sv: 'Strukturerade frågor', en: 'Structured questions' },
    'question set publishing': { sv: 'Publicering av frågeformulär', en: 'Publishing a question set' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    followUps: { sv: 'Uppföljningar', en: 'Follow-ups' },
    questions: { sv: 'Frågor', en: 'Questions' },
    routineNote: { sv: 'Rutinanteckning', en: 'Routine note' },
    title: { sv: 'Rubrik', en: 'Title' },
  },
  auditRecordTypes: {
    question_answers: { sv: 'Svar på frågor', en: 'Answers to questions' },
    question_set: { sv: 'Frågeformulär', en: 'Question set' },
  },
  messages: questionMessages,
  routes: registerQuestionRoutes,
  // The sets shipped in the repository are loaded when the server is ready, not while it is being
  // built, so that a database outage at start shows in /api/health instead of preventing the start.
  services: (app, { db }) => ({
    start: () => syncBundledSets(db).catch((err: unknown) => app.log.warn({ err }, 'bundled question sets not loaded; will retry at next start')),
    stop: async () => {},
  }),
};
