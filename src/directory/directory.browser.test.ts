import { beforeAll, describe, test } from 'vitest';
import { unitId } from '../testing/app.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { DEMO_ENTRIES, seedDirectoryDemo } from './demo.ts';

describe('the resource directory in the browser', () => {
  const b = useBrowserApp();
  beforeAll(async () => {
    for (const owner of new Set(DEMO_ENTRIES.map((e) => e.owner))) await unitId(b.db, owner);
    await seedDirectoryDemo(b.db);
  });

  test('finds housing for a young trans man, in Swedish and in English', async () => {
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]));
    await page.getByRole('link', { name: 'Resurskatalog' }).click();
    await page.getByLabel('Sökord').fill('boende');
    await page.getByLabel('Ålder').fill('19');
    await page.getByLabel('Kön').selectOption('trans');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    const table = page.getByRole('table', { name: 'Träffar' });
    await table.getByText('Skyddat boende Regnbågen (fiktivt)').waitFor();
    await table.getByText('Skyddat boende för män, pojkar och transpersoner', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'directory');

    await page.getByLabel('Språk').selectOption('en');
    await page.getByLabel('Search words').fill('housing');
    await page.getByLabel('Age', { exact: true }).fill('19');
    await page.getByLabel('Gender', { exact: true }).selectOption('trans');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('table', { name: 'Results' });
    await results.getByText('Protected housing for men, boys and trans persons', { exact: false }).waitFor();
  });
});
