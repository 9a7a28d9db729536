import { sql, type Kysely } from 'kysely';

/**
 * Issue 16: who called, and about whom. The reporter of a contact about someone else (a relative,
 * a school, the police) is kept apart from the person the contact is about, with whether and when
 * they were given feedback; it goes with its contact (cascade). A contact keeps the age that was
 * stated and whether the facts about the age disagreed. Consultations are anonymous advice given
 * without a case (seed 001), counted in statistics; they belong to the unit that gave them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contacts add column stated_age integer, add column age_conflict boolean not null default false;

    create table contact_reporters (
      contact_id uuid primary key references contacts(id) on delete cascade,
      kind text not null,
      name text,
      organisation text,
      reach text,
      wants_feedback boolean not null default false,
      feedback_given_on date,
      feedback_given_by uuid references users(id),
      feedback_note text
    );

    create table consultations (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references units(id),
      given_by uuid not null references users(id),
      given_on date not null,
      asker_kind text not null,
      topic text not null,
      advice text not null default '',
      referral text,
      created_at timestamptz not null default now()
    );
    create index consultations_unit_idx on consultations (unit_id, given_on desc);
  `.execute(db);
}
