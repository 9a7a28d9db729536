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
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'case work': { sv: 'Handläggning', en: 'Case work' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    ageGroup: { sv: 'Åldersgrupp', en: 'Age group' },
    answers: { sv: 'Svar', en: 'Answers' },
    conditions: { sv: 'Villkor', en: 'Conditions' },
    contact: { sv: 'Kontakt', en: 'Contact' },
    correctsId: { sv: 'Rättar anteckning', en: 'Corrects entry' },
    decisions: { sv: 'Beslut', en: 'Decisions' },
    endNote: { sv: 'Avslutsanteckning', en: 'Closing note' },
    endReason: { sv: 'Skäl att avsluta', en: 'Reason for ending' },
    endedOn: { sv: 'Avslutad den', en: 'Ended on' },
    endsOn: { sv: 'Slutdatum', en: 'Ends on' },
    entryDate: { sv: 'Datum', en: 'Date' },
    exploitationTypes: { sv: 'Typ av utnyttjande', en: 'Types of exploitation' },
    incomeSources: { sv: 'Inkomstkällor', en: 'Sources of income' },
    journal: { sv: 'Journal', en: 'Journal' },
    note: { sv: 'Anteckning', en: 'Note' },
    outcome: { sv: 'Utfall', en: 'Outcome' },
    person: { sv: 'Person', en: 'Person' },
    personLabel: { sv: 'Personens beteckning', en: 'Person’s label' },
    personRole: { sv: 'Personens roll', en: 'Person’s role' },
    reasoning: { sv: 'Motivering', en: 'Reasoning' },
    refusalGround: { sv: 'Skäl till avslag', en: 'Ground for refusal' },
    signedAt: { sv: 'Signerad', en: 'Signed at' },
    startsOn: { sv: 'Startdatum', en: 'Starts on' },
    status: { sv: 'Status', en: 'Status' },
    supportType: { sv: 'Stödform', en: 'Type of support' },
    text: { sv: 'Text', en: 'Text' },
    traffickingIndicators: { sv: 'Indikatorer på människohandel', en: 'Trafficking indicators' },
  },
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
