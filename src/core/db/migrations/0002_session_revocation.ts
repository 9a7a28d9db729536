import { sql, type Kysely } from 'kysely';

/**
 * Every change that can end or narrow a session announces the user on the channel
 * `utvag_sessions`, so each instance drops that user's cached session at once. Done by triggers,
 * not by the code paths that make the changes, so no path (an administrator's edit, sign-out, a
 * retention run, a command, a DBA's SQL) can forget it. NOTIFY is delivered at commit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function announce_session_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('utvag_sessions', coalesce(new.user_id, old.user_id)::text);
      return null;
    end $$;

    create function announce_user_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('utvag_sessions', coalesce(new.id, old.id)::text);
      return null;
    end $$;

    create trigger sessions_revoked after delete on sessions
      for each row execute function announce_session_change();
    -- A session's clock set back (never by Utväg, which only moves last_seen_at forward) is
    -- announced too, so a cached session cannot outlive a shortened one.
    create trigger sessions_shortened after update on sessions
      for each row
      when (new.last_seen_at < old.last_seen_at or new.created_at is distinct from old.created_at or new.user_id is distinct from old.user_id)
      execute function announce_session_change();
    create trigger user_roles_changed after insert or update or delete on user_roles
      for each row execute function announce_session_change();
    create trigger users_changed after update on users
      for each row
      when (old.active is distinct from new.active or old.username is distinct from new.username
        or old.display_name is distinct from new.display_name or old.kind is distinct from new.kind)
      execute function announce_user_change();
    create trigger users_deleted after delete on users
      for each row execute function announce_user_change();
  `.execute(db);
}
