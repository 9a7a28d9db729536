import { sql, type Kysely } from 'kysely';

/**
 * Receptions, their week, and bookings. No double booking of a room or a staff member, and never
 * victims and buyers on the same day at one reception: exclusion constraints in the database
 * (btree_gist, a trusted extension: the database owner may create it without being a superuser;
 * it ships with the embedded PostgreSQL and with Debian's server packages).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists btree_gist;

    create table receptions (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references units(id),
      name text not null,
      place text not null,
      kind text not null default 'regular' check (kind in ('regular', 'mini_kast')),
      public boolean not null default true,
      valid_from date,
      valid_to date,
      created_at timestamptz not null default now()
    );
    create index receptions_unit_idx on receptions (unit_id);

    create table reception_rooms (
      id uuid primary key default gen_random_uuid(),
      reception_id uuid not null references receptions(id) on delete cascade,
      name text not null
    );

    create table reception_week (
      id uuid primary key default gen_random_uuid(),
      reception_id uuid not null references receptions(id) on delete cascade,
      weekday integer not null check (weekday between 1 and 7),
      target_group text not null check (target_group in ('victims', 'buyers')),
      opens text not null check (opens ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      closes text not null check (closes ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$'),
      slot_minutes integer not null check (slot_minutes between 15 and 480),
      room_id uuid not null references reception_rooms(id) on delete cascade,
      staff_user_id uuid references users(id),
      check (opens < closes),
      -- One weekday, one group: a published week cannot mix them.
      constraint reception_week_one_group_a_day exclude using gist (reception_id with =, weekday with =, target_group with <>)
    );
    create index reception_week_reception_idx on reception_week (reception_id, weekday);

    create table bookings (
      id uuid primary key default gen_random_uuid(),
      reception_id uuid not null references receptions(id) on delete cascade,
      room_id uuid not null references reception_rooms(id) on delete cascade,
      staff_user_id uuid references users(id),
      target_group text not null check (target_group in ('victims', 'buyers')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      local_date date not null,
      status text not null default 'booked' check (status in ('booked', 'cancelled')),
      code_hash text unique,
      pseudonym text not null,
      contact text,
      case_id uuid references cases(id) on delete cascade,
      source text not null check (source in ('public', 'staff', 'outreach')),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      cancelled_at timestamptz,
      check (ends_at > starts_at),
      constraint bookings_room_free exclude using gist (room_id with =, tstzrange(starts_at, ends_at) with &&) where (status = 'booked'),
      constraint bookings_staff_free exclude using gist (staff_user_id with =, tstzrange(starts_at, ends_at) with &&) where (status = 'booked' and staff_user_id is not null),
      constraint bookings_groups_apart exclude using gist (reception_id with =, local_date with =, target_group with <>) where (status = 'booked')
    );
    create index bookings_reception_day_idx on bookings (reception_id, local_date) where status = 'booked';
    create index bookings_staff_idx on bookings (staff_user_id, starts_at) where status = 'booked';
    create index bookings_case_idx on bookings (case_id);
    create index bookings_ends_idx on bookings (ends_at);
  `.execute(db);
}
