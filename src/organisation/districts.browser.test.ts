import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';

const b = useBrowserApp();

describe('districts in the administrator’s units page', () => {
  test('create a district, put a new unit in it, and see the unit listed with its district', async () => {
    const admin = await b.user([{ role: 'administrator' }]);
    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, admin);
    await page.goto(`${b.baseUrl}/organisation/enheter`);
    await page.getByRole('heading', { name: 'Områden (stadsdelar, nämnder)' }).waitFor();
    await page.getByRole('form', { name: 'Nytt område' }).getByLabel('Områdets namn').fill('Fiktiva stadsdelen Väster');
    await page.getByRole('button', { name: 'Skapa område' }).click();
    await page.getByRole('status').filter({ hasText: 'Området Fiktiva stadsdelen Väster har skapats.' }).waitFor();
    await page.getByRole('rowheader', { name: 'Fiktiva stadsdelen Väster' }).waitFor();

    const newUnit = page.getByRole('region', { name: 'Ny enhet' });
    await newUnit.getByLabel('Namn', { exact: true }).fill('Vuxenenheten Väster (fiktiv)');
    await newUnit.getByLabel('Område').selectOption({ label: 'Fiktiva stadsdelen Väster' });
    await newUnit.getByRole('button', { name: 'Skapa enhet' }).click();
    await page.getByRole('status').filter({ hasText: 'Enheten Vuxenenheten Väster (fiktiv) har skapats.' }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Vuxenenheten Väster/ }).getByRole('cell').allTextContents()).toContain('Fiktiva stadsdelen Väster');
    await expectNoAxeViolations(page, 'units and districts');

    const unit = await b.db.selectFrom('units as u').innerJoin('districts as d', 'd.id', 'u.district_id').select('d.name').where('u.name', '=', 'Vuxenenheten Väster (fiktiv)').executeTakeFirstOrThrow();
    expect(unit.name).toBe('Fiktiva stadsdelen Väster');
  });
});
