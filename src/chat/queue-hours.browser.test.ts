import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { openAllWeek } from './testing.ts';
import { setOpeningHours } from './store.ts';

describe('per-queue weekly opening hours in the supervisor view (issue 16)', () => {
  const b = useBrowserApp();
  beforeAll(async () => {
    await openAllWeek(b.app);
  });

  test('the supervisor gives the KAST queue its own week, and can make it follow every queue again', async () => {
    try {
      const { page, context } = await b.page();
      await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'unit_manager', unit: 'Chattrådgivning' }]));
      await page.getByRole('link', { name: 'Chattöversikt' }).click();
      await page.getByLabel('Öppettider för').selectOption('kast');
      await page.getByText(/Kön har inga egna öppettider/).waitFor();
      const week = page.getByRole('table', { name: 'Öppettider: KAST (köper sex)' });
      await week.waitFor();
      await week.getByLabel('Tisdag Öppnar').fill('18:00');
      await week.getByLabel('Tisdag Stänger').fill('21:00');
      for (const day of ['Måndag', 'Onsdag', 'Torsdag', 'Fredag', 'Lördag', 'Söndag']) await week.getByLabel(`${day} Stängt`).check();
      await page.getByRole('button', { name: 'Spara öppettider' }).click();
      await page.getByRole('button', { name: 'Ta bort köns egna tider (följ alla köers)' }).waitFor();
      await expectNoAxeViolations(page, 'chat supervisor page, one queue’s own hours');
      const kast = await b.db.selectFrom('chat_opening_hours').select(['weekday', 'opens', 'closes']).where('queue', '=', 'kast').execute();
      expect(kast.map((h) => ({ weekday: h.weekday, opens: String(h.opens).slice(0, 5), closes: String(h.closes).slice(0, 5) }))).toEqual([{ weekday: 2, opens: '18:00', closes: '21:00' }]);
      // Every queue's hours are untouched by a queue's own week.
      expect((await b.db.selectFrom('chat_opening_hours').select('weekday').where('queue', '=', '*').execute()).length).toBe(7);

      // Another queue still follows every queue's hours.
      await page.getByLabel('Öppettider för').selectOption('relative');
      await page.getByText(/Kön har inga egna öppettider/).waitFor();

      await page.getByLabel('Öppettider för').selectOption('kast');
      await page.getByRole('button', { name: 'Ta bort köns egna tider (följ alla köers)' }).click();
      await page.getByText(/Kön har inga egna öppettider/).waitFor();
      expect(await b.db.selectFrom('chat_opening_hours').select('weekday').where('queue', '=', 'kast').execute()).toEqual([]);
      await context.close();
    } finally {
      await b.db.transaction().execute((tx) => setOpeningHours(tx, [], 'kast'));
    }
  });
});
