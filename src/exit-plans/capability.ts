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
