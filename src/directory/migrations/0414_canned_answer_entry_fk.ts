import { sql, type Kysely } from 'kysely';

/**
 * The chat's canned answers may point at a directory entry (chat migration 0208 adds the column):
 * its foreign key, here because the directory's table comes after the chat's migrations. Entries
 * are deactivated rather than deleted; should one be deleted, the answer keeps its text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update chat_canned_answers set directory_entry_id = null where directory_entry_id is not null and directory_entry_id not in (select id from directory_entries);
    alter table chat_canned_answers add constraint chat_canned_answers_entry_fk foreign key (directory_entry_id) references directory_entries(id) on delete set null;
    create index chat_canned_answers_entry_idx on chat_canned_answers (directory_entry_id) where directory_entry_id is not null;
  `.execute(db);
}
