import type { Capability } from '../core/capability.ts';
import { caseMessages } from './messages.ts';
import * as m0110 from './migrations/0110_cases.ts';
import * as m0111 from './migrations/0111_case_indexes.ts';
import * as m0115 from './migrations/0115_decision_measures.ts';
import * as m0116 from './migrations/0116_opening_snapshot.ts';
import * as m0112 from './migrations/0112_concerns_transfers.ts';
import * as m0117 from './migrations/0117_case_numbers.ts';
import * as m0118 from './migrations/0118_barnahus_referral.ts';
import { closedCasesRule, registerCaseRoutes } from './routes.ts';

/** Cases: lifecycle with who/when on each step, the journal, decisions on support, referrals, lists. */
export const casesCapability: Capability = {
  name: 'cases',
  migrations: { '0110_cases': m0110, '0111_case_indexes': m0111, '0112_concerns_transfers': m0112, '0115_decision_measures': m0115, '0116_opening_snapshot': m0116, '0117_case_numbers': m0117, '0118_barnahus_referral': m0118 },
  scopedTables: ['cases'],
  permissions: ['cases.read', 'cases.write', 'cases.decide'],
  auditPurpose: 'case work',
  auditRecordTypes: {
    case: { sv: 'Ärende', en: 'Case' },
    journal_entry: { sv: 'Journalanteckning', en: 'Journal entry' },
    decision: { sv: 'Beslut', en: 'Decision' },
    case_transfer: { sv: 'Överföring av ärende', en: 'Case transfer' },
  },
  messages: caseMessages,
  retentionRules: [closedCasesRule()],
  routes: (app, deps) => {
    // The concern and transfer routes first: their static paths (/api/cases/concerns/…, /api/cases/transfers/…) sit beside /api/cases/:id.
    registerCaseRoutes(app, deps);
  },
};
