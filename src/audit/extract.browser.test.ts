import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

const b = useBrowserApp();
// Written where the test reports go, not over docs/screenshots: a test run leaves the tree as it was.
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
beforeAll(() => routingUnits(b.db));

describe('log review for a reviewer', () => {
  test('the audit reviewer finds who read a person’s case by personnummer and prints the person’s log extract', async () => {
    const reader = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Rita Läsare' });
    const worker = await b.client().signIn(reader);
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 34 }, { identityMode: 'identified', personnummer: '198112289874', name: 'Fiktiva Loggperson' }));
    expect(reg.status).toBe(201);
    expect((await worker.get(`/api/cases/${reg.body.case.id}`)).status).toBe(200);

    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'audit_reviewer', unit: null }]));
    await page.getByRole('link', { name: 'Loggutdrag för en person' }).click();
    await page.getByRole('heading', { name: 'Loggutdrag för en person' }).waitFor();
    await page.getByLabel('Personnummer eller namn').fill('19811228-9874');
    await page.getByRole('button', { name: 'Sök person' }).click();
    await page.getByRole('button', { name: 'Välj Fiktiva Loggperson' }).click();
    await page.getByRole('button', { name: 'Visa loggutdrag' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Rita Läsare' }).filter({ hasText: 'Läste' }).filter({ hasText: 'Ärende' });
    await row.first().waitFor();
    await expect(row.first().textContent()).resolves.toContain('Vuxenenheten (test)');
    // Purposes and field names in words, as the manifests label them, not as the log stores them.
    await expect(row.first().textContent()).resolves.toContain('Handläggning');
    const shown = await page.getByRole('table').innerText();
    expect(shown.match(/case work|\bintake\b|[a-z][A-Z][a-z]+/g)).toBeNull();
    await page.getByRole('button', { name: 'Skriv ut' }).waitFor();
    const href = await page.getByRole('link', { name: 'Ladda ner som CSV' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/audit\/extract\.csv\?personId=.*&lang=sv$/);
    await expect(page.getByRole('link', { name: 'CSV på engelska' }).getAttribute('href')).resolves.toMatch(/&lang=en$/);
    // The file the person gets says what the page says, in words.
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv.split('\r\n').filter((l) => l.includes('Rita Läsare') && l.includes(',Läste,Ärende,') && l.includes('Handläggning'))).toHaveLength(1);
    await expectNoAxeViolations(page, 'log extract');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Skriv ut' }).isVisible()).resolves.toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'log-extract-print.png'), fullPage: true });
  });
});
