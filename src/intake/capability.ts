import type { Capability } from '../core/capability.ts';
import { intakeMessages } from './messages.ts';
import * as m0100 from './migrations/0100_intake.ts';
import * as m0101 from './migrations/0101_contact_date_reason.ts';
import * as m0102 from './migrations/0102_reporters_consultations.ts';
import { seedIntakeDemo } from './demo.ts';
import { draftsRule, registerIntakeRoutes } from './routes.ts';
import { registerConcernRoutes } from './concern-routes.ts';
import { registerTransferRoutes } from './transfer-routes.ts';
import { registerConsultationRoutes } from './consultation-routes.ts';

/** Intake: contacts from every channel, routing into a case (through persons and cases), drafts. */
export const intakeCapability: Capability = {
  name: 'intake',
  migrations: { '0100_intake': m0100, '0101_contact_date_reason': m0101, '0102_reporters_consultations': m0102 },
  scopedTables: ['contacts', 'consultations'],
  permissions: ['intake.register'],
  auditPurpose: 'intake',
  auditRecordTypes: {
    contact: { sv: 'Kontakt', en: 'Contact' },
    intake_draft: { sv: 'Utkast till kontakt', en: 'Intake draft' },
    contact_reporter: { sv: 'Anmälare/uppgiftslämnare', en: 'Reporter' },
    consultation: { sv: 'Konsultation utan ärende', en: 'Consultation without a case' },
  },
  messages: intakeMessages,
  retentionRules: [draftsRule],
  demo: seedIntakeDemo,
  // Reports of concern and transfers between units follow the routing rules, which are intake's;
  // they are case work, so their audit purpose is the cases capability's.
  routes: (app, deps) => {
    registerConcernRoutes(app);
    registerTransferRoutes(app);
    registerIntakeRoutes(app, deps);
    registerConsultationRoutes(app);
  },
};
