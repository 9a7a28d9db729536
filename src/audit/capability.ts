import type { Capability } from '../core/capability.ts';
import { registerAuditRoutes } from './routes.ts';

/** Log review (loggkontroll): who read or changed what, when and why; and the record of reviews done. */
export const auditCapability: Capability = {
  name: 'audit',
  permissions: ['audit.search', 'audit.review'],
  auditPurpose: 'log review',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'log review': { sv: 'Loggkontroll', en: 'Log review' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    action: { sv: 'Händelse', en: 'Action' },
    actor: { sv: 'Personal', en: 'Staff member' },
    displayName: { sv: 'Namn', en: 'Name' },
    fields: { sv: 'Uppgifter', en: 'Fields' },
    finding: { sv: 'Iakttagelser', en: 'Findings' },
    period: { sv: 'Period', en: 'Period' },
    purpose: { sv: 'Ändamål', en: 'Purpose' },
    recordType: { sv: 'Posttyp', en: 'Record type' },
    scope: { sv: 'Omfattning', en: 'Scope' },
    unit: { sv: 'Enhet', en: 'Unit' },
    username: { sv: 'Användarnamn', en: 'Username' },
  },
  auditRecordTypes: {
    audit_log: { sv: 'Loggen', en: 'The log' },
    audit_review: { sv: 'Loggkontroll', en: 'Log review' },
    audit_extract: { sv: 'Loggutdrag för en person', en: 'A person’s log extract' },
  },
  routes: registerAuditRoutes,
};
