import type { Capability } from '../core/capability.ts';
import * as m0134 from './migrations/0134_retention_preservation.ts';
import { retentionMessages } from './messages.ts';
import { registerRetentionRoutes } from './routes.ts';

/** Administration of retention (gallring): the rules, their periods, what the municipality preserves, and the log of runs. */
export const retentionCapability: Capability = {
  name: 'retention',
  // Its number is from the persons' range (issue 16): bevarande came with the person's file.
  migrations: { '0134_retention_preservation': m0134 },
  permissions: ['retention.manage'],
  auditPurpose: 'retention administration',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'retention administration': { sv: 'Gallringsregler', en: 'Retention settings' },
    'retention (gallring)': { sv: 'Gallring', en: 'Retention (deletion)' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    mode: { sv: 'Bevarande', en: 'Preservation' },
    birthDays: { sv: 'Födelsedagar som bevaras', en: 'Birth days preserved' },
    keepDays: { sv: 'Bevaras i dagar', en: 'Kept for days' },
  },
  auditRecordTypes: {
    retention_setting: { sv: 'Gallringsregel', en: 'Retention rule' },
    retention_preservation: { sv: 'Bevarande (SoF 7 kap. 2 §)', en: 'Preservation (SoF ch. 7 s. 2)' },
  },
  messages: retentionMessages,
  routes: registerRetentionRoutes,
};
