import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';
import type { BookingGroup } from './rules.ts';

export interface BookingTables {
  receptions: {
    id: Generated<string>;
    unit_id: string;
    name: string;
    place: string;
    kind: Generated<'regular' | 'mini_kast'>;
    public: Generated<boolean>;
    valid_from: string | null;
    valid_to: string | null;
    created_at: Generated<Date>;
  };
  reception_rooms: { id: Generated<string>; reception_id: string; name: string };
  reception_week: {
    id: Generated<string>;
    reception_id: string;
    weekday: number;
    target_group: BookingGroup;
    opens: string;
    closes: string;
    slot_minutes: number;
    room_id: string;
    staff_user_id: string | null;
  };
  bookings: {
    id: Generated<string>;
    reception_id: string;
    room_id: string;
    staff_user_id: string | null;
    target_group: BookingGroup;
    starts_at: Timestamp;
    ends_at: Timestamp;
    local_date: string;
    status: Generated<'booked' | 'cancelled'>;
    code_hash: string | null;
    pseudonym: string;
    contact: string | null;
    case_id: string | null;
    source: 'public' | 'staff' | 'outreach';
    created_by: string | null;
    created_at: Generated<Date>;
    cancelled_at: Timestamp | null;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends BookingTables {}
}
