import { sql, type Kysely } from 'kysely';

/** Versioned question sets (data) and the answers given on a case under a given version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table question_sets (
      key text not null,
      version integer not null,
      definition jsonb not null,
      published_at timestamptz not null default now(),
      published_by uuid references users(id),
      primary key (key, version)
    );

    create table question_answers (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      set_key text not null,
      set_version integer not null,
      answers jsonb not null,
      asked_at timestamptz not null default now(),
      asked_by uuid not null references users(id),
      foreign key (set_key, set_version) references question_sets(key, version)
    );
    create index question_answers_case_idx on question_answers (case_id);
  `.execute(db);
}
