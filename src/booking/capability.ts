import type { Capability } from '../core/capability.ts';
import { seedBookingDemo } from './demo.ts';
import { bookingMessages } from './messages.ts';
import * as m0400 from './migrations/0400_booking.ts';
import { registerBookingRoutes } from './routes.ts';
import { bookingRetentionRule } from './store.ts';

/** Reception booking: a reception's week, anonymous public bookings by code, staff bookings, calendars; victims and buyers never on one day. */
export const bookingCapability: Capability = {
  name: 'booking',
  migrations: { '0400_booking': m0400 },
  scopedTables: ['receptions'],
  permissions: ['booking.read', 'booking.book', 'booking.manage'],
  auditPurpose: 'reception booking',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'reception booking': { sv: 'Bokning av mottagningsbesök', en: 'Reception booking' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    rooms: { sv: 'Rum', en: 'Rooms' },
    week: { sv: 'Veckoschema', en: 'Weekly schedule' },
    caseId: { sv: 'Ärende', en: 'Case' },
    contact: { sv: 'Kontakt', en: 'Contact' },
    pseudonym: { sv: 'Pseudonym', en: 'Pseudonym' },
    status: { sv: 'Status', en: 'Status' },
    time: { sv: 'Tid', en: 'Time' },
  },
  auditRecordTypes: { booking: { sv: 'Bokning i mottagningen', en: 'Reception booking' }, reception: { sv: 'Mottagningens vecka och rum', en: 'Reception week and rooms' } },
  messages: bookingMessages,
  retentionRules: [bookingRetentionRule],
  demo: seedBookingDemo,
  routes: registerBookingRoutes,
};
