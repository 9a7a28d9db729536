import { sql, type Kysely } from 'kysely';

/**
 * A case number people can say and tell apart ("2026-0123"): the year the case was opened (in
 * Stockholm) and a running number within that year. The number is given by the database when the
 * row is inserted, whatever path inserts it: a trigger takes the next number from a per-year
 * counter row (`insert … on conflict do update … returning`), whose row lock makes concurrent
 * inserts wait for each other, so two cases never get the same number and none is skipped by a
 * race (a rolled-back insert may leave a gap, as any sequence does). Cases opened before this
 * migration are numbered by their opening time, and the counters continue after them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_number_counters (
      year int primary key,
      last int not null check (last > 0)
    );
    alter table cases add column number text;
    with numbered as (
      select id, extract(year from opened_at at time zone 'Europe/Stockholm')::int as year,
             row_number() over (partition by extract(year from opened_at at time zone 'Europe/Stockholm') order by opened_at, id) as n
      from cases
    )
    update cases k set number = numbered.year || '-' || lpad(numbered.n::text, greatest(4, length(numbered.n::text)), '0') from numbered where numbered.id = k.id;
    insert into case_number_counters (year, last)
      select extract(year from opened_at at time zone 'Europe/Stockholm')::int, count(*) from cases group by 1;

    create function assign_case_number() returns trigger language plpgsql as $$
    declare
      y int := extract(year from coalesce(new.opened_at, now()) at time zone 'Europe/Stockholm')::int;
      n int;
    begin
      insert into case_number_counters as c (year, last) values (y, 1)
        on conflict (year) do update set last = c.last + 1
        returning last into n;
      -- At least four digits; lpad alone would cut the 10 000th case's number to a taken one.
      new.number := y || '-' || lpad(n::text, greatest(4, length(n::text)), '0');
      return new;
    end $$;
    create trigger cases_number before insert on cases for each row execute function assign_case_number();
    alter table cases alter column number set not null;
    create unique index cases_number on cases (number);
  `.execute(db);
}
