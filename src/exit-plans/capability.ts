import type { Capability } from '../core/capability.ts';
import { seedPlanDemo } from './demo.ts';
import { planMessages } from './messages.ts';
import * as m0310 from './migrations/0310_exit_plans.ts';
import * as m0318 from './migrations/0318_plan_end_reasons.ts';
import { registerPlanRoutes } from './routes.ts';

/**
 * Exit plans (SIP, seed 003 and SOU 2023:97): a coordinator, goals in the person's words, measures
 * per actor with dates, status and dependencies, follow-ups, warnings from rules acknowledged with a
 * reason, every version kept; external partners by per-plan invitation and consent only. Plans go
 * with their case (cascade), and so with the case's retention.
 */
export const exitPlansCapability: Capability = {
  name: 'exit-plans',
  migrations: { '0310_exit_plans': m0310, '0318_plan_end_reasons': m0318 },
  scopedTables: ['exit_plans'],
  permissions: ['plans.read', 'plans.write', 'plans.invite', 'plans.partner'],
  auditPurpose: 'exit process coordination',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'exit process coordination': { sv: 'Samordning av exitprocess', en: 'Exit process coordination' },
    'partner access to an exit plan': { sv: 'Extern partners åtkomst till en exitplan', en: 'A partner’s access to an exit plan' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    'person.address': { sv: 'Personens adress', en: 'Person’s address' },
    actors: { sv: 'Aktörer', en: 'Actors' },
    consentId: { sv: 'Samtycke', en: 'Consent' },
    consents: { sv: 'Samtycken', en: 'Consents' },
    coordinator: { sv: 'Samordnare', en: 'Coordinator' },
    decisions: { sv: 'Beslut', en: 'Decisions' },
    dueOn: { sv: 'Senast den', en: 'Due on' },
    followUps: { sv: 'Uppföljningar', en: 'Follow-ups' },
    goals: { sv: 'Mål', en: 'Goals' },
    kind: { sv: 'Typ', en: 'Kind' },
    leadActor: { sv: 'Huvudansvarig aktör', en: 'Lead actor' },
    measures: { sv: 'Insatser', en: 'Measures' },
    'measures.contactPerson': { sv: 'Insatsens kontaktperson', en: 'Measure’s contact person' },
    'measures.dates': { sv: 'Insatsens datum', en: 'Measure’s dates' },
    'measures.status': { sv: 'Insatsens status', en: 'Measure’s status' },
    'measures.title': { sv: 'Insatsens namn', en: 'Measure’s title' },
    name: { sv: 'Namn', en: 'Name' },
    notes: { sv: 'Anteckningar', en: 'Notes' },
    participants: { sv: 'Deltagare', en: 'Participants' },
    partnerUser: { sv: 'Extern partner', en: 'External partner' },
    'person.label': { sv: 'Personens beteckning', en: 'Person’s label' },
    personLabel: { sv: 'Personens beteckning', en: 'Person’s label' },
    reason: { sv: 'Skäl', en: 'Reason' },
    template: { sv: 'Mall', en: 'Template' },
    versions: { sv: 'Versioner', en: 'Versions' },
    warning: { sv: 'Varning', en: 'Warning' },
    warnings: { sv: 'Varningar', en: 'Warnings' },
  },
  auditRecordTypes: {
    exit_plan: { sv: 'Samordnad plan (SIP)', en: 'Coordinated plan (SIP)' },
    plan_actor: { sv: 'Aktör i plan', en: 'Actor in a plan' },
    plan_measure: { sv: 'Insats i plan', en: 'Measure in a plan' },
    plan_follow_up: { sv: 'Uppföljning av plan', en: 'Follow-up of a plan' },
    plan_acknowledgement: { sv: 'Bekräftad varning i plan', en: 'Acknowledged warning in a plan' },
  },
  messages: planMessages,
  demo: seedPlanDemo,
  routes: registerPlanRoutes,
};
