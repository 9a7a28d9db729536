import { sql, type Kysely } from 'kysely';

/**
 * Outreach shifts, their participants and the contacts logged during them. A contact is anonymous:
 * an age band, a gender, a role, a place type, what was offered and accepted. It names no person;
 * when the person consents it becomes an intake (a contact in intake, linked here).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outreach_shifts (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references units(id),
      kind text not null check (kind in ('street', 'online', 'joint_police', 'police_action_week', 'hotel_visit')),
      area text not null check (length(area) between 1 and 200),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      note text not null default '' check (length(note) <= 2000),
      planned_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      check (ends_at > starts_at)
    );
    create index outreach_shifts_unit_idx on outreach_shifts (unit_id, starts_at desc);

    create table outreach_participants (
      id uuid primary key default gen_random_uuid(),
      shift_id uuid not null references outreach_shifts(id) on delete cascade,
      organisation text not null check (organisation in ('social_services', 'police', 'civil_society', 'youth_emergency_team')),
      user_id uuid references users(id),
      name text check (length(name) between 1 and 200),
      organisation_name text check (length(organisation_name) between 1 and 200),
      check (user_id is not null or name is not null),
      unique (shift_id, user_id)
    );
    create index outreach_participants_shift_idx on outreach_participants (shift_id);

    create table outreach_contacts (
      id uuid primary key default gen_random_uuid(),
      shift_id uuid not null references outreach_shifts(id) on delete cascade,
      logged_by uuid not null references users(id),
      on_behalf_of uuid references outreach_participants(id),
      logged_at timestamptz not null default now(),
      age_band text not null check (age_band in ('0_14', '15_17', '18_21', '22_25', '26_plus', 'unknown')),
      gender text not null,
      person_role text not null,
      place_type text not null check (place_type in ('street', 'hotel', 'massage_parlour', 'apartment', 'escort_site', 'social_media', 'school', 'other')),
      offered text[] not null default '{}',
      accepted text[] not null default '{}',
      follow_up text check (length(follow_up) between 1 and 500),
      note text check (length(note) between 1 and 500),
      intake_contact_id uuid unique references contacts(id),
      check (accepted <@ offered)
    );
    create index outreach_contacts_shift_idx on outreach_contacts (shift_id, logged_at);
  `.execute(db);
}
