import { sql, type Kysely } from 'kysely';

/**
 * Facts the statistics need as they were when the case opened, not as the person's record reads
 * today (a person who was 16 at the contact is 19 three years later; risk factors change): the age
 * band (the core's one definition), gender, risk factors, citizenship and the channel of the first
 * contact. And the dates of the referrals to Barnahus and to the regional coordinator, which the
 * case only kept as states.
 *
 * Cases opened before this migration get the values the person and contact hold now (the best
 * that is known); the age band of those is computed on the day the case opened from the birth
 * date, else the birth year (the younger age), else the age stated at the contact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases
      add column opening_age_band text not null default 'unknown'
        check (opening_age_band in ('0_14', '15_17', '18_21', '22_25', '26_plus', 'unknown')),
      add column opening_gender text not null default 'not_stated',
      add column opening_risk_factors text[] not null default '{}',
      add column opening_citizenship text,
      add column opening_channel text,
      add column barnahus_referred_on date,
      add column regional_referred_on date;

    update cases k set
      opening_gender = f.gender,
      opening_risk_factors = f.risk_factors,
      opening_citizenship = f.citizenship,
      opening_channel = f.channel,
      opening_age_band = case
        when f.age is null then 'unknown'
        when f.age < 15 then '0_14'
        when f.age < 18 then '15_17'
        when f.age < 22 then '18_21'
        when f.age < 26 then '22_25'
        else '26_plus' end
    from (
      select k2.id, p.gender, p.risk_factors, p.citizenship, c.channel,
        coalesce(
          extract(year from age((k2.opened_at at time zone 'Europe/Stockholm')::date, p.birth_date))::int,
          extract(year from (k2.opened_at at time zone 'Europe/Stockholm'))::int - p.birth_year - 1,
          c.stated_age) as age
      from cases k2 join persons p on p.id = k2.person_id join contacts c on c.id = k2.contact_id
    ) f
    where f.id = k.id;

    -- The annual compilation and the dashboard count cases by the day they opened, across units:
    -- the facts they group on are carried in the index so a year is read index-only.
    create index cases_statistics_idx on cases (opened_at)
      include (unit_id, person_role, opening_age_band, opening_gender, opening_channel, opening_risk_factors, exploitation_types, trafficking_indicators);
  `.execute(db);
}
