import { sql, type Kysely } from 'kysely';

/**
 * Exit plans (SIP): one plan per case at a time, its actors (each resting on a consent unless it is
 * the social services themselves; a partner account is invited per actor), measures with their
 * dependencies, follow-up meetings, acknowledged warnings, and every version of the plan.
 * Everything goes with the case (cascade), and so with the case's retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table exit_plans (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      person_id uuid not null references persons(id) on delete cascade,
      unit_id uuid not null references units(id),
      coordinator_id uuid references users(id) on delete set null,
      lead_actor_id uuid,
      goals text not null default '',
      template text,
      status text not null default 'active' check (status in ('active', 'closed')),
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create unique index exit_plans_one_active_per_case on exit_plans (case_id) where status = 'active';
    create index exit_plans_unit_idx on exit_plans (unit_id, updated_at desc);
    create index exit_plans_coordinator_idx on exit_plans (coordinator_id, updated_at desc);
    create index exit_plans_person_idx on exit_plans (person_id);

    create table plan_actors (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references exit_plans(id) on delete cascade,
      kind text not null,
      name text not null,
      consent_id uuid references consents(id) on delete set null,
      partner_user_id uuid references users(id) on delete set null,
      invited_by uuid references users(id) on delete set null,
      invited_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index plan_actors_plan_idx on plan_actors (plan_id);
    create index plan_actors_partner_idx on plan_actors (partner_user_id) where partner_user_id is not null;
    alter table exit_plans add constraint exit_plans_lead_actor_fk foreign key (lead_actor_id) references plan_actors(id) on delete set null;

    create table plan_measures (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references exit_plans(id) on delete cascade,
      actor_id uuid not null references plan_actors(id),
      kind text not null,
      title text not null,
      contact_person text,
      starts_on date not null,
      planned_end_on date,
      status text not null default 'planned' check (status in ('planned', 'active', 'completed', 'ended', 'refused')),
      status_reason text,
      depends_on uuid[] not null default '{}',
      decision_id uuid references decisions(id) on delete set null,
      template_key text,
      partner_note text,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (planned_end_on is null or planned_end_on >= starts_on)
    );
    create index plan_measures_plan_idx on plan_measures (plan_id, starts_on);
    create index plan_measures_actor_idx on plan_measures (actor_id);

    create table plan_follow_ups (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references exit_plans(id) on delete cascade,
      due_on date not null,
      held_on date,
      participants text[] not null default '{}',
      notes text,
      recorded_by uuid references users(id) on delete set null,
      version integer not null default 1
    );
    create index plan_follow_ups_plan_idx on plan_follow_ups (plan_id, due_on);
    create index plan_follow_ups_due_idx on plan_follow_ups (due_on) where held_on is null;

    create table plan_acknowledgements (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references exit_plans(id) on delete cascade,
      warning_key text not null,
      reason text not null,
      by_user uuid references users(id) on delete set null,
      at timestamptz not null default now()
    );
    create index plan_acknowledgements_plan_idx on plan_acknowledgements (plan_id, warning_key);

    create table plan_versions (
      id bigserial primary key,
      plan_id uuid not null references exit_plans(id) on delete cascade,
      version integer not null,
      change text not null,
      changed_by uuid references users(id) on delete set null,
      changed_at timestamptz not null default now(),
      snapshot jsonb not null,
      unique (plan_id, version)
    );
  `.execute(db);
}
