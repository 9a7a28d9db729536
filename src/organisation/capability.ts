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
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'user administration': { sv: 'Användaradministration', en: 'User administration' },
    'demo data': { sv: 'Demodata', en: 'Demo data' },
    'create-admin command': { sv: 'Första administratören (kommando)', en: 'The first administrator (command)' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    displayName: { sv: 'Namn', en: 'Name' },
    districtId: { sv: 'Stadsdel', en: 'District' },
    email: { sv: 'E-post', en: 'Email' },
    grants: { sv: 'Roller och enheter', en: 'Roles and units' },
    kind: { sv: 'Typ', en: 'Kind' },
    name: { sv: 'Namn', en: 'Name' },
    oidcIdentity: { sv: 'Inloggning via kommunens konto', en: 'Sign-in with the municipality’s account' },
    username: { sv: 'Användarnamn', en: 'Username' },
  },
  messages: organisationMessages,
  auditRecordTypes: {
    unit: { sv: 'Enhet', en: 'Unit' },
    district: { sv: 'Område (stadsdel, nämnd)', en: 'District' },
    demo_data: { sv: 'Demodata', en: 'Demo data' },
  },
  demo: seedOrganisationDemo,
  routes: registerOrganisationRoutes,
};
