import type { Capability } from '../core/capability.ts';
import { portalMessages } from './messages.ts';
import * as m0600 from './migrations/0600_portal.ts';
import * as m0601 from './migrations/0601_portal_texts.ts';
import { registerPortalRoutes } from './routes.ts';

/**
 * The public help portal (`/hjalp/<language>/...`): plain-language pages for each target group in
 * nine languages, cookie-free and readable without JavaScript, with the one quick exit; and the
 * content editors' versioned texts (draft → published, history kept, audited).
 */
export const portalCapability: Capability = {
  name: 'portal',
  migrations: { '0600_portal': m0600, '0601_portal_texts': m0601 },
  permissions: ['portal.edit', 'portal.publish'],
  auditPurpose: 'public help portal texts',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'public help portal texts': { sv: 'Texter på hjälpsidorna', en: 'Public help portal texts' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    body: { sv: 'Text', en: 'Text' },
    status: { sv: 'Status', en: 'Status' },
    title: { sv: 'Rubrik', en: 'Title' },
  },
  auditRecordTypes: { portal_page: { sv: 'Text på hjälpportalen', en: 'Help portal text' } },
  messages: portalMessages,
  routes: registerPortalRoutes,
};
