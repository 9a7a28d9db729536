import { sql, type Kysely } from 'kysely';

/**
 * Persons, contacts (every way a contact arrives) and server-side drafts of half-written intakes.
 * The persons table belongs to the persons capability now (src/persons/tables.ts); it was created
 * here, and here it stays: migrations are forward-only and this one is applied in production.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table persons (
      id uuid primary key default gen_random_uuid(),
      identity_mode text not null check (identity_mode in ('anonymous', 'pseudonymous', 'identified')),
      personnummer text unique,
      id_kind text check (id_kind in ('personnummer', 'samordningsnummer')),
      name text,
      pseudonym text,
      birth_date date,
      birth_year integer check (birth_year between 1900 and 2100),
      gender text not null default 'not_stated',
      languages text[] not null default '{}',
      interpreter_needed boolean not null default false,
      citizenship text,
      eu_citizen boolean,
      risk_factors text[] not null default '{}',
      protection text not null default 'none',
      address text,
      phone text,
      email text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      channel text not null,
      received_on date not null,
      registered_at timestamptz not null default now(),
      registered_by uuid not null references users(id),
      registered_unit_id uuid references units(id),
      person_id uuid not null references persons(id),
      person_role text not null,
      age_group text not null,
      summary text not null default '',
      stated_consent boolean,
      exploitation_types text[] not null default '{}',
      trafficking_indicators text[] not null default '{}'
    );
    create index contacts_person_idx on contacts (person_id);
    create index contacts_unit_idx on contacts (registered_unit_id, registered_at);

    create table intake_drafts (
      user_id uuid not null references users(id) on delete cascade,
      key text not null,
      data jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (user_id, key)
    );
  `.execute(db);
}
