import { sql, type Kysely } from 'kysely';

/** An escalated chat is taken into a case: the link, and when. The transcript then lives in the case. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table chat_escalations
      add column case_id uuid references cases(id) on delete set null,
      add column taken_at timestamptz;
  `.execute(db);
}
