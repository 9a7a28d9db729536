import { sql, type Kysely } from 'kysely';

/**
 * Contact attempts per probable poster: one worker, one message, logged (no bulk messages). The
 * group is named by its id (the url of its first ad); the answer is a category, not the reply's text.
 * An import started from the staff app records who started it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ads_contact_attempts (
      id uuid primary key default gen_random_uuid(),
      group_id text not null,
      attempted_on date not null,
      channel text not null check (channel in ('sms', 'phone_call', 'email', 'site_message', 'other')),
      template text not null check (length(template) between 1 and 200),
      answer text not null check (answer in ('no_answer', 'declined', 'wants_contact', 'wrong_number', 'other')),
      note text check (length(note) between 1 and 500),
      by_user uuid not null references users(id),
      created_at timestamptz not null default now()
    );
    create index ads_contact_attempts_group_idx on ads_contact_attempts (group_id, attempted_on);
    alter table ads_imports add column started_by uuid references users(id);
  `.execute(db);
}
