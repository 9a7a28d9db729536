import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestDatabase } from '../../testing/harness.ts';
import { openDatabase } from './database.ts';
import { endOfStockholmDay, onStockholmDays, startOfStockholmDay, stockholmMonth, stockholmTodaySql } from './stockholm-today.ts';
import { todayInStockholm } from '../time/stockholm.ts';

/** Sessions run in UTC; these follow the Swedish day, winter (UTC+1) and summer (UTC+2). */
describe.each(databaseTargets().slice(0, 1))('Swedish days in SQL on $name', (target) => {
  const database = useTestDatabase(target, { migrated: false });

  test('day bounds, months and today follow Stockholm, not the UTC session', async () => {
    const { db, close } = openDatabase(database.url, 1, { asAppRole: false });
    try {
      const row = (await sql<Record<string, unknown>>`select
          ${startOfStockholmDay('2026-12-05')} as winter_start,
          ${endOfStockholmDay('2026-07-01')} as summer_end,
          ${stockholmTodaySql}::text as today,
          current_setting('TimeZone') as zone`.execute(db)).rows[0]!;
      expect(row.zone).toBe('UTC');
      expect((row.winter_start as Date).toISOString()).toBe('2026-12-04T23:00:00.000Z');
      expect((row.summer_end as Date).toISOString()).toBe('2026-07-01T22:00:00.000Z');
      expect(row.today).toBe(todayInStockholm());

      await sql`create table instants (at timestamptz not null)`.execute(db);
      // 23:30 UTC on 30 Nov is 00:30 on 1 Dec in Stockholm; 22:59 UTC on 4 Dec is still 4 Dec there.
      await sql`insert into instants values ('2026-11-30T23:30:00Z'), ('2026-12-04T22:59:00Z'), ('2026-12-04T23:00:00Z')`.execute(db);
      const months = await sql<{ month: string }>`select ${stockholmMonth('at')} as month from instants order by at`.execute(db);
      expect(months.rows.map((r) => r.month)).toEqual(['2026-12', '2026-12', '2026-12']);
      const onDec4 = await sql<{ n: number }>`select count(*)::int as n from instants where ${onStockholmDays('at', { from: '2026-12-04', to: '2026-12-04' })}`.execute(db);
      expect(onDec4.rows[0]!.n).toBe(1);
      const onDec1to5 = await sql<{ n: number }>`select count(*)::int as n from instants where ${onStockholmDays('at', { from: '2026-12-01', to: '2026-12-05' })}`.execute(db);
      expect(onDec1to5.rows[0]!.n).toBe(3);
    } finally {
      await close();
    }
  });
});
