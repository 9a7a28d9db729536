import type { Capability } from '../core/capability.ts';
import { registerAuditRoutes } from './routes.ts';

/** Log review (loggkontroll): who read or changed what, when and why; and the record of reviews done. */
export const auditCapability: Capability = {
  name: 'audit',
  permissions: ['audit.search', 'audit.review'],
  auditPurpose: 'log review',
  auditRecordTypes: {
    audit_log: { sv: 'Loggen', en: 'The log' },
    audit_review: { sv: 'Loggkontroll', en: 'Log review' },
    audit_extract: { sv: 'Loggutdrag för en person', en: 'A person’s log extract' },
  },
  routes: registerAuditRoutes,
};
