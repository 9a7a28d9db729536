import type { Capability } from '../core/capability.ts';
import { seedOutreachDemo } from './demo.ts';
import { outreachMessages } from './messages.ts';
import * as m0501 from './migrations/0501_outreach.ts';
import { registerOutreachRoutes } from './routes.ts';

/** Outreach: shifts (street, online, joint with the police, action weeks, hotel visits), their participants, the anonymous contacts logged during them, and a contact's way into intake. */
export const outreachCapability: Capability = {
  name: 'outreach',
  migrations: { '0501_outreach': m0501 },
  scopedTables: ['outreach_shifts'],
  permissions: ['outreach.read', 'outreach.log'],
  auditPurpose: 'outreach',
  auditRecordTypes: {
    outreach_shift: { sv: 'Uppsökande pass', en: 'Outreach shift' },
    outreach_participant: { sv: 'Deltagare i uppsökande pass', en: 'Outreach shift participant' },
    outreach_contact: { sv: 'Kontakt vid uppsökande arbete', en: 'Outreach contact' },
  },
  messages: outreachMessages,
  routes: registerOutreachRoutes,
  demo: seedOutreachDemo,
};
