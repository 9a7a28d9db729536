import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { routingUnits } from '../cases/testing.ts';

const b = useBrowserApp();
let units: Awaited<ReturnType<typeof routingUnits>>;
beforeAll(async () => {
  units = await routingUnits(b.db);
});

describe('an outreach worker on a joint shift with the police, on a phone', () => {
  test('plans the shift, logs three contacts (one for the officer) and turns one into an intake', async () => {
    const user = await b.user([{ role: 'outreach_worker', unit: 'Vuxenenheten (test)' }]);
    const { page } = await b.page({ locale: 'sv-SE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInWithTotp(page, b.baseUrl, user);
    const refusals: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/') && (r.status() === 401 || r.status() === 403)) refusals.push(`${r.status()} ${r.url()}`);
    });
    await page.getByRole('button', { name: 'Meny' }).click();
    await page.getByRole('link', { name: 'Uppsökande pass' }).click();
    await page.getByRole('heading', { name: 'Uppsökande pass', level: 1 }).waitFor();
    await page.getByLabel('Typ av pass').selectOption('joint_police');
    await page.getByLabel('Område').fill('Centralstationen (fiktiv)');
    await page.getByLabel('Deltagare från polis eller civilsamhälle (namn)').fill('Polisassistent Testsson (fiktiv)');
    await page.getByLabel('Deltagarens organisation').fill('Polisen, region Test');
    await expectNoAxeViolations(page, 'outreach shifts');
    await page.getByRole('button', { name: 'Planera ett pass' }).click();
    await page.getByRole('heading', { name: 'Samverkanspass med polisen: Centralstationen (fiktiv)' }).waitFor();

    const log = async (o: { age: string; gender: string; role: string; place: string; offered: string[]; accepted: string[]; followUp?: string; onBehalf?: string }) => {
      await page.getByLabel('Ålder (ungefär)').selectOption(o.age);
      await page.getByLabel('Kön').selectOption(o.gender);
      await page.getByLabel('Personens roll').selectOption(o.role);
      await page.getByLabel('Plats', { exact: true }).selectOption(o.place);
      const offered = page.getByRole('group', { name: 'Vad erbjöds' });
      for (const name of o.offered) await offered.getByLabel(name).check();
      const accepted = page.getByRole('group', { name: 'Vad togs emot' });
      for (const name of o.accepted) await accepted.getByLabel(name).check();
      if (o.followUp) await page.getByLabel('Uppföljning som bestämdes (frivilligt)').fill(o.followUp);
      if (o.onBehalf) await page.getByLabel('Loggas för').selectOption({ label: o.onBehalf });
      const submit = page.getByRole('button', { name: 'Logga kontakten' });
      const box = await submit.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(844);
      await submit.click();
      await page.getByText('Kontakten är loggad.').waitFor();
    };
    await log({ age: '18_21', gender: 'woman', role: 'exposed', place: 'street', offered: ['Stödsamtal', 'Vård'], accepted: ['Stödsamtal'], followUp: 'Ses fredag vid stationen' });
    await expectNoAxeViolations(page, 'outreach shift with the quick log');
    await log({ age: '15_17', gender: 'woman', role: 'exposed', place: 'hotel', offered: ['Skydd'], accepted: [], onBehalf: 'Polisassistent Testsson (fiktiv) (Polisen)' });
    await log({ age: '26_plus', gender: 'man', role: 'buys', place: 'street', offered: ['KAST-samtal (köpare)'], accepted: ['KAST-samtal (köpare)'] });
    await page.getByRole('heading', { name: 'Kontakt 3' }).waitFor();
    await page.getByText('Kontakter: 3').waitFor();
    await page.getByText('Varav barn (under 18): 1').waitFor();
    await page.getByText('för Polisassistent Testsson (fiktiv)').waitFor();

    await page.getByRole('button', { name: 'Registrera i mottagningen Kontakt 1' }).click();
    await page.getByRole('heading', { name: 'Registrera kontakt 1 i mottagningen' }).waitFor();
    await expect(page.getByRole('button', { name: 'Registrera', exact: true }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Personen samtycker till att bli registrerad som kontakt hos socialtjänsten').check();
    await page.getByLabel('Ålder enligt personen (frivilligt)').fill('19');
    await expect(page.getByLabel('Sammanfattning').inputValue()).resolves.toContain('Plats: Gata');
    await expectNoAxeViolations(page, 'outreach contact to intake');
    await page.getByRole('button', { name: 'Registrera', exact: true }).click();
    await page.getByText('Kontakten är registrerad och ärendet ligger hos Vuxenenheten (test).').waitFor();
    await page.getByRole('button', { name: 'Registrera en ny kontakt' }).click();
    await page.getByText('Registrerad i mottagningen').waitFor();
    await page.getByText('Registrerade i mottagningen: 1').waitFor();
    expect(refusals).toEqual([]);

    const contacts = await b.db.selectFrom('outreach_contacts').innerJoin('outreach_shifts', 'outreach_shifts.id', 'outreach_contacts.shift_id').select(['outreach_contacts.intake_contact_id', 'outreach_contacts.on_behalf_of', 'outreach_shifts.kind']).where('outreach_contacts.logged_by', '=', user.id).orderBy('outreach_contacts.logged_at').execute();
    expect(contacts).toHaveLength(3);
    expect(contacts.every((c) => c.kind === 'joint_police')).toBe(true);
    expect(contacts[1]!.on_behalf_of).not.toBeNull();
    const intake = await b.db.selectFrom('contacts').innerJoin('cases', 'cases.contact_id', 'contacts.id').select(['contacts.channel', 'cases.unit_id']).where('contacts.id', '=', contacts[0]!.intake_contact_id!).executeTakeFirstOrThrow();
    expect(intake).toEqual({ channel: 'street_outreach', unit_id: units.adult });
  });
});
