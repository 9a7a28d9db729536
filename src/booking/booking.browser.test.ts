import { beforeAll, describe, expect, test } from 'vitest';
import { addDays, stockholmInstant, swedishDate, weekdayOf } from '../core/time/stockholm.ts';
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

  /** A reception open Monday mornings for victims, its unit manager signed in on the week editor. */
  async function openWeekEditor(unit: string) {
    const r = await makeReception(b.db, { unit, name: unit, week: [{ weekdays: [1], group: 'victims', opens: '09:00', closes: '12:00' }] });
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'unit_manager', unit }]));
    await page.getByRole('link', { name: 'Mottagningens vecka' }).click();
    const form = page.getByRole('form', { name: 'Mottagningens vecka' });
    await form.getByRole('group', { name: 'Måndag', exact: true }).getByText('Måndag').first().waitFor();
    return { r, page, form };
  }

  test('a unit manager edits the reception’s week: a day for buyers with its slot length; a day with bookings cannot change group', async () => {
    const { r, page, form } = await openWeekEditor('Veckomottagningen (test)');
    await form.getByRole('button', { name: 'Lägg till en öppettid på Tisdag' }).click();
    await form.getByLabel('Målgrupp på Tisdag').selectOption('buyers');
    await form.getByLabel('Tidslängd (minuter) Tisdag 1').fill('45');
    await expectNoAxeViolations(page, 'reception week editor');
    await form.getByRole('button', { name: 'Spara veckan' }).click();
    await page.getByText('Veckan är sparad och publicerad.').waitFor();
    const week = await b.db.selectFrom('reception_week').select(['weekday', 'target_group', 'slot_minutes']).where('reception_id', '=', r.id).orderBy('weekday').execute();
    expect(week).toEqual([{ weekday: 1, target_group: 'victims', slot_minutes: 60 }, { weekday: 2, target_group: 'buyers', slot_minutes: 45 }]);
    // A victim booked next Monday: Monday cannot become the buyers' day.
    let monday = addDays(swedishDate(new Date()), 1);
    while (weekdayOf(monday) !== 1) monday = addDays(monday, 1);
    const startsAt = stockholmInstant(monday, 9 * 60)!;
    await b.db.insertInto('bookings').values({ reception_id: r.id, room_id: r.rooms[0]!, target_group: 'victims', starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 3_600_000), local_date: monday, pseudonym: 'Fiktiv', source: 'staff' }).execute();
    await form.getByLabel('Målgrupp på Måndag').selectOption('buyers');
    await form.getByRole('button', { name: 'Spara veckan' }).click();
    await form.getByText('Veckan går inte att spara', { exact: false }).waitFor();
    expect((await b.db.selectFrom('reception_week').select('target_group').where('reception_id', '=', r.id).where('weekday', '=', 1).executeTakeFirstOrThrow()).target_group).toBe('victims');
  });

  test('adding a room keeps the week’s unsaved changes: the new room can be chosen in them, and the week is saved once the receptionist says so', async () => {
    const { r, page, form } = await openWeekEditor('Rumsmottagningen (test)');
    // Half-way through the week: Tuesday added for buyers, Monday's slots shortened, nothing saved yet.
    await form.getByRole('button', { name: 'Lägg till en öppettid på Tisdag' }).click();
    await form.getByLabel('Målgrupp på Tisdag').selectOption('buyers');
    await form.getByLabel('Tidslängd (minuter) Tisdag 1').fill('45');
    await form.getByLabel('Tidslängd (minuter) Måndag 1').fill('30');

    const roomForm = page.getByRole('form', { name: 'Lägg till rum' });
    await roomForm.getByLabel('Rummets namn').fill('Samtalsrum B (test)');
    await roomForm.getByRole('button', { name: 'Lägg till rum' }).click();
    await roomForm.getByText('Rummet Samtalsrum B (test) är tillagt och kan väljas i veckan. Dina ändringar i veckan är kvar men inte sparade', { exact: false }).waitFor();

    // The edits are still on screen, and the new room is one of the choices.
    await expect(form.getByLabel('Tidslängd (minuter) Tisdag 1').inputValue()).resolves.toBe('45');
    await expect(form.getByLabel('Tidslängd (minuter) Måndag 1').inputValue()).resolves.toBe('30');
    await expect(form.getByLabel('Målgrupp på Tisdag').inputValue()).resolves.toBe('buyers');
    // Adding the room saved nothing of the week.
    expect(await b.db.selectFrom('reception_week').select('weekday').where('reception_id', '=', r.id).execute()).toEqual([{ weekday: 1 }]);
    await form.getByLabel('Rum Tisdag 1').selectOption({ label: 'Samtalsrum B (test)' });
    await expectNoAxeViolations(page, 'reception week editor after adding a room');
    await form.getByRole('button', { name: 'Spara veckan' }).click();
    await page.getByText('Veckan är sparad och publicerad.').waitFor();

    const roomB = await b.db.selectFrom('reception_rooms').select('id').where('reception_id', '=', r.id).where('name', '=', 'Samtalsrum B (test)').executeTakeFirstOrThrow();
    const week = await b.db.selectFrom('reception_week').select(['weekday', 'target_group', 'slot_minutes', 'room_id']).where('reception_id', '=', r.id).orderBy('weekday').execute();
    expect(week).toEqual([
      { weekday: 1, target_group: 'victims', slot_minutes: 30, room_id: r.rooms[0] },
      { weekday: 2, target_group: 'buyers', slot_minutes: 45, room_id: roomB.id },
    ]);
  });
});
