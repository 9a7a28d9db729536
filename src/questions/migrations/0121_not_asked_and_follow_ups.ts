import { sql, type Kysely } from 'kysely';

/**
 * Not asked is not declined: each answer record says whether it counts as "the set was asked"
 * (each counted question answered or declined), and keeps what was done with the suggestions its
 * "yes" answers led to. A published version of a set is never changed.
 *
 * Records saved before this migration were saved by a form that stored every question (an untouched
 * one as "declined"); they cannot be told apart now and keep counting as asked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table question_answers
      add column counts_as_asked boolean not null default true,
      add column follow_ups jsonb not null default '[]';
    alter table question_answers alter column counts_as_asked drop default;
    create index question_answers_coverage_idx on question_answers (case_id) where counts_as_asked;

    create function question_set_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'a published question set version is never changed; publish a new version' using errcode = 'check_violation';
    end $$;
    create trigger question_set_immutable before update on question_sets
      for each row execute function question_set_immutable();
  `.execute(db);
}
