import type { Capability } from '../core/capability.ts';
import { intakeMessages } from './messages.ts';
import * as m0100 from './migrations/0100_intake.ts';
import { draftsRule, registerIntakeRoutes } from './routes.ts';

/** Intake: contacts from every channel, the persons they are about, routing into a case, drafts. */
export const intakeCapability: Capability = {
  name: 'intake',
  migrations: { '0100_intake': m0100 },
  permissions: ['intake.register', 'persons.open_protected'],
  auditPurpose: 'intake',
  auditRecordTypes: {
    contact: { sv: 'Kontakt', en: 'Contact' },
    person: { sv: 'Person', en: 'Person' },
    intake_draft: { sv: 'Utkast till kontakt', en: 'Intake draft' },
  },
  messages: intakeMessages,
  retentionRules: [draftsRule],
  routes: registerIntakeRoutes,
};
