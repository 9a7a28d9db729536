import type { Capability } from '../core/capability.ts';
import { registerOrganisationRoutes } from './routes.ts';
import { organisationMessages } from './messages.ts';

/** The organisation: units, staff and partner accounts, and their roles (system administrator). */
export const organisationCapability: Capability = {
  name: 'organisation',
  permissions: ['organisation.read', 'organisation.manage'],
  auditPurpose: 'user administration',
  messages: organisationMessages,
  auditRecordTypes: {
    unit: { sv: 'Enhet', en: 'Unit' },
    demo_data: { sv: 'Demodata', en: 'Demo data' },
  },
  routes: registerOrganisationRoutes,
};
