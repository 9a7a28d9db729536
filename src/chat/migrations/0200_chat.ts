import { sql, type Kysely } from 'kysely';

/**
 * Anonymous chat: sessions (live chats and offline messages), their messages, consents and
 * escalations, canned answers, opening hours, counsellor presence and the outcome statistics.
 * Nothing here holds a name, an IP address or a cookie of the visitor: only a hash of the token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chat_sessions (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('live', 'offline')),
      token_hash text not null unique,
      target_group text not null,
      queue text not null,
      language text not null,
      status text not null check (status in ('queued', 'active', 'ended', 'waiting_answer', 'answered')),
      counsellor_id uuid references users(id) on delete set null,
      blocked boolean not null default false,
      visitor_disconnected_at timestamptz,
      created_at timestamptz not null default now(),
      queued_at timestamptz not null default now(),
      assigned_at timestamptz,
      ended_at timestamptz,
      end_reason text,
      outcome_recorded boolean not null default false
    );
    create index chat_sessions_queue on chat_sessions (queue, queued_at) where status = 'queued';
    create index chat_sessions_counsellor on chat_sessions (counsellor_id) where status = 'active';
    create index chat_sessions_ended on chat_sessions (coalesce(ended_at, created_at));

    create table chat_messages (
      id bigserial primary key,
      session_id uuid not null references chat_sessions(id) on delete cascade,
      sender text not null check (sender in ('visitor', 'counsellor', 'system', 'note')),
      author_id uuid references users(id) on delete set null,
      body text not null,
      -- The sender's own id for the message: a resend after a lost acknowledgement is stored once.
      client_id text,
      created_at timestamptz not null default now()
    );
    create index chat_messages_session on chat_messages (session_id, id);
    create unique index chat_messages_client_id on chat_messages (session_id, client_id) where client_id is not null;

    create table chat_consents (
      id uuid primary key default gen_random_uuid(),
      session_id uuid not null references chat_sessions(id) on delete cascade,
      consent_text text not null,
      language text not null,
      given_at timestamptz not null default now()
    );

    create table chat_escalations (
      id uuid primary key default gen_random_uuid(),
      session_id uuid not null unique references chat_sessions(id),
      consent_id uuid not null references chat_consents(id),
      target_unit_id uuid not null references units(id),
      status text not null default 'awaiting_intake' check (status in ('awaiting_intake', 'taken_into_case')),
      created_by uuid not null references users(id),
      created_at timestamptz not null default now()
    );

    -- Statistics only: no session id, no time of day, nothing that leads back to a chat.
    create table chat_outcomes (
      id uuid primary key default gen_random_uuid(),
      ended_on date not null,
      queue text not null,
      topic text not null,
      target_group text not null,
      age_band text not null,
      referral_given boolean not null
    );

    create table chat_canned_answers (
      id uuid primary key default gen_random_uuid(),
      language text not null,
      title text not null,
      body text not null,
      updated_by uuid references users(id) on delete set null,
      updated_at timestamptz not null default now()
    );

    create table chat_opening_hours (
      weekday smallint primary key check (weekday between 1 and 7),
      opens text not null,
      closes text not null
    );
    insert into chat_opening_hours (weekday, opens, closes) values
      (1, '09:00', '21:00'), (2, '09:00', '21:00'), (3, '09:00', '21:00'), (4, '09:00', '21:00'),
      (5, '09:00', '21:00'), (6, '12:00', '18:00'), (7, '12:00', '18:00');

    -- Which counsellors have a console open, per app instance and socket.
    -- seen_at is refreshed by the holding instance; a row not refreshed belongs to a dead instance.
    create table chat_presence (
      socket_id uuid primary key,
      user_id uuid not null references users(id) on delete cascade,
      queues text[] not null,
      connected_at timestamptz not null default now(),
      seen_at timestamptz not null default now()
    );
  `.execute(db);
}
