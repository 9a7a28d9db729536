import { sql, type Kysely } from 'kysely';

/**
 * Sign-in hardening: a one-time password (set by an administrator) must be changed at the next
 * sign-in, which becomes a stage of its own; failed sign-ins are counted per username and client
 * (both kept only as keyed hashes), so nobody can lock another person out from elsewhere.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column must_change_password boolean not null default false;

    alter table pending_sign_ins drop constraint pending_sign_ins_stage_check;
    alter table pending_sign_ins add constraint pending_sign_ins_stage_check check (stage in ('totp', 'enrol', 'password'));

    -- Counters from before were keyed on the clear username alone: they are dropped.
    delete from sign_in_throttle;
    alter table sign_in_throttle add column client_key text not null default '';
    alter table sign_in_throttle drop constraint sign_in_throttle_pkey;
    alter table sign_in_throttle add primary key (username_key, client_key);
    create index sign_in_throttle_last_failure_idx on sign_in_throttle (last_failure_at);
  `.execute(db);
}
