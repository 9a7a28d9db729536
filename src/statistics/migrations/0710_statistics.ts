import { sql, type Kysely } from 'kysely';

/**
 * The yearly figures kept after the records behind them are deleted (closed cases after five
 * years, chats after 30 days): counts only, never a person or a case. And the indexes the
 * statistics read the cases through (a period's new cases, referrals by their date).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table statistics_frozen_years (
      year integer primary key,
      frozen_at timestamptz not null default now()
    );
    create table statistics_year_counts (
      year integer not null references statistics_frozen_years(year),
      indicator text not null,
      category text not null,
      unit text not null,
      count integer not null check (count >= 0),
      primary key (year, indicator, category, unit)
    );
    create index cases_barnahus_referred_idx on cases (barnahus_referred_on) include (unit_id) where barnahus_referred_on is not null;
    create index cases_regional_referred_idx on cases (regional_referred_on) include (unit_id) where regional_referred_on is not null;
  `.execute(db);
}
