import { defineCapability } from '../core/capability.ts';
import { linkChatDemo, seedChatDemo } from './demo.ts';
import { chatMessages } from './messages.ts';
import * as m0200 from './migrations/0200_chat.ts';
import * as m0201 from './migrations/0201_escalation_case.ts';
import * as m0202 from './migrations/0202_queue_hours_and_exceptions.ts';
import * as m0203 from './migrations/0203_daily_figures.ts';
import * as m0204 from './migrations/0204_core_age_bands.ts';
import * as m0208 from './migrations/0208_canned_directory_entry.ts';
import { registerChatRoutes } from './routes.ts';
import { chatServices, type ChatServices } from './services.ts';
import { chatEscalationExpiryRule, chatTranscriptRule, foldChatDays } from './store.ts';

/** Anonymous chat counselling: visitors without an account, counsellors in the console, supervisors. */
export const chatCapability = defineCapability<ChatServices>({
  name: 'chat',
  migrations: { '0200_chat': m0200, '0201_escalation_case': m0201, '0202_queue_hours_and_exceptions': m0202, '0203_daily_figures': m0203, '0204_core_age_bands': m0204, '0208_canned_directory_entry': m0208 },
  scopedTables: ['chat_escalations'],
  permissions: ['chat.counsel', 'chat.supervise', 'chat.kast', 'chat.escalations.read'],
  auditPurpose: 'chat counselling',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'chat counselling': { sv: 'Chattrådgivning', en: 'Chat counselling' },
    'chat administration': { sv: 'Chattadministration', en: 'Chat administration' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    counsellor: { sv: 'Rådgivare', en: 'Counsellor' },
    queue: { sv: 'Kö', en: 'Queue' },
    answer: { sv: 'Svar', en: 'Answer' },
    blocked: { sv: 'Blockerad', en: 'Blocked' },
    body: { sv: 'Text', en: 'Text' },
    consent: { sv: 'Samtycke', en: 'Consent' },
    consent_given_at: { sv: 'Samtycke givet', en: 'Consent given at' },
    escalation: { sv: 'Överlämning', en: 'Hand-over' },
    exceptions: { sv: 'Avvikande öppettider', en: 'Exceptions to the opening hours' },
    hours: { sv: 'Öppettider', en: 'Opening hours' },
    outcome: { sv: 'Utfall', en: 'Outcome' },
    session: { sv: 'Chatt', en: 'Chat' },
    status: { sv: 'Status', en: 'Status' },
    target_unit: { sv: 'Mottagande enhet', en: 'Receiving unit' },
    transcript: { sv: 'Chattutskrift', en: 'Chat transcript' },
  },
  auditRecordTypes: {
    chat_session: { sv: 'Chatt', en: 'Chat' },
    chat_transcript: { sv: 'Chattutskrift', en: 'Chat transcript' },
    chat_escalation: { sv: 'Chatt till kontakt', en: 'Chat escalation' },
    chat_consent: { sv: 'Samtycke i chatten', en: 'Consent in the chat' },
    chat_offline_message: { sv: 'Meddelande utanför öppettid', en: 'Offline message' },
    chat_opening_hours: { sv: 'Chattens öppettider', en: 'Chat opening hours' },
  },
  messages: chatMessages,
  retentionRules: [chatTranscriptRule, chatEscalationExpiryRule],
  // Every night the day's ended chats are folded into the daily figures (the retention run also folds what it deletes).
  jobs: [{ name: 'chat-daily-figures', cron: '40 1 * * *', run: async ({ db }) => void (await foldChatDays(db, new Date(Date.now() - 86_400_000))) }],
  demo: seedChatDemo,
  demoLinks: linkChatDemo,
  services: chatServices,
  routes: registerChatRoutes,
});
