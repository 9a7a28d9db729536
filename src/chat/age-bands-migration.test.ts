import { sql, type Kysely } from 'kysely';
import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestDatabase } from '../testing/harness.ts';
import { openDatabase } from '../core/db/database.ts';
import { up } from './migrations/0204_core_age_bands.ts';

/** Migration 0204: the chat's old age bands in stored outcomes become the core's, and only the core's are accepted afterwards. */
describe.each(databaseTargets().slice(0, 1))('chat outcomes move to the core age bands on $name', (target) => {
  const database = useTestDatabase(target);

  test('under 15 → 0–14, 15–17 stays, the adult bands that cannot be split → unknown; old values refused afterwards', async () => {
    const { db, close } = openDatabase(database.url, 1, { asAppRole: false });
    try {
      await sql`alter table chat_outcomes drop constraint chat_outcomes_core_age_band`.execute(db);
      const old = ['under_15', '15_17', '18_24', '25_plus', 'unknown'];
      await db.insertInto('chat_outcomes').values(old.map((age_band) => ({ ended_on: '2026-01-10', queue: 'selling', topic: 'other', target_group: 'selling', age_band, referral_given: false }))).execute();
      await up(db as unknown as Kysely<unknown>);
      const rows = await db.selectFrom('chat_outcomes').select('age_band').where('ended_on', '=', '2026-01-10').orderBy('id').execute();
      expect(rows.map((r) => r.age_band).sort()).toEqual(['0_14', '15_17', 'unknown', 'unknown', 'unknown']);
      await expect(db.insertInto('chat_outcomes').values({ ended_on: '2026-01-11', queue: 'selling', topic: 'other', target_group: 'selling', age_band: '18_24', referral_given: false }).execute()).rejects.toThrow(/chat_outcomes_core_age_band/);
    } finally {
      await close();
    }
  });
});
