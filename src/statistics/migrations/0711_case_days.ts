import { sql, type Kysely } from 'kysely';

/**
 * The cases' counts per day, unit and fact (issue 15, performance): the dashboard and the annual
 * compilation read these (thousands of rows a year) instead of scanning every case of the period
 * (a million a year in the bench). One row per Swedish day × unit × indicator × category:
 *
 * - on the day the case opened: `new_cases`, and the facts at the opening (age band, gender, role,
 *   channel), the exploitation types, risk factors at the opening and trafficking indicators (one
 *   per value) and `referrals/with_trafficking_indicators`;
 * - on the day of a referral: `referrals/barnahus` and `referrals/regional_coordinator`.
 *
 * Kept by statement-level triggers on cases in the same transaction as the change (a set-based
 * insert of 50 000 cases is one upsert): an insert adds the case's facts, an update moves them
 * (old facts out, new in; nothing is written when none changed), a delete takes them away. So the
 * table always equals a count over the cases (statistics.test.ts compares them); the figures of an
 * ended year survive the deletion of its closed cases through the kept yearly figures
 * (statistics_year_counts, frozen long before a case can be deleted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table statistics_case_days (
      day date not null,
      unit_id uuid not null references units(id),
      indicator text not null,
      category text not null,
      count integer not null check (count >= 0),
      primary key (day, unit_id, indicator, category)
    );

    -- The facts one case contributes, with the day each counts on.
    create function statistics_case_facts(
      p_opened_at timestamptz, p_unit uuid, p_age_band text, p_gender text, p_role text, p_channel text,
      p_types text[], p_risks text[], p_indicators text[], p_barnahus_on date, p_regional_on date
    ) returns table (day date, unit_id uuid, indicator text, category text)
    language sql stable parallel safe as $f$
      select (p_opened_at at time zone 'Europe/Stockholm')::date, p_unit, f.i, f.c
      from (
        values ('new_cases', ''), ('age_band', coalesce(p_age_band, 'unknown')), ('gender', coalesce(p_gender, 'not_stated')),
               ('role', p_role), ('channel', coalesce(p_channel, 'unknown'))
        union all select 'exploitation_type', t from unnest(p_types) t
        union all select 'risk_factor', r from unnest(p_risks) r
        union all select 'trafficking_indicator', x from unnest(p_indicators) x
        union all select 'referrals', 'with_trafficking_indicators' where cardinality(p_indicators) > 0
      ) f (i, c)
      union all select p_barnahus_on, p_unit, 'referrals', 'barnahus' where p_barnahus_on is not null
      union all select p_regional_on, p_unit, 'referrals', 'regional_coordinator' where p_regional_on is not null
    $f$;
  `.execute(db);
  // A transition table exists only for its own trigger's event: one function per event.
  const facts = (rel: string, delta: string) =>
    `select f.*, ${delta} as delta from ${rel} k cross join lateral statistics_case_facts(k.opened_at, k.unit_id, k.opening_age_band,
       k.opening_gender, k.person_role, k.opening_channel, k.exploitation_types, k.opening_risk_factors, k.trafficking_indicators,
       k.barnahus_referred_on, k.regional_referred_on) f`;
  for (const [event, tables, deltas] of [
    ['insert', 'new table as new_rows', facts('new_rows', '1')],
    ['update', 'old table as old_rows new table as new_rows', `${facts('new_rows', '1')} union all ${facts('old_rows', '-1')}`],
    ['delete', 'old table as old_rows', facts('old_rows', '-1')],
  ] as const) {
    await sql
      .raw(
        `create function statistics_case_days_${event}() returns trigger language plpgsql as $f$
         begin
           -- Counts going down are updates (an insert of a negative count would fail the check
           -- before its conflict is seen); counts going up are upserts, in one order for every writer.
           with x as (
             select day, unit_id, indicator, category, sum(delta)::int as delta from (${deltas}) f
             group by 1, 2, 3, 4 having sum(delta) <> 0
           ), down as (
             update statistics_case_days d set count = d.count + x.delta from x
             where x.delta < 0 and d.day = x.day and d.unit_id = x.unit_id and d.indicator = x.indicator and d.category = x.category
           )
           insert into statistics_case_days as d (day, unit_id, indicator, category, count)
           select day, unit_id, indicator, category, delta from x where delta > 0
           order by 1, 2, 3, 4
           on conflict (day, unit_id, indicator, category) do update set count = d.count + excluded.count;
           return null;
         end $f$;
         create trigger statistics_case_days_${event} after ${event} on cases referencing ${tables}
           for each statement execute function statistics_case_days_${event}();`,
      )
      .execute(db);
  }
  await sql`
    create function statistics_case_days_truncate() returns trigger language plpgsql as $f$
    begin
      delete from statistics_case_days;
      return null;
    end $f$;
    create trigger statistics_case_days_truncate after truncate on cases for each statement execute function statistics_case_days_truncate();

    -- The cases there are now.
    insert into statistics_case_days (day, unit_id, indicator, category, count)
    select f.day, f.unit_id, f.indicator, f.category, count(*)
    from cases k cross join lateral statistics_case_facts(k.opened_at, k.unit_id, k.opening_age_band, k.opening_gender, k.person_role,
      k.opening_channel, k.exploitation_types, k.opening_risk_factors, k.trafficking_indicators, k.barnahus_referred_on, k.regional_referred_on) f
    group by 1, 2, 3, 4;

    -- The questioning of a period's cases is read from the answers given since the period began
    -- (a case is asked after it opens), not from every case of the period.
    create index question_answers_asked_at_idx on question_answers (asked_at) include (case_id) where counts_as_asked;
  `.execute(db);
}
