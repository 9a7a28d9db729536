import { beforeAll, describe, expect, test } from 'vitest';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { PUBLIC_LANGUAGES } from '../chat/visitor/languages.ts';
import { emptyTexts, keyPaths, placeholders } from '../core/i18n/texts.ts';
import { makeReception, type ReceptionFixture } from './testing.ts';
import { BOOKING_PAGE_TEXTS, SEPARATION_TEXTS } from './visitor/texts.ts';

describe('the public booking page’s texts', () => {
  test('every public language has every key of the Swedish texts, none empty, the same placeholders, seven days', () => {
    for (const lang of PUBLIC_LANGUAGES) {
      expect(keyPaths(BOOKING_PAGE_TEXTS[lang]), lang).toEqual(keyPaths(BOOKING_PAGE_TEXTS.sv));
      expect(emptyTexts(BOOKING_PAGE_TEXTS[lang]), lang).toEqual([]);
      expect(placeholders(BOOKING_PAGE_TEXTS[lang]), lang).toEqual(placeholders(BOOKING_PAGE_TEXTS.sv));
      expect(BOOKING_PAGE_TEXTS[lang].days, lang).toHaveLength(7);
      expect(SEPARATION_TEXTS[lang].trim(), lang).not.toBe('');
    }
    for (const lang of PUBLIC_LANGUAGES.filter((l) => l !== 'en')) expect(BOOKING_PAGE_TEXTS[lang].title, lang).not.toBe(BOOKING_PAGE_TEXTS.en.title);
  });
});

/**
 * Reception booking through the API at fixed instants. "Now" is Monday 23 March 2026, 07:00 in
 * Stockholm, the week before summer time starts (Sunday 29 March).
 * The week: victims Monday, Wednesday, Friday 09–12; buyers Tuesday, Thursday 09–12; hour slots.
 */
describe.each(databaseTargets())('reception booking on $name', (target) => {
  let now = new Date('2026-03-23T06:00:00Z');
  const t = useTestApp(target, { clock: () => now });
  let reception: ReceptionFixture;
  let staffId: string;

  beforeAll(async () => {
    const staff = await t.user([{ role: 'caseworker', unit: 'Mottagningen (test)' }]);
    staffId = staff.id;
    reception = await makeReception(t.db, {
      unit: 'Mottagningen (test)',
      week: [
        { weekdays: [1, 3, 5], group: 'victims', staffUserId: staffId },
        { weekdays: [2, 4], group: 'buyers' },
      ],
    });
  });

  const slots = async (group: string, id = reception.id) => (await t.client().get(`/api/booking/public/slots?receptionId=${id}&group=${group}&weeks=2`)).body as Array<{ localDate: string; startsAt: string }>;
  const book = (startsAt: string, group = 'victims', id = reception.id) => t.client().post('/api/booking/public/bookings', { receptionId: id, group, startsAt, pseudonym: 'Stjärna' });

  test('a buyer is offered buyer days only, a victim victims’ days only', async () => {
    const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
    const buyers = await slots('buyers');
    expect(buyers.length).toBeGreaterThan(0);
    expect(new Set(buyers.map((s) => weekday(s.localDate)))).toEqual(new Set([2, 4]));
    const victims = await slots('victims');
    expect(new Set(victims.map((s) => weekday(s.localDate)))).toEqual(new Set([1, 3, 5]));
  });

  test('the published schedule says in plain words that the groups never meet', async () => {
    const list = (await t.client().get('/api/booking/public/receptions?lang=en')).body as Array<{ id: string; separation: string }>;
    expect(list.find((r) => r.id === reception.id)!.separation).toMatch(/never seen here on the same day/);
    const page = await t.app.app.inject({ method: 'GET', url: `/boka?reception=${reception.id}&group=buyers` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).toContain('Samma dag tas aldrig båda grupperna emot');
    expect(page.body).toContain('data-date="2026-03-24"');
    expect(page.body).not.toContain('data-date="2026-03-25"');
  });

  test('an anonymous booking gets a code that shows and cancels it; a cancelled code opens nothing', async () => {
    const r = await book('2026-03-25T08:00:00Z'); // Wednesday 09:00 in Stockholm
    expect(r.status).toBe(201);
    const code = r.body.code as string;
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){2}$/);
    const stored = await t.db.selectFrom('bookings').select(['code_hash', 'pseudonym', 'staff_user_id']).where('starts_at', '=', new Date('2026-03-25T08:00:00Z')).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code.replace(/-/g, ''));
    expect(stored.staff_user_id).toBe(staffId);
    // Typed as a person types it: lower case, no dashes.
    expect((await t.client().post('/api/booking/public/lookup', { code: code.toLowerCase().replace(/-/g, ' ') })).status).toBe(200);
    expect((await t.client().post('/api/booking/public/cancel', { code })).status).toBe(204);
    expect((await t.client().post('/api/booking/public/lookup', { code })).status).toBe(404);
    expect((await t.client().post('/api/booking/public/cancel', { code })).status).toBe(404);
    expect((await t.client().post('/api/booking/public/change', { code, startsAt: '2026-03-25T09:00:00Z' })).status).toBe(404);
    // The time is free again.
    expect((await slots('victims')).map((s) => s.startsAt)).toContain('2026-03-25T08:00:00.000Z');
  });

  test('a booking is moved with its code to another free time', async () => {
    const r = await book('2026-03-27T08:00:00Z');
    const moved = await t.client().post('/api/booking/public/change', { code: r.body.code, startsAt: '2026-03-27T10:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.startsAt).toBe('2026-03-27T10:00:00.000Z');
    expect((await slots('victims')).map((s) => s.startsAt)).toContain('2026-03-27T08:00:00.000Z');
  });

  test('a buyer asking for a victims’ day slot is refused; so is a time outside the opening hours', async () => {
    const wrong = await book('2026-03-25T09:00:00Z', 'buyers');
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toBe('wrongGroupDay');
    for (const startsAt of ['2026-03-25T07:00:00Z', '2026-03-25T11:00:00Z', '2026-03-25T08:30:00Z', '2026-03-28T09:00:00Z']) {
      const r = await book(startsAt);
      expect(r.status, startsAt).toBe(400);
      expect(r.body.error).toBe('outsideOpeningHours');
    }
    expect((await book('2026-03-23T05:00:00Z')).body.error).toBe('slotInThePast');
  });

  test('parallel requests for the last free slot: exactly one wins', async () => {
    const one = await makeReception(t.db, { unit: 'Mottagningen (test)', week: [{ weekdays: [4], group: 'buyers', opens: '09:00', closes: '10:00' }] });
    expect((await slots('buyers', one.id)).filter((s) => s.localDate === '2026-03-26')).toHaveLength(1);
    const results = await Promise.all(Array.from({ length: 8 }, () => book('2026-03-26T08:00:00Z', 'buyers', one.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error)).toEqual(Array(7).fill('slotTaken'));
    expect((await slots('buyers', one.id)).filter((s) => s.localDate === '2026-03-26')).toHaveLength(0);
  });

  test('the database itself refuses a room twice at once and the two groups on one day', async () => {
    const base = { reception_id: reception.id, room_id: reception.rooms[0]!, pseudonym: 'X', source: 'staff' as const, local_date: '2026-04-01' };
    await t.db.insertInto('bookings').values({ ...base, target_group: 'victims', starts_at: new Date('2026-04-01T07:00:00Z'), ends_at: new Date('2026-04-01T08:00:00Z') }).execute();
    const overlap = t.db.insertInto('bookings').values({ ...base, target_group: 'victims', starts_at: new Date('2026-04-01T07:30:00Z'), ends_at: new Date('2026-04-01T08:30:00Z') }).execute();
    await expect(overlap).rejects.toMatchObject({ code: '23P01', constraint: 'bookings_room_free' });
    const buyer = t.db.insertInto('bookings').values({ ...base, target_group: 'buyers', starts_at: new Date('2026-04-01T10:00:00Z'), ends_at: new Date('2026-04-01T11:00:00Z') }).execute();
    await expect(buyer).rejects.toMatchObject({ code: '23P01', constraint: 'bookings_groups_apart' });
    const mixedWeek = t.db.insertInto('reception_week').values({ reception_id: reception.id, weekday: 1, target_group: 'buyers', opens: '13:00', closes: '14:00', slot_minutes: 60, room_id: reception.rooms[0]! }).execute();
    await expect(mixedWeek).rejects.toMatchObject({ code: '23P01' });
  });

  test('staff: an override may leave the slot grid but never puts a buyer on a victims’ day', async () => {
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Mottagningen (test)' }]);
    const url = `/api/booking/receptions/${reception.id}/bookings`;
    const refused = await worker.post(url, { group: 'buyers', startsAt: '2026-03-30T08:00:00Z', pseudonym: 'K', override: true });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'wrongGroupDay', message: expect.stringContaining('aldrig samma dag') });
    const between = await worker.post(url, { group: 'victims', startsAt: '2026-03-30T07:30:00Z', endsAt: '2026-03-30T08:15:00Z', pseudonym: 'L', override: true, staffUserId: null });
    expect(between.status).toBe(201);
    const outside = await worker.post(url, { group: 'victims', startsAt: '2026-03-30T10:30:00Z', endsAt: '2026-03-30T11:30:00Z', pseudonym: 'M', override: true });
    expect(outside.body.error).toBe('outsideOpeningHours');
    // A staff member is never booked twice at once, at any reception.
    const other = await makeReception(t.db, { unit: 'Mottagningen (test)', week: [{ weekdays: [1], group: 'victims', staffUserId: staffId }] });
    expect((await worker.post(url, { group: 'victims', startsAt: '2026-04-06T07:00:00Z', pseudonym: 'N' })).status).toBe(201);
    const twice = await worker.post(`/api/booking/receptions/${other.id}/bookings`, { group: 'victims', startsAt: '2026-04-06T07:00:00Z', pseudonym: 'O' });
    expect(twice.body.error).toBe('slotTaken');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type']).where('record_type', '=', 'booking').execute();
    expect(audit.filter((a) => a.action === 'create').length).toBeGreaterThanOrEqual(2);
    // The calendars: the reception's and the staff member's own; another unit sees nothing.
    const cal = await worker.get(`/api/booking/receptions/${reception.id}/calendar?from=2026-03-30&to=2026-04-06`);
    expect(cal.status).toBe(200);
    expect(cal.body.map((b: { pseudonym: string }) => b.pseudonym)).toEqual(expect.arrayContaining(['L', 'N']));
    const outsider = await t.signedIn([{ role: 'caseworker', unit: 'En annan enhet (test)' }]);
    expect((await outsider.get(`/api/booking/receptions/${reception.id}/calendar?from=2026-03-30&to=2026-04-06`)).status).toBe(404);
    expect((await outsider.post(url, { group: 'victims', startsAt: '2026-04-08T07:00:00Z', pseudonym: 'P' })).status).toBe(404);
  });

  test('summer time: Friday 09:00 before the change is 08:00 UTC, Friday 09:00 after it 07:00 UTC', async () => {
    const victims = await slots('victims');
    expect(victims.find((s) => s.localDate === '2026-03-27')!.startsAt).toBe('2026-03-27T08:00:00.000Z');
    expect(victims.find((s) => s.localDate === '2026-04-03')!.startsAt).toBe('2026-04-03T07:00:00.000Z');
    expect((await book('2026-04-03T07:00:00Z')).status).toBe(201);
    // 09:00 winter time on that Friday would be 08:00 UTC, which is 10:00 there: a slot, not 09:00.
    const row = await t.db.selectFrom('bookings').select('local_date').where('starts_at', '=', new Date('2026-04-03T07:00:00Z')).executeTakeFirstOrThrow();
    expect(row.local_date).toBe('2026-04-03');
  });

  test('a mini-KAST period offers buyer times within its dates only', async () => {
    const mini = await makeReception(t.db, { unit: 'Uppsökande (test)', kind: 'mini_kast', public: false, validFrom: '2026-03-24', validTo: '2026-03-26', week: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], group: 'buyers', opens: '18:00', closes: '20:00' }] });
    const outreach = await t.signedIn([{ role: 'outreach_worker', unit: 'Uppsökande (test)' }]);
    const list = (await outreach.get('/api/booking/receptions')).body as Array<{ id: string; kind: string }>;
    expect(list.map((r) => r.id)).toEqual([mini.id]);
    expect((await t.client().get(`/api/booking/public/slots?receptionId=${mini.id}&group=buyers`)).status).toBe(404);
    const ok = await outreach.post(`/api/booking/receptions/${mini.id}/bookings`, { group: 'buyers', startsAt: '2026-03-24T17:00:00Z', pseudonym: 'Q', source: 'outreach' });
    expect(ok.status).toBe(201);
    const after = await outreach.post(`/api/booking/receptions/${mini.id}/bookings`, { group: 'buyers', startsAt: '2026-03-27T17:00:00Z', pseudonym: 'R', source: 'outreach' });
    expect(after.body.error).toBe('outsideOpeningHours');
  });

  test('the week editor: a manager publishes days, rooms, staff and slot lengths; one group a day; refused while bookings stand on a day it would change', async () => {
    const manager = await t.signedIn([{ role: 'unit_manager', unit: 'Mottagningen (test)' }]);
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Mottagningen (test)' }]);
    const r = await makeReception(t.db, { unit: 'Mottagningen (test)', rooms: 1, week: [{ weekdays: [1], group: 'victims' }] });
    const room = await manager.post(`/api/booking/receptions/${r.id}/rooms`, { name: 'Samtalsrum 2' });
    expect(room.status).toBe(201);
    const staff = (await worker.get(`/api/booking/receptions/${r.id}/staff`)).body as Array<{ id: string }>;
    expect(staff.map((s) => s.id)).toContain(staffId);
    const row = { weekday: 2, targetGroup: 'buyers', opens: '13:00', closes: '16:00', slotMinutes: 45, roomId: room.body.id, staffUserId: staffId };
    const week = [{ ...row, weekday: 1, targetGroup: 'victims', roomId: r.rooms[0] }, row];
    // Only a manager; a caseworker books but does not publish the week.
    expect((await worker.request('PUT', `/api/booking/receptions/${r.id}/week`, { week })).status).toBe(403);
    expect((await manager.request('PUT', `/api/booking/receptions/${r.id}/week`, { week })).status).toBe(204);
    const published = ((await worker.get('/api/booking/receptions')).body as Array<{ id: string; week: unknown[] }>).find((x) => x.id === r.id)!;
    expect(published.week).toEqual(expect.arrayContaining([expect.objectContaining({ weekday: 2, targetGroup: 'buyers', slotMinutes: 45, staffUserId: staffId })]));
    // Tuesday 24 March: 13:00, 13:45, 14:30, 15:15.
    expect((await slots('buyers', r.id)).filter((s) => s.localDate === '2026-03-24')).toHaveLength(4);
    // Two groups on one day: refused, whatever the rooms.
    const mixed = await manager.request('PUT', `/api/booking/receptions/${r.id}/week`, { week: [...week, { ...row, targetGroup: 'victims', roomId: r.rooms[0], staffUserId: null }] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toBe('mixedGroupsOnADay');
    // A room of another reception, a person of another unit: refused.
    const other = await makeReception(t.db, { unit: 'Mottagningen (test)', week: [] });
    expect((await manager.request('PUT', `/api/booking/receptions/${r.id}/week`, { week: [{ ...row, roomId: other.rooms[0] }] })).body.error).toBe('unknownRoom');
    const stranger = await t.user([{ role: 'caseworker', unit: 'Annan enhet (test)' }]);
    expect((await manager.request('PUT', `/api/booking/receptions/${r.id}/week`, { week: [{ ...row, staffUserId: stranger.id }] })).body.error).toBe('unknownStaff');
    // A victim booked on Monday 30 March: Monday cannot become the buyers' day, nor close.
    const monday = (await slots('victims', r.id)).find((s) => s.localDate === '2026-03-30')!;
    expect((await book(monday.startsAt, 'victims', r.id)).status).toBe(201);
    const flipped = await manager.request('PUT', `/api/booking/receptions/${r.id}/week`, { week: [{ ...week[0]!, targetGroup: 'buyers' }, row] });
    expect(flipped.status).toBe(409);
    expect(flipped.body.error).toBe('weekContradictsBookings');
    expect(flipped.body.message).toContain('2026-03-30');
    expect((await manager.request('PUT', `/api/booking/receptions/${r.id}/week`, { week: [row] })).status).toBe(409);
    // Another reception's manager does not reach it.
    const elsewhere = await t.signedIn([{ role: 'unit_manager', unit: 'Annan enhet (test)' }]);
    expect((await elsewhere.request('PUT', `/api/booking/receptions/${r.id}/week`, { week })).status).toBe(404);
  });
});
