import type { Capability } from '../core/capability.ts';
import { registerRetentionRoutes } from './routes.ts';

/** Administration of retention (gallring): the rules, their periods, and the log of runs. */
export const retentionCapability: Capability = {
  name: 'retention',
  permissions: ['retention.manage'],
  auditPurpose: 'retention administration',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'retention administration': { sv: 'Gallringsregler', en: 'Retention settings' },
    'retention (gallring)': { sv: 'Gallring', en: 'Retention (deletion)' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    keepDays: { sv: 'Bevaras i dagar', en: 'Kept for days' },
  },
  auditRecordTypes: {
    retention_setting: { sv: 'Gallringsregel', en: 'Retention rule' },
  },
  routes: registerRetentionRoutes,
};
