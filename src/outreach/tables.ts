import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';
import type { AgeBand } from '../core/age-band.ts';
import type { Offer, ParticipantOrganisation, PlaceType, ShiftKind } from './rules.ts';

export interface OutreachTables {
  outreach_shifts: {
    id: Generated<string>;
    unit_id: string;
    kind: ShiftKind;
    area: string;
    starts_at: Timestamp;
    ends_at: Timestamp;
    note: Generated<string>;
    planned_by: string;
    created_at: Generated<Date>;
  };
  outreach_participants: {
    id: Generated<string>;
    shift_id: string;
    organisation: ParticipantOrganisation;
    user_id: string | null;
    name: string | null;
    organisation_name: string | null;
  };
  outreach_contacts: {
    id: Generated<string>;
    shift_id: string;
    logged_by: string;
    on_behalf_of: string | null;
    logged_at: Generated<Date>;
    age_band: AgeBand;
    gender: string;
    person_role: string;
    place_type: PlaceType;
    offered: Generated<Offer[]>;
    accepted: Generated<Offer[]>;
    follow_up: string | null;
    note: string | null;
    intake_contact_id: string | null;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends OutreachTables {}
}
