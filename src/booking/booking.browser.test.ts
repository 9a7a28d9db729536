import { beforeAll, describe, expect, test } from 'vitest';
import { addDays, swedishDate, weekdayOf } from '../core/time/stockholm.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { makeReception, type ReceptionFixture } from './testing.ts';

/** Victims Monday, Wednesday, Friday, Sunday; buyers Tuesday, Thursday, Saturday (every week has both). */
const VICTIM_DAYS = [1, 3, 5, 7];
const BUYER_DAYS = [2, 4, 6];

describe('reception booking in the browser', () => {
  const b = useBrowserApp({ expectedHttpErrors: [404, 409] });
  let reception: ReceptionFixture;
  beforeAll(async () => {
    reception = await makeReception(b.db, {
      unit: 'Specialmottagningen (test)',
      name: 'Specialmottagningen (test)',
      week: [
        { weekdays: VICTIM_DAYS, group: 'victims', opens: '09:00', closes: '16:00' },
        { weekdays: BUYER_DAYS, group: 'buyers', opens: '09:00', closes: '16:00' },
      ],
    });
  });

  test('an anonymous visitor books a victims’ day time, gets a code and cancels with it', async () => {
    const { page } = await b.page();
    const response = await page.goto(`${b.baseUrl}/boka`);
    expect(response!.headers()['set-cookie']).toBeUndefined();
    await expect(page.getByText('Samma dag tas aldrig båda grupperna emot').first().isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, 'public booking page');
    await page.getByLabel('Mottagning', { exact: true }).selectOption({ label: 'Specialmottagningen (test)' });
    await page.getByLabel('Jag säljer eller har sålt sex, eller utnyttjas').check();
    await page.getByRole('button', { name: 'Visa lediga tider' }).click();
    const days = await page.locator('.slot-day').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.date!));
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((d) => VICTIM_DAYS.includes(weekdayOf(d)))).toBe(true);
    await expectNoAxeViolations(page, 'free times');
    await page.locator('#book-form input[name="slot"]').first().check();
    await page.getByLabel(/Vad vill du kallas/).fill('Stjärna');
    await page.getByRole('button', { name: 'Boka tiden' }).click();
    await page.getByText('Tiden är bokad.').waitFor();
    const code = (await page.locator('#book-result .code').textContent())!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await b.db.selectFrom('bookings').select('id').where('reception_id', '=', reception.id).where('status', '=', 'booked').execute()).toHaveLength(1);

    await page.getByLabel('Bokningskod').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Visa bokningen' }).click();
    await page.getByText('Din bokning', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Avboka' }).click();
    await page.getByText('Bokningen är avbokad. Koden gäller inte längre.').waitFor();
    expect(await b.db.selectFrom('bookings').select('id').where('reception_id', '=', reception.id).where('status', '=', 'booked').execute()).toHaveLength(0);
    // The cancelled code opens nothing.
    await page.getByRole('button', { name: 'Visa bokningen' }).click();
    await page.getByText(/Koden hittades inte/).waitFor();
  });

  test('a buyer sees buyer days only (in English too)', async () => {
    const { page } = await b.page();
    await page.goto(`${b.baseUrl}/boka?lang=en&reception=${reception.id}&group=buyers`);
    const days = await page.locator('.slot-day').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.date!));
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((d) => BUYER_DAYS.includes(weekdayOf(d)))).toBe(true);
    await expect(page.getByText('never seen here on the same day').first().isVisible()).resolves.toBe(true);
  });

  test('staff: an override to put a buyer on a victims’ day is refused with the reason shown', async () => {
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'caseworker', unit: 'Specialmottagningen (test)' }]));
    await page.getByRole('link', { name: 'Mottagningens bokningar' }).click();
    await page.getByRole('heading', { name: 'Veckan' }).waitFor();
    let victimsDay = addDays(swedishDate(new Date()), 1);
    while (!VICTIM_DAYS.includes(weekdayOf(victimsDay))) victimsDay = addDays(victimsDay, 1);
    await page.getByLabel('Målgrupp').selectOption('buyers');
    await page.getByLabel('Datum').fill(victimsDay);
    await page.getByLabel('Klockslag').fill('10:30');
    await page.getByLabel('Pseudonym').fill('Köpare K');
    await page.getByLabel(/Annan tid än de publicerade/).check();
    await page.getByRole('button', { name: 'Boka en tid' }).click();
    await page.getByText(/Den dagen är mottagningen till för den andra målgruppen/).waitFor();
    expect(await b.db.selectFrom('bookings').select('id').where('pseudonym', '=', 'Köpare K').execute()).toHaveLength(0);
    await expectNoAxeViolations(page, 'reception bookings');
  });
});
