import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { routingUnits } from '../cases/testing.ts';

const b = useBrowserApp();
beforeAll(async () => {
  await routingUnits(b.db);
});

describe('the intake form’s required fields', () => {
  test('an empty submit sends nothing and shows each error beside its field; filled in, it saves', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const { page } = await b.page({ locale: 'sv-SE' });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/intake/contacts')) posts.push(r.url());
    });
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/kontakt/ny`);
    await page.getByLabel('Identitet').selectOption('identified');
    await page.getByRole('button', { name: 'Registrera kontakt' }).click();

    // The error stands beside its field, is tied to it for screen readers, and the focus goes to the first.
    const name = page.getByLabel('Namn', { exact: true });
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await expect(name.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(name.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent)).resolves.toMatch(/Ange namn eller personnummer/);
    const summary = page.getByLabel('Sammanfattning');
    await expect(summary.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('Skriv en kort sammanfattning av vad kontakten gällde.').waitFor();
    await expectNoAxeViolations(page, 'intake form with errors');
    expect(posts).toEqual([]);
    expect(await b.db.selectFrom('contacts').select('id').where('registered_by', '=', user.id).execute()).toEqual([]);

    // Typing in a field clears its error; a complete form saves.
    await name.fill('Fiktiva Obligatoria');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe(null);
    await page.getByLabel('Ålder (som den uppgavs)').fill('30');
    await summary.fill('Fiktiv: ringde om boende.');
    await page.getByRole('button', { name: 'Registrera kontakt' }).click();
    await page.getByText('Kontakten är registrerad och ärendet ligger hos Vuxenenheten (test).').waitFor();
    expect(posts).toHaveLength(1);
  });
});
