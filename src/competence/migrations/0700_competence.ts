import { sql, type Kysely } from 'kysely';

/**
 * Competence: the training catalogue, completions per staff member (with the date, so coverage at
 * any date can be computed), seminars the competence centre plans and the units it invites.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table trainings (
      id uuid primary key default gen_random_uuid(),
      title text not null unique,
      provider text not null,
      format text not null check (format in ('web', 'classroom', 'seminar')),
      length_minutes integer not null check (length_minutes between 1 and 100000),
      description text not null default '',
      target_roles text[] not null default '{}',
      required_for_roles text[] not null default '{}',
      renewal_months integer check (renewal_months between 1 and 240),
      before_questioning boolean not null default false,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table seminars (
      id uuid primary key default gen_random_uuid(),
      training_id uuid not null references trainings(id),
      held_on date not null,
      starts_at text not null default '',
      place text not null,
      planned_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    );

    create table seminar_invitations (
      seminar_id uuid not null references seminars(id) on delete cascade,
      unit_id uuid not null references units(id),
      primary key (seminar_id, unit_id)
    );
    create index seminar_invitations_unit_idx on seminar_invitations (unit_id);

    create table training_completions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      training_id uuid not null references trainings(id),
      completed_on date not null,
      source text not null check (source in ('self', 'manager', 'import', 'seminar')),
      seminar_id uuid references seminars(id) on delete set null,
      recorded_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      unique (user_id, training_id, completed_on)
    );
    create index training_completions_training_idx on training_completions (training_id, user_id, completed_on);
  `.execute(db);
}
