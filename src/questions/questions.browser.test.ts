import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';

const b = useBrowserApp();

describe('question sets and coverage in the browser', () => {
  test('a unit manager publishes a new version of the set and reads the coverage of their unit', async () => {
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
    await page.getByText(/Inga nya ärenden|Andel/).first().waitFor();
    await expectNoAxeViolations(page, 'question coverage');
  });
});
