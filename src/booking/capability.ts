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
  auditRecordTypes: { booking: { sv: 'Bokning i mottagningen', en: 'Reception booking' }, reception: { sv: 'Mottagningens vecka och rum', en: 'Reception week and rooms' } },
  messages: bookingMessages,
  retentionRules: [bookingRetentionRule],
  demo: seedBookingDemo,
  routes: registerBookingRoutes,
};
