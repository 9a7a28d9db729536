import { sql, type Kysely } from 'kysely';

/**
 * How a plan ended (issue 15's statistics: exit plans started, active, ended and how), set when the
 * plan is closed, and when. Plans closed before this migration keep no reason (counted as
 * "not recorded") and take their last change as the day they ended.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table exit_plans
      add column end_reason text check (end_reason in ('goals_reached', 'person_declined', 'contact_lost', 'moved', 'handed_over', 'returned_home_country', 'other')),
      add column ended_at timestamptz;
    update exit_plans set ended_at = updated_at where status = 'closed';
    alter table exit_plans
      add constraint exit_plans_ended_when_closed check ((status = 'closed') = (ended_at is not null) and (end_reason is null or status = 'closed'));
  `.execute(db);
}
