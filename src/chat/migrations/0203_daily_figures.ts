import { sql, type Kysely } from 'kysely';

/**
 * Chat volumes and waiting times per day, kept after the transcripts are deleted (30 days): each
 * chat is folded into its day's row once (`counted`), before the retention run deletes it. No
 * session id, no time of day: nothing leads back to a chat. The day is the Swedish date the chat
 * was queued (an offline message: left).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chat_daily_figures (
      day date not null,
      queue text not null,
      kind text not null check (kind in ('live', 'offline')),
      chats integer not null default 0,
      answered integer not null default 0,
      unanswered integer not null default 0,
      wait_seconds_total bigint not null default 0,
      wait_seconds_max integer not null default 0,
      waited_under_1_min integer not null default 0,
      waited_1_5_min integer not null default 0,
      waited_5_15_min integer not null default 0,
      waited_over_15_min integer not null default 0,
      primary key (day, queue, kind)
    );
    alter table chat_sessions add column counted boolean not null default false;
    create index chat_sessions_uncounted_idx on chat_sessions (created_at) where not counted;
  `.execute(db);
}
