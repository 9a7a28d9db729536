import type { Capability } from '../core/capability.ts';
import { registerRetentionRoutes } from './routes.ts';

/** Administration of retention (gallring): the rules, their periods, and the log of runs. */
export const retentionCapability: Capability = {
  name: 'retention',
  permissions: ['retention.manage'],
  auditPurpose: 'retention administration',
  auditRecordTypes: {
    retention_setting: { sv: 'Gallringsregel', en: 'Retention rule' },
  },
  routes: registerRetentionRoutes,
};
