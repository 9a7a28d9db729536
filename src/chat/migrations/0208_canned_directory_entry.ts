import { sql, type Kysely } from 'kysely';

/**
 * A canned answer may point at one directory entry: inserting it puts the entry's public name and
 * how to reach it into the reply. The column names an entry of the directory; its foreign key is
 * added by the directory's migration 0414 (migrations run in name order, and 0208 comes before the
 * directory's table exists on a new database).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table chat_canned_answers add column directory_entry_id uuid`.execute(db);
}
