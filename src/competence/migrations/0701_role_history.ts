import { sql, type Kysely } from 'kysely';

/**
 * Who held which role in which unit when (issue 15: training coverage for a past period counts the
 * staff of that time, not today's). user_roles keeps only the present, so triggers record each
 * grant's period: a grant added opens one, a grant removed closes it, and a staff account
 * deactivated (or activated again) closes (opens) all of its grants.
 *
 * Approximation for what came before this migration: each grant then held is taken to have begun
 * when the account was created, and grants removed earlier, or accounts deactivated earlier, are
 * not known (a past period before this migration counts the staff of today that existed then).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table competence_role_periods (
      id bigserial primary key,
      user_id uuid not null references users(id) on delete cascade,
      role text not null,
      unit_id uuid references units(id),
      valid_from timestamptz not null,
      valid_to timestamptz,
      check (valid_to is null or valid_to >= valid_from)
    );
    create index competence_role_periods_unit_idx on competence_role_periods (unit_id, valid_from);
    create index competence_role_periods_open_idx on competence_role_periods (user_id, role, unit_id) where valid_to is null;

    insert into competence_role_periods (user_id, role, unit_id, valid_from)
    select r.user_id, r.role, r.unit_id, u.created_at from user_roles r join users u on u.id = r.user_id where u.active;

    create function competence_role_periods_keep() returns trigger language plpgsql as $f$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        update competence_role_periods set valid_to = now()
        where user_id = old.user_id and role = old.role and unit_id is not distinct from old.unit_id and valid_to is null;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and (select active from users where id = new.user_id) then
        insert into competence_role_periods (user_id, role, unit_id, valid_from) values (new.user_id, new.role, new.unit_id, now());
      end if;
      return null;
    end $f$;
    create trigger competence_role_periods_keep after insert or update or delete on user_roles
      for each row execute function competence_role_periods_keep();

    create function competence_role_periods_account() returns trigger language plpgsql as $f$
    begin
      if old.active and not new.active then
        update competence_role_periods set valid_to = now() where user_id = new.id and valid_to is null;
      elsif new.active and not old.active then
        insert into competence_role_periods (user_id, role, unit_id, valid_from) select user_id, role, unit_id, now() from user_roles where user_id = new.id;
      end if;
      return null;
    end $f$;
    create trigger competence_role_periods_account after update of active on users
      for each row execute function competence_role_periods_account();
  `.execute(db);
}
