import { sql, type Kysely } from 'kysely';

/**
 * A granted decision is a measure with a period (starts_on, ends_on) that can be ended early with a
 * date and a reason (ended_on, end_reason, end_note, ended_by). Exit plans link to a decision by its
 * id and read the ended state from these columns. The conditions a decision rests on and the income
 * sources of a refusal are structured, and the warnings the caseworker acknowledged are kept.
 * Decisions recorded before this migration have no period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table decisions
      add column starts_on date,
      add column ends_on date,
      add column ended_on date,
      add column end_reason text,
      add column end_note text,
      add column ended_by uuid references users(id),
      add column conditions text[] not null default '{}',
      add column income_sources text[] not null default '{}',
      add column warnings_acknowledged text[] not null default '{}',
      add constraint decisions_period check (ends_on is null or starts_on is null or ends_on >= starts_on),
      add constraint decisions_end_only_granted check (ended_on is null or outcome = 'granted'),
      add constraint decisions_end_has_reason check ((ended_on is null) = (end_reason is null));
  `.execute(db);
}
