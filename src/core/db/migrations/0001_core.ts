import { sql, type Kysely } from 'kysely';

/** Organisation, staff accounts, sessions, audit log, retention bookkeeping. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table units (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      kind text not null,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      display_name text not null,
      email text,
      kind text not null check (kind in ('staff', 'partner')),
      partner_organisation text,
      password_hash text,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      oidc_subject text unique,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_username_key on users (lower(username));

    create table user_roles (
      user_id uuid not null references users(id) on delete cascade,
      role text not null,
      unit_id uuid references units(id),
      unique nulls not distinct (user_id, role, unit_id)
    );

    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now()
    );
    create index sessions_user_idx on sessions (user_id);

    -- A sign-in half done: password checked, second factor (or its enrolment) still to come.
    create table pending_sign_ins (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      stage text not null check (stage in ('totp', 'enrol')),
      candidate_secret text,
      expires_at timestamptz not null
    );

    -- Failures are counted per typed username, existing or not, so lock-out reveals nothing.
    create table sign_in_throttle (
      username_key text primary key,
      failures integer not null default 0,
      locked_until timestamptz,
      last_failure_at timestamptz not null default now()
    );

    create table audit_log (
      id bigint primary key,
      at timestamptz not null default now(),
      actor_user_id uuid,
      actor_role text,
      actor_unit_id uuid,
      action text not null,
      record_type text not null,
      record_id text,
      person_id uuid,
      fields text[] not null default '{}',
      purpose text not null,
      details jsonb
    );
    create sequence audit_log_id_seq owned by audit_log.id;
    create index audit_log_actor_idx on audit_log (actor_user_id, at);
    create index audit_log_person_idx on audit_log (person_id, at) where person_id is not null;
    create index audit_log_at_idx on audit_log using brin (at);

    -- One row per sealed audit entry: hash = sha256(previous hash | the entry's canonical text).
    create table audit_seal (
      audit_id bigint primary key,
      hash text not null,
      sealed_at timestamptz not null default now()
    );

    create table audit_reviews (
      id uuid primary key default gen_random_uuid(),
      reviewer_id uuid not null references users(id),
      period_from date not null,
      period_to date not null,
      scope text not null,
      finding text not null,
      chain_head_id bigint,
      chain_head_hash text,
      created_at timestamptz not null default now()
    );

    create table retention_settings (
      record_type text primary key,
      keep_days integer not null check (keep_days > 0),
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    );

    create table retention_runs (
      id uuid primary key default gen_random_uuid(),
      trigger text not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      counts jsonb not null default '{}',
      error text
    );
  `.execute(db);

  // Ids are drawn only after the writer holds the shared audit lock, so the sealer (which briefly
  // takes it exclusively) knows that every id up to the maximum it sees is committed or never will be.
  await sql`
    create function audit_log_before_insert() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock_shared(7401);
      new.id := nextval('audit_log_id_seq');
      new.at := now();
      return new;
    end $$;
    create trigger audit_log_assign_id before insert on audit_log
      for each row execute function audit_log_before_insert();

    create function audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only (% on %)', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_append_only();
    create trigger audit_seal_append_only before update or delete on audit_seal
      for each row execute function audit_append_only();
    create trigger audit_seal_no_truncate before truncate on audit_seal
      for each statement execute function audit_append_only();
  `.execute(db);
}
