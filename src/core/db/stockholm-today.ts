import { sql, type RawBuilder } from 'kysely';

/*
 * Swedish calendar days in SQL. Sessions run in UTC, so `current_date` and `'2026-12-05'::date`
 * compared with a timestamptz follow UTC's day, which is yesterday's between midnight and 01/02 in
 * Sweden. Due dates, "overdue", periods and months follow the Swedish day.
 */

/** Today's date in Stockholm. */
export const stockholmTodaySql = sql<string>`(now() at time zone 'Europe/Stockholm')::date`;

/** The instant a Swedish calendar day (YYYY-MM-DD) begins. */
export const startOfStockholmDay = (date: string): RawBuilder<Date> => sql<Date>`(${date}::date)::timestamp at time zone 'Europe/Stockholm'`;

/** The instant the day after a Swedish calendar day begins: "until and including `date`" is `< endOfStockholmDay(date)`. */
export const endOfStockholmDay = (date: string): RawBuilder<Date> => sql<Date>`(${date}::date + 1)::timestamp at time zone 'Europe/Stockholm'`;

/** A timestamptz column's Swedish month as YYYY-MM. */
export const stockholmMonth = (column: string): RawBuilder<string> => sql<string>`to_char(${sql.ref(column)} at time zone 'Europe/Stockholm', 'YYYY-MM')`;

/** The column's instant falls on the Swedish days from..to, inclusive. */
export const onStockholmDays = (column: string, p: { from: string; to: string }): RawBuilder<boolean> =>
  sql<boolean>`${sql.ref(column)} >= ${startOfStockholmDay(p.from)} and ${sql.ref(column)} < ${endOfStockholmDay(p.to)}`;
