import { sql, type Kysely } from 'kysely';

/**
 * The chat's outcomes use the core's one age-band definition (src/core/age-band.ts: 0–14, 15–17,
 * 18–21, 22–25, 26+, unknown) instead of the chat's own (under 15, 15–17, 18–24, 25+, unknown).
 *
 * Old rows are mapped where the old band lies inside one new band: under 15 → 0–14, 15–17 and
 * unknown stay. The two adult bands cannot be mapped without guessing, and a guess would put
 * invented figures into the young-adult statistics (18–21), so:
 * - 18–24 spans 18–21 and 22–25: kept as 'unknown';
 * - 25+ holds the 25-year-olds, who belong to 22–25: kept as 'unknown' too.
 * Both were adults: a report that needs "adult" for old periods counts them from before this
 * migration's date. From now on only the core's bands are accepted (a check constraint).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update chat_outcomes set age_band = case age_band
      when 'under_15' then '0_14'
      when '15_17' then '15_17'
      else 'unknown'
    end
    where age_band not in ('0_14', '15_17', '18_21', '22_25', '26_plus', 'unknown');
    alter table chat_outcomes add constraint chat_outcomes_core_age_band check (age_band in ('0_14', '15_17', '18_21', '22_25', '26_plus', 'unknown'));
  `.execute(db);
}
