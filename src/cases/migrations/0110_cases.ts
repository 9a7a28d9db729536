import { sql, type Kysely } from 'kysely';

/** Cases with their lifecycle steps, journal entries and decisions on support. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      -- One case per contact: opening it twice is refused by the database as well.
      contact_id uuid not null unique references contacts(id),
      person_id uuid not null references persons(id),
      unit_id uuid not null references units(id),
      status text not null default 'opened',
      person_role text not null,
      age_group text not null,
      victim boolean not null,
      exploitation_types text[] not null default '{}',
      trafficking_indicators text[] not null default '{}',
      barnahus text not null default 'not_applicable' check (barnahus in ('not_applicable', 'offered', 'referred', 'declined')),
      regional_referral text not null default 'none' check (regional_referral in ('none', 'proposed', 'referred')),
      regional_basis jsonb,
      assessment_due date,
      assigned_to uuid references users(id),
      opened_at timestamptz not null default now(),
      opened_by uuid not null references users(id),
      closed_at timestamptz,
      last_activity_at timestamptz not null default now(),
      version integer not null default 1
    );
    create index cases_unit_status_idx on cases (unit_id, status, opened_at desc);
    -- Lists are newest first within a unit and stop at a page: walk this index, filter, stop.
    create index cases_unit_opened_idx on cases (unit_id, opened_at desc, id);
    create index cases_assigned_idx on cases (assigned_to, opened_at desc);
    create index cases_person_idx on cases (person_id);
    create index cases_closed_idx on cases (last_activity_at) where status = 'closed';

    create table case_steps (
      id bigserial primary key,
      case_id uuid not null references cases(id) on delete cascade,
      status text not null,
      at timestamptz not null default now(),
      by_user uuid references users(id),
      note text
    );
    create index case_steps_case_idx on case_steps (case_id, at);

    create table journal_entries (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      entry_date date not null,
      text text not null,
      author_id uuid not null references users(id),
      written_at timestamptz not null default now(),
      signed_at timestamptz,
      corrects_id uuid references journal_entries(id) on delete cascade
    );
    create index journal_case_idx on journal_entries (case_id, written_at desc);

    -- A signed entry is part of the record: the database refuses to change it.
    create function journal_signed_immutable() returns trigger language plpgsql as $$
    begin
      if old.signed_at is not null then
        raise exception 'a signed journal entry cannot be changed' using errcode = 'check_violation';
      end if;
      return new;
    end $$;
    create trigger journal_signed_immutable before update on journal_entries
      for each row execute function journal_signed_immutable();

    create table decisions (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      support_type text not null,
      outcome text not null check (outcome in ('granted', 'refused')),
      refusal_ground text,
      reasoning text not null,
      decided_by uuid not null references users(id),
      decided_at timestamptz not null default now()
    );
    create index decisions_case_idx on decisions (case_id, decided_at);
  `.execute(db);
}
