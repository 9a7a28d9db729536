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
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    outreach: { sv: 'Uppsökande arbete', en: 'Outreach' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    accepted: { sv: 'Tackade ja till', en: 'Accepted' },
    ageBand: { sv: 'Åldersgrupp', en: 'Age band' },
    area: { sv: 'Område', en: 'Area' },
    contacts: { sv: 'Kontakter', en: 'Contacts' },
    endsAt: { sv: 'Slutar', en: 'Ends at' },
    followUp: { sv: 'Uppföljning', en: 'Follow-up' },
    gender: { sv: 'Kön', en: 'Gender' },
    intakeContact: { sv: 'Kontakt till mottagningen', en: 'Contact to intake' },
    kind: { sv: 'Typ', en: 'Kind' },
    name: { sv: 'Namn', en: 'Name' },
    note: { sv: 'Anteckning', en: 'Note' },
    offered: { sv: 'Erbjöds', en: 'Offered' },
    onBehalfOf: { sv: 'För räkning av', en: 'On behalf of' },
    organisation: { sv: 'Organisation', en: 'Organisation' },
    organisationName: { sv: 'Organisationens namn', en: 'Organisation name' },
    participants: { sv: 'Deltagare', en: 'Participants' },
    personRole: { sv: 'Personens roll', en: 'Person’s role' },
    placeType: { sv: 'Typ av plats', en: 'Type of place' },
    startsAt: { sv: 'Börjar', en: 'Starts at' },
    user: { sv: 'Användare', en: 'User' },
  },
  auditRecordTypes: {
    outreach_shift: { sv: 'Uppsökande pass', en: 'Outreach shift' },
    outreach_participant: { sv: 'Deltagare i uppsökande pass', en: 'Outreach shift participant' },
    outreach_contact: { sv: 'Kontakt vid uppsökande arbete', en: 'Outreach contact' },
  },
  messages: outreachMessages,
  routes: registerOutreachRoutes,
  demo: seedOutreachDemo,
};
