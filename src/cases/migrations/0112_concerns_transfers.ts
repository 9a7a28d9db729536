import { sql, type Kysely } from 'kysely';

/**
 * Issue 16: reports of concern about a child (the protection assessment the same day, with who and
 * when; the police report's date and reference; Barnahus accepted or declined) and transfers of a
 * case between units (the receiving unit accepts or declines; one pending at a time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases
      add column concern_report boolean not null default false,
      add column protection_assessed_at timestamptz,
      add column protection_assessed_by uuid references users(id),
      add column protection_outcome text check (protection_outcome in ('immediate_protection', 'no_immediate_need')),
      add column protection_note text,
      add column police_reported_on date,
      add column police_report_ref text;
    alter table cases drop constraint cases_barnahus_check;
    alter table cases add constraint cases_barnahus_check check (barnahus in ('not_applicable', 'offered', 'referred', 'accepted', 'declined'));
    create index cases_concern_idx on cases (unit_id, assessment_due) where concern_report;

    create table case_transfers (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      from_unit_id uuid not null references units(id),
      to_unit_id uuid not null references units(id),
      reason text not null,
      note text,
      age_group text not null,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'withdrawn')),
      requested_by uuid not null references users(id),
      requested_at timestamptz not null default now(),
      decided_by uuid references users(id),
      decided_at timestamptz,
      decline_reason text
    );
    create unique index case_transfers_one_pending on case_transfers (case_id) where status = 'pending';
    create index case_transfers_to_idx on case_transfers (to_unit_id) where status = 'pending';
    create index case_transfers_case_idx on case_transfers (case_id, requested_at);
  `.execute(db);
}
