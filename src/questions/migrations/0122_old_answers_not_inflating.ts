import { sql, type Kysely } from 'kysely';

/**
 * Answers saved before 0121 (not asked vs declined) kept counting as asked. The form of that time
 * stored every question, an untouched one as "declined", so a stored "declined" then may mean
 * "never asked": such a record counts as asked only if every counted question of its version has an
 * answer other than declined (what an untouched form could not produce). The rest stop counting;
 * their answers stay as they were. "Before 0121" is before 0121 ran on this database (the migration
 * log's timestamp); on a new database there is nothing to change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update question_answers a set counts_as_asked = false
     where a.counts_as_asked
       and a.asked_at < (select m.timestamp::timestamptz from kysely_migration m where m.name = '0121_not_asked_and_follow_ups')
       and exists (
         select 1 from question_sets s cross join lateral jsonb_array_elements(s.definition -> 'questions') q
          where s.key = a.set_key and s.version = a.set_version
            and (coalesce((q ->> 'counts')::boolean, false)
                 or not exists (select 1 from jsonb_array_elements(s.definition -> 'questions') m where coalesce((m ->> 'counts')::boolean, false)))
            and coalesce(a.answers ->> (q ->> 'id'), '') in ('', 'declined'))
  `.execute(db);
}
