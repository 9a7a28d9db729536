import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { routingUnits } from '../cases/testing.ts';

const b = useBrowserApp();
// Written where the test reports go, not over docs/screenshots: a test run leaves the tree as it was.
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
let units: Awaited<ReturnType<typeof routingUnits>>;
beforeAll(async () => {
  units = await routingUnits(b.db);
});

describe('the outreach worker’s quick log on a phone', () => {
  test('a contact of unknown age reaches a unit’s queue, with no refusal page on the way', async () => {
    const user = await b.user([{ role: 'outreach_worker', unit: 'Vuxenenheten (test)' }]);
    const { page } = await b.page({ locale: 'sv-SE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInWithTotp(page, b.baseUrl, user);
    // From here on, no request of the worker's is refused.
    const refusals: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/') && (r.status() === 401 || r.status() === 403)) refusals.push(`${r.status()} ${r.url()}`);
    });
    // The header and the menu are folded on a phone: the menu opens from "Meny".
    await expect(page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Meny' }).click();
    await page.getByRole('link', { name: 'Snabblogg' }).click();
    await page.getByRole('heading', { name: 'Snabblogg från fältet' }).waitFor();
    await page.getByLabel('Kön').selectOption('woman');
    await page.getByLabel('Plats').fill('Fiktiv gata vid stationen');
    await page.getByLabel('Vad erbjöds').fill('Kondomer, kontaktkort');
    await page.getByLabel('Vad togs emot').fill('Kontaktkort');
    await page.getByLabel('Kort anteckning').fill('Fiktiv: vill kanske höra av sig.');
    // The submit is within thumb reach without scrolling.
    const submit = page.getByRole('button', { name: 'Logga kontakten' });
    const box = await submit.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(844);
    await expectNoAxeViolations(page, 'quick log on a phone');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quick-log-phone.png'), fullPage: true });
    await submit.click();

    await page.getByText(/Åldern är inte känd/).waitFor();
    // The unit list arrives after the notice: wait for the choice made for the worker.
    await expect.poll(() => page.getByLabel('Enhet').inputValue()).toBe(units.children);
    await page.getByRole('button', { name: 'Öppna ärende i vald enhet' }).click();
    await page.getByText('Kontakten är registrerad och ärendet ligger hos Barn och unga (test).').waitFor();
    await page.getByRole('heading', { name: 'Vad händer nu' }).waitFor();
    await expect(page.getByRole('link', { name: 'Öppna ärendet' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'quick log result');
    await expect(page.getByText('Du har inte behörighet').count()).resolves.toBe(0);
    expect(refusals).toEqual([]);

    const contact = await b.db.selectFrom('contacts').select(['id', 'channel', 'summary']).where('registered_by', '=', user.id).executeTakeFirstOrThrow();
    expect(contact.channel).toBe('street_outreach');
    expect(contact.summary).toContain('Plats: Fiktiv gata vid stationen');
    const kase = await b.db.selectFrom('cases').select(['unit_id', 'assigned_to']).where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    // In the children's unit's queue: not assigned, waiting for a caseworker there.
    expect(kase).toEqual({ unit_id: units.children, assigned_to: null });
  });
});
