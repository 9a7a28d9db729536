import { sql, type Kysely } from 'kysely';

/**
 * A job queued by the application with its payload, in the caller's own transaction (the job exists
 * if and only if what it works on was committed). graphile-worker's schema belongs to the owner and
 * the application role may not write it, so one function, run as the owner, queues a job by name
 * and nothing else. The schema is made by the job runner when an instance with RUN_JOBS starts; until
 * then a queue is refused with a message saying so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function queue_job(task text, payload json, max_attempts integer) returns void
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    begin
      if task !~ '^[a-z][a-z0-9-]{0,99}$' then
        raise exception 'not a job name: %', task using errcode = '22023';
      end if;
      if to_regnamespace('graphile_worker') is null then
        raise exception 'the job runner has not prepared this database (start an instance with RUN_JOBS=true)' using errcode = '55000';
      end if;
      perform graphile_worker.add_job(task, payload, max_attempts => max_attempts);
    end $$;
    revoke all on function queue_job(text, json, integer) from public;
  `.execute(db);
}
