import { sql, type Kysely } from 'kysely';

/**
 * Opening hours per queue: the existing weekly hours become those of every queue ('*'); a queue may
 * have its own. Exceptions by Swedish calendar date (public holidays, midsummer eve) close a day or
 * change its hours, for one queue or every queue.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table chat_opening_hours add column queue text not null default '*';
    alter table chat_opening_hours drop constraint chat_opening_hours_pkey;
    alter table chat_opening_hours add primary key (queue, weekday);

    create table chat_hours_exceptions (
      on_date date not null,
      queue text not null default '*',
      opens text,
      closes text,
      note text not null default '',
      primary key (on_date, queue),
      check ((opens is null) = (closes is null)),
      check (opens is null or opens < closes)
    );
  `.execute(db);
}
