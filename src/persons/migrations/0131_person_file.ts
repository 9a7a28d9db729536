import { sql, type Kysely } from 'kysely';

/**
 * The person's residence status (seed 001: it decides which support is possible) and district
 * (routing picks the unit of the right kind there; districts from organisation's 0130).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table persons
      add column residence_status text not null default 'unknown' check (residence_status in ('unknown', 'permit', 'eu_right_of_residence', 'none')),
      add column district_id uuid references districts(id);
  `.execute(db);
}
