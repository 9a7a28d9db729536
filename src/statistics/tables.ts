import type { Generated } from 'kysely';

export interface StatisticsTables {
  /** The years whose figures are kept (0710). */
  statistics_frozen_years: { year: number; frozen_at: Generated<Date> };
  /** A kept year's counts: indicator, category and unit ('' for the whole municipality). No person, no case. */
  statistics_year_counts: { year: number; indicator: string; category: string; unit: string; count: number };
  /** The cases' counts per Swedish day, unit and fact, kept by triggers on cases (0711). */
  statistics_case_days: { day: string; unit_id: string; indicator: string; category: string; count: number };
}

declare module '../core/db/schema.ts' {
  interface Database extends StatisticsTables {}
}
