import type { Capability } from '../core/capability.ts';
import { cutoffFor, type RetentionRule } from '../core/retention-framework/framework.ts';
import { seedCompetenceDemo } from './demo.ts';
import { competenceMessages } from './messages.ts';
import * as m0700 from './migrations/0700_competence.ts';
import * as m0701 from './migrations/0701_role_history.ts';
import { registerCompetenceRoutes } from './routes.ts';
import { purgeDepartedStaffCompletions } from './store.ts';

/**
 * A staff member's training record is kept while they work here; once their account is deactivated
 * it is kept two years more (for the unit's follow-up and an inspection of the period), then deleted.
 * The clock is the account's last change (its deactivation); a re-activated account keeps its record.
 */
export const departedStaffCompletionsRule: RetentionRule = {
  recordType: 'training_completion',
  description: {
    sv: 'Genomförda utbildningar för medarbetare vars konto har avaktiverats',
    en: 'Completed trainings of staff whose account has been deactivated',
  },
  defaultKeepDays: 730,
  purge: (tx, { keepDays, now }) => purgeDepartedStaffCompletions(tx, cutoffFor(now, keepDays)),
};

/** Competence: the training catalogue, completions per staff member, the development plan, unit coverage, seminars. */
export const competenceCapability: Capability = {
  name: 'competence',
  migrations: { '0700_competence': m0700, '0701_role_history': m0701 },
  permissions: ['competence.own', 'competence.staff', 'competence.manage'],
  scopedTables: ['seminar_invitations'],
  auditPurpose: 'competence development',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'competence development': { sv: 'Kompetensutveckling', en: 'Competence development' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    attended: { sv: 'Närvaro', en: 'Attendance' },
    completedOn: { sv: 'Genomförd den', en: 'Completed on' },
    heldOn: { sv: 'Hölls den', en: 'Held on' },
    import: { sv: 'Import', en: 'Import' },
    missing: { sv: 'Saknas', en: 'Missing' },
    place: { sv: 'Plats', en: 'Place' },
    plan: { sv: 'Plan', en: 'Plan' },
    startsAt: { sv: 'Börjar', en: 'Starts at' },
    trainingId: { sv: 'Utbildning', en: 'Training' },
    unitIds: { sv: 'Enheter', en: 'Units' },
  },
  auditRecordTypes: {
    training: { sv: 'Utbildning i katalogen', en: 'Catalogue training' },
    training_completion: { sv: 'Genomförd utbildning', en: 'Training completion' },
    seminar: { sv: 'Seminarium', en: 'Seminar' },
  },
  messages: competenceMessages,
  retentionRules: [departedStaffCompletionsRule],
  demo: seedCompetenceDemo,
  routes: registerCompetenceRoutes,
};
