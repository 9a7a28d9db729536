import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';

const b = useBrowserApp();

describe('a consultation without a case', () => {
  test('a caseworker records a school’s anonymous consultation; it is listed and counted, and no case is opened', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, user);
    await page.getByRole('link', { name: 'Konsultationer' }).first().click();
    await page.getByRole('heading', { name: 'Konsultation utan ärende' }).waitFor();
    await page.getByText('Inga konsultationer de senaste 30 dagarna.').waitFor();
    await page.getByLabel('Vem frågade?').selectOption('school');
    await page.getByLabel('Vad gällde det?').fill('Elev som kan få betalt för att träffa äldre män');
    await page.getByLabel('Råd som gavs').fill('Orosanmälan om eleven är under 18. Fiktivt.');
    await page.getByLabel('Hänvisning (om någon)').fill('Barn och unga');
    await expectNoAxeViolations(page, 'consultation form');
    await page.getByRole('button', { name: 'Spara konsultationen' }).click();
    await page.getByText('Konsultationen är sparad.').waitFor();
    await page.getByRole('rowheader', { name: 'Elev som kan få betalt för att träffa äldre män' }).waitFor();
    await page.getByText('1 konsultation. Skolan: 1').waitFor();
    // The form is empty again for the next one.
    await expect(page.getByLabel('Vad gällde det?').inputValue()).resolves.toBe('');
    await expectNoAxeViolations(page, 'consultation list');

    const row = await b.db.selectFrom('consultations').select(['asker_kind', 'given_by']).where('given_by', '=', user.id).executeTakeFirstOrThrow();
    expect(row.asker_kind).toBe('school');
    const cases = await b.db.selectFrom('contacts').select('id').where('registered_by', '=', user.id).execute();
    expect(cases).toEqual([]);
  });
});
