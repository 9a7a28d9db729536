import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { unitId } from '../testing/app.ts';
import { makeContact } from '../cases/testing.ts';
import { bundledSets } from './store.ts';

const standard = bundledSets().find((s) => s.key === 'utvag-standard')!;
const allDeclined = Object.fromEntries(standard.questions.map((q) => [q.id, 'declined']));

const b = useBrowserApp();

describe('question sets and coverage in the browser', () => {
  test('a unit manager publishes a new version of the set and reads the coverage of their unit', async () => {
    // The unit's cases this month: four new, the questions asked in three (75 %).
    await unitId(b.db, 'Vuxenenheten (frågor)', 'adult');
    const worker = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (frågor)' }]);
    for (let i = 0; i < 4; i++) {
      const reg = await worker.post('/api/intake/contacts', makeContact());
      expect(reg.body.case).toMatchObject({ unitName: 'Vuxenenheten (frågor)' });
      if (i < 3) expect((await worker.post(`/api/cases/${reg.body.case.id}/answers`, { setKey: 'utvag-standard', setVersion: 1, answers: allDeclined })).status).toBe(201);
    }
    const user = await b.user([{ role: 'unit_manager', unit: 'Vuxenenheten (frågor)' }]);
    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, user);
    await page.getByRole('link', { name: 'Frågeformulär' }).click();
    await page.getByRole('cell', { name: 'utvag-standard' }).waitFor();
    await expectNoAxeViolations(page, 'question sets');
    const json = page.getByLabel(/Formulär som JSON/);
    await expect.poll(async () => (await json.inputValue()).length).toBeGreaterThan(100);
    const body = JSON.parse(await json.inputValue());
    body.title.sv = 'Frågor till alla klienter (reviderad)';
    await json.fill(JSON.stringify(body));
    await page.getByRole('button', { name: 'Publicera ny version' }).click();
    await page.getByText('Version 2 av utvag-standard är publicerad.').waitFor();
    await json.fill('{ inte json');
    await page.getByRole('button', { name: 'Publicera ny version' }).click();
    await page.getByText('Texten är inte giltig JSON.').waitFor();

    await page.getByRole('link', { name: 'Frågetäckning' }).click();
    await page.getByRole('heading', { name: 'Frågetäckning' }).waitFor();
    // The figures, once drawn: unit, month, new cases, asked, share (the meter and its number).
    const row = page.getByRole('table', { name: 'Frågetäckning' }).getByRole('row').filter({ hasText: 'Vuxenenheten (frågor)' });
    await row.waitFor();
    const month = (await b.db.selectFrom('cases').select(sql<string>`to_char(date_trunc('month', opened_at), 'YYYY-MM')`.as('month')).executeTakeFirstOrThrow()).month;
    expect((await row.locator('td').allInnerTexts()).map((c) => c.trim())).toEqual(['Vuxenenheten (frågor)', month, '4', '3', '75 %']);
    expect(await row.getByRole('meter').getAttribute('value')).toBe('0.75');
    await expectNoAxeViolations(page, 'question coverage with figures');
  });
});
