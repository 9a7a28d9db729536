import type { Capability } from '../core/capability.ts';
import { registerOrganisationRoutes } from './routes.ts';
import { organisationMessages } from './messages.ts';
import * as m0130 from './migrations/0130_districts.ts';
import { seedOrganisationDemo } from './demo.ts';

/** The organisation: units, staff and partner accounts, and their roles (system administrator). */
export const organisationCapability: Capability = {
  name: 'organisation',
  migrations: { '0130_districts': m0130 },
  permissions: ['organisation.read', 'organisation.manage'],
  auditPurpose: 'user administration',
  messages: organisationMessages,
  auditRecordTypes: {
    unit: { sv: 'Enhet', en: 'Unit' },
    district: { sv: 'Område (stadsdel, nämnd)', en: 'District' },
    demo_data: { sv: 'Demodata', en: 'Demo data' },
  },
  demo: seedOrganisationDemo,
  routes: registerOrganisationRoutes,
};
