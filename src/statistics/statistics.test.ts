import { beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { retentionRules } from '../capabilities.ts';
import { runRetention } from '../core/retention-framework/framework.ts';
import { foldChatDays, chatDailyFigures } from '../chat/store.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';
import { unitId } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import type { StatisticsOut, StatisticsTable } from './schema.ts';
import { freezeEndedYears } from './store.ts';
import { syncBundledSets } from '../questions/store.ts';
import { insertCaseGroup, pdfText } from './testing.ts';
import { makeTraining } from '../competence/testing.ts';

const YEAR = new Date().getUTCFullYear() - 1;
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;

const table = (r: StatisticsOut, indicator: string): StatisticsTable => r.tables.find((t) => t.indicator === indicator)!;

describe('statistics', () => {
  const t = useTestApp(databaseTargets()[0]!, { env: { STATISTICS_KEY_SECRET: 'statistics-test-secret-statistics-test-secret' } });
  let manager: TestClient;
  let analyst: TestClient;
  let caseworker: TestClient;
  let unitA: string;
  let unitB: string;
  let unitHidden: string;
  let openerId: string;

  beforeAll(async () => {
    unitA = await unitId(t.db, 'Statistik A (test)', 'adult');
    unitB = await unitId(t.db, 'Statistik B (test)', 'adult');
    unitHidden = await unitId(t.db, 'Statistik dold (test)', 'adult');
    const opener = await t.user([{ role: 'caseworker', unit: 'Statistik A (test)' }]);
    openerId = opener.id;
    manager = await t.signedIn([{ role: 'unit_manager', unit: 'Statistik A (test)' }, { role: 'unit_manager', unit: 'Statistik B (test)' }]);
    analyst = await t.signedIn([{ role: 'analyst', unit: null }]);
    caseworker = await t.client().signIn(opener);
    // Unit A: 3 children aged 0–14 (a small count), 20 aged 18–21, 12 aged 26+. Unit B: 9 aged 0–14, 25 aged 18–21, 7 aged 26+.
    const base = { openedBy: opener.id, from: FROM, days: 300 };
    await insertCaseGroup(t.db, { ...base, unitId: unitA, n: 3, ageBands: ['0_14'], barnahusReferred: true });
    await insertCaseGroup(t.db, { ...base, unitId: unitA, n: 20, ageBands: ['18_21'], genders: ['woman', 'man'], traffickingIndicators: [['debt_to_exploiter'], []], regionalReferred: true });
    await insertCaseGroup(t.db, { ...base, unitId: unitA, n: 12, ageBands: ['26_plus'], roles: ['buys'] });
    await insertCaseGroup(t.db, { ...base, unitId: unitB, n: 9, ageBands: ['0_14'] });
    await insertCaseGroup(t.db, { ...base, unitId: unitB, n: 25, ageBands: ['18_21'] });
    await insertCaseGroup(t.db, { ...base, unitId: unitB, n: 7, ageBands: ['26_plus'] });
    await insertCaseGroup(t.db, { ...base, unitId: unitHidden, n: 40, ageBands: ['22_25'] });
  });

  test('the unit manager sees their units’ indicators; a small count and its complement are suppressed', async () => {
    const r = await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`);
    expect(r.status).toBe(200);
    const body = r.body as StatisticsOut;
    expect(body.units.map((u) => u.name)).toEqual(['Statistik A (test)', 'Statistik B (test)']);
    const ages = table(body, 'age_band');
    const row = (band: string) => ages.cells[ages.rows.indexOf(band)]!;
    expect(row('0_14')).toEqual(['small', 'hidden']);
    // The row total 12 of 0–14 is shown, so the 9 had to go too; unit A's column loses another cell.
    expect(ages.rowTotals[ages.rows.indexOf('0_14')]).toBe(12);
    expect(row('18_21')[0]).toBe(20);
    expect(ages.columnTotals).toEqual([35, 41]);
    expect(ages.rows).not.toContain('22_25');
    // Every column and row that hides a cell hides at least two.
    for (const line of [...ages.cells, ...ages.columns.map((_, c) => ages.cells.map((r) => r[c]!))]) {
      expect(line.filter((c) => typeof c !== 'number').length).not.toBe(1);
    }
    expect(table(body, 'referrals').cells[table(body, 'referrals').rows.indexOf('barnahus')]).toEqual(['small', 0]);
    expect(table(body, 'role').rows).toEqual(['buys', 'exposed']);
    expect(body).not.toHaveProperty('gaps');
  });

  test('equal treatment: the same indicators per district, the units of a district added up before suppression', async () => {
    const district = await t.db.insertInto('districts').values({ name: 'Statistikdistriktet (test)' }).returning('id').executeTakeFirstOrThrow();
    // scope: test set-up, the two units of this file put in one district
    await t.db.updateTable('units').set({ district_id: district.id }).where('id', 'in', [unitA, unitB]).execute();
    const body = (await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&by=district`)).body as StatisticsOut;
    expect(body.by).toBe('district');
    expect(body.units).toEqual([{ id: district.id, name: 'Statistikdistriktet (test)' }]);
    const ages = table(body, 'age_band');
    // 3 + 9 children aged 0–14: shown as 12 once the units are added up (each unit alone hides them).
    expect(ages.cells[ages.rows.indexOf('0_14')]).toEqual([12]);
    expect(ages.cells[ages.rows.indexOf('18_21')]).toEqual([45]);
    expect(ages.columnTotals).toEqual([76]);
    const bad = await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&by=person`);
    expect(bad.status).toBe(400);
    // scope: test set-up, undone
    await t.db.updateTable('units').set({ district_id: null }).where('id', 'in', [unitA, unitB]).execute();
  });

  test('questioning: the coverage (asked) and the cases answering yes to the counted question', async () => {
    await syncBundledSets(t.db);
    const some = await t.db.selectFrom('cases').select('id').where('unit_id', '=', unitA).where('opening_age_band', '=', '18_21').limit(8).execute();
    await t.db
      .insertInto('question_answers')
      .values(some.map((c, i) => ({ case_id: c.id, set_key: 'utvag-standard', set_version: 2, answers: JSON.stringify({ sex_for_compensation: i < 6 ? 'yes' : 'no', drugs: 'yes' }), asked_by: openerId, counts_as_asked: true, follow_ups: '[]' })))
      .execute();
    const body = (await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`)).body as StatisticsOut;
    const q = table(body, 'questioning');
    const row = (name: string) => q.cells[q.rows.indexOf(name)]!;
    expect(row('new_cases')).toEqual([35, 41]);
    expect(row('asked')).toEqual([8, 0]);
    // A yes to another question (drugs) does not count; only the question the coverage counts.
    expect(row('answered_yes')).toEqual([6, 0]);
  });

  test('exit plans: started, active at the end, and ended by how they ended (a reason is required when closing)', async () => {
    const thisYear = new Date().getUTCFullYear();
    // scope: test set-up, unit A's cases
    const some = await t.db.selectFrom('cases').select('id').where('unit_id', '=', unitA).orderBy('id').limit(8).execute();
    const plans: Array<{ id: string }> = [];
    for (const c of some) {
      const r = await caseworker.post('/api/plans', { caseId: c.id });
      expect(r.status).toBe(201);
      plans.push(r.body as { id: string });
    }
    // scope: test, the plans just made
    const versionOf = async (id: string) => (await t.db.selectFrom('exit_plans').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const close = async (id: string, body: Record<string, unknown>) => caseworker.patch(`/api/plans/${id}`, { version: await versionOf(id), status: 'closed', ...body });
    const noReason = await close(plans[0]!.id, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('endReasonRequired');
    for (const p of plans.slice(0, 6)) expect((await close(p.id, { endReason: 'goals_reached' })).status).toBe(200);
    expect((await close(plans[6]!.id, { endReason: 'moved' })).status).toBe(200);
    // The plan itself says how it ended.
    expect((await caseworker.get(`/api/plans/${plans[6]!.id}`)).body).toMatchObject({ status: 'closed', endReason: 'moved' });
    // Opening a plan again clears how it ended.
    expect((await caseworker.patch(`/api/plans/${plans[5]!.id}`, { version: await versionOf(plans[5]!.id), status: 'active' })).status).toBe(200);
    // scope: test, the plan just changed
    expect(await t.db.selectFrom('exit_plans').select(['end_reason', 'ended_at']).where('id', '=', plans[5]!.id).executeTakeFirstOrThrow()).toEqual({ end_reason: null, ended_at: null });
    const body = (await manager.get(`/api/statistics/dashboard?from=${thisYear}-01-01&to=${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date())}`)).body as StatisticsOut;
    const started = table(body, 'exit_plans');
    // (8 started; complementary suppression may hide it beside the small count of active plans.)
    expect([8, 'hidden']).toContain(started.cells[started.rows.indexOf('started')]![0]);
    // Two still active: the one never closed and the one opened again.
    expect(started.cells[started.rows.indexOf('active')]).toEqual(['small', 0]);
    const endings = table(body, 'exit_plan_endings');
    expect(endings.rows).toEqual(['goals_reached', 'moved']);
    expect(endings.cells[endings.rows.indexOf('moved')]).toEqual(['small', 0]);
    // The column total (plans ended, 6) would give away the one that moved: the 5 goes too.
    expect(endings.cells[endings.rows.indexOf('goals_reached')]![0]).toBe('hidden');
    expect(endings.columnTotals![0]).toBe(6);
  });

  test('training coverage per unit beside the questioning: staff required to have it and those trained on the period’s last day, small counts suppressed', async () => {
    const training = await makeTraining(t.db, { requiredForRoles: ['caseworker'], renewalMonths: 36 });
    const staffB = [];
    for (let i = 0; i < 6; i++) staffB.push(await t.user([{ role: 'caseworker', unit: 'Statistik B (test)' }]));
    // Staff since before the period's end; a user created after the day counted would not count.
    await t.db.updateTable('users').set({ created_at: new Date(`${YEAR}-01-01T12:00:00Z`) }).where('id', 'in', [openerId, ...staffB.map((u) => u.id)]).execute();
    // Their grants in the units began then too (competence's grant periods, 0701).
    await t.db.updateTable('competence_role_periods').set({ valid_from: new Date(`${YEAR}-01-01T12:00:00Z`) }).where('user_id', 'in', [openerId, ...staffB.map((u) => u.id)]).execute();
    const completion = (userId: string, completedOn: string) => ({ user_id: userId, training_id: training.id, completed_on: completedOn, source: 'manager' as const });
    await t.db
      .insertInto('training_completions')
      .values([
        completion(openerId, `${YEAR}-03-01`),
        ...staffB.slice(0, 5).map((u) => completion(u.id, `${YEAR}-06-01`)),
        // Taken too long ago: due for renewal on the period's last day, so not trained.
        completion(staffB[5]!.id, `${YEAR - 4}-01-01`),
      ])
      .execute();
    const staffRow = `${training.title}::staff`;
    const trainedRow = `${training.title}::trained`;
    const all = table((await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`)).body as StatisticsOut, 'training');
    // Unit A has one caseworker (trained): a small count, and unit B's figure goes with it (the row total is shown).
    expect(all.cells[all.rows.indexOf(staffRow)]).toEqual(['small', 'hidden']);
    expect(all.cells[all.rows.indexOf(trainedRow)]).toEqual(['small', 'hidden']);
    expect(all.rowTotals[all.rows.indexOf(staffRow)]).toBe(7);
    const b = table((await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&unitId=${unitB}`)).body as StatisticsOut, 'training');
    expect(b.cells[b.rows.indexOf(staffRow)]).toEqual([6]);
    expect(b.cells[b.rows.indexOf(trainedRow)]).toEqual([5]);
    // Beside the questioning in the dashboard's order.
    const order = ((await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`)).body as StatisticsOut).tables.map((x) => x.indicator);
    expect(order.indexOf('training')).toBe(order.indexOf('questioning') + 1);
    const csv = String((await manager.get(`/api/statistics/report?year=${YEAR}&format=csv`)).body);
    expect(csv).toContain(`training,${trainedRow},Statistik A (test),<5`);
    expect(csv).toContain(`training,${trainedRow},Statistik B (test),x`);
    expect(csv).not.toContain(`training,${trainedRow},Statistik B (test),5`);
    const html = String((await manager.get(`/api/statistics/report?year=${YEAR}&format=html&unitId=${unitB}`)).body);
    expect(html).toContain('Utbildningstäckning');
    expect(html).toContain(`${training.title}: utbildade</th><td>5</td>`);
  });

  test('outreach per unit: shifts in the period, their contacts, offers made and accepted, small counts suppressed', async () => {
    const planner = openerId;
    const shift = async (unit: string, startsAt: string) =>
      (
        await t.db
          .insertInto('outreach_shifts')
          .values({ unit_id: unit, kind: 'street', area: 'Centrum (fiktivt)', starts_at: new Date(startsAt), ends_at: new Date(new Date(startsAt).getTime() + 4 * 3600_000), planned_by: planner })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const contacts = async (shiftId: string, n: number, offered: Array<'support_talk' | 'medical'>, accepted: (i: number) => Array<'support_talk' | 'medical'>) =>
      t.db
        .insertInto('outreach_contacts')
        .values(Array.from({ length: n }, (_, i) => ({ shift_id: shiftId, logged_by: planner, age_band: '18_21' as const, gender: 'woman', person_role: 'exposed', place_type: 'street' as const, offered, accepted: accepted(i) })))
        .execute();
    const a1 = await shift(unitA, `${YEAR}-05-10T20:00:00+02:00`);
    await shift(unitA, `${YEAR}-09-10T20:00:00+02:00`);
    await contacts(a1, 3, ['support_talk', 'medical'], () => ['support_talk']);
    const b1 = await shift(unitB, `${YEAR}-06-12T20:00:00+02:00`);
    await contacts(b1, 6, ['support_talk'], (i) => (i < 5 ? ['support_talk'] : []));
    // Four more shifts in unit B without contacts: five shifts, shown.
    for (const day of ['07', '08', '09', '10']) await shift(unitB, `${YEAR}-06-${day}T20:00:00+02:00`);
    // A shift of the year before (Swedish time: 31 December 23:30) is outside the period, with its contacts.
    const before = await shift(unitB, `${YEAR - 1}-12-31T23:30:00+01:00`);
    await contacts(before, 4, ['support_talk'], () => ['support_talk']);

    const b = table((await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&unitId=${unitB}`)).body as StatisticsOut, 'outreach');
    const rowB = (name: string) => b.cells[b.rows.indexOf(name)];
    expect(rowB('shifts')).toEqual([5]);
    expect(rowB('contacts')).toEqual([6]);
    expect(rowB('contacts_offered')).toEqual([6]);
    expect(rowB('contacts_accepted')).toEqual([5]);
    expect(rowB('offered:support_talk')).toEqual([6]);
    expect(rowB('accepted:support_talk')).toEqual([5]);
    expect(b.rows).not.toContain('offered:medical');

    const all = table((await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`)).body as StatisticsOut, 'outreach');
    const row = (name: string) => all.cells[all.rows.indexOf(name)];
    // Unit A's 3 contacts are a small count; unit B's 6 is hidden with them so 9 − 6 cannot give it away.
    expect(row('contacts')).toEqual(['small', 'hidden']);
    expect(row('shifts')).toEqual(['small', 'hidden']);
    expect(all.rowTotals[all.rows.indexOf('contacts')]).toBe(9);
    expect(row('offered:medical')).toEqual(['small', 0]);
    expect(all.rows).toEqual(expect.arrayContaining(['shifts', 'accepted:support_talk']));
    // Every row with its total, and every column, that hides a cell hides at least two.
    for (const line of [...all.cells.map((r, i) => [...r, all.rowTotals[i]!]), ...all.columns.map((_, c) => all.cells.map((r) => r[c]!))]) {
      expect(line.filter((c) => typeof c !== 'number').length).not.toBe(1);
    }

    const csv = String((await manager.get(`/api/statistics/report?year=${YEAR}&format=csv&unitId=${unitB}`)).body);
    expect(csv).toContain('outreach,contacts,Statistik B (test),6');
    expect(csv).toContain('outreach,accepted:support_talk,Statistik B (test),5');
    const pdf = await manager.get(`/api/statistics/report?year=${YEAR}&format=pdf&lang=en&unitId=${unitB}`);
    const words = pdfText(pdf.raw);
    expect(words).toContain('Outreach');
    expect(words).toContain('Accepted: support talk');
  });

  test('the analyst sees every unit’s aggregates, and no record', async () => {
    const r = await analyst.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`);
    expect(r.status).toBe(200);
    expect((r.body as StatisticsOut).units.map((u) => u.name)).toEqual(expect.arrayContaining(['Statistik A (test)', 'Statistik B (test)', 'Statistik dold (test)']));
    expect((await analyst.get('/api/cases')).status).toBe(403);
    expect((await analyst.get(`/api/statistics/national/persons?year=${YEAR}`)).status).toBe(403);
    expect((await caseworker.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`)).status).toBe(403);
  });

  test('bad input: reversed or absurd dates, a unit the caller may not see — clear messages, no data', async () => {
    const reversed = await manager.get(`/api/statistics/dashboard?from=${TO}&to=${FROM}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ error: 'dateRangeReversed', message: expect.stringContaining('Startdatumet') });
    expect((await manager.get('/api/statistics/dashboard?from=1850-01-01&to=1851-01-01')).body).toMatchObject({ error: 'dateRangeOutOfBounds' });
    expect((await manager.get('/api/statistics/dashboard?from=2001-01-01&to=2025-06-01')).body).toMatchObject({ error: 'dateRangeTooLong' });
    expect((await manager.get('/api/statistics/dashboard?from=2025-02-30&to=2025-03-01')).status).toBe(400);
    const hidden = await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&unitId=${unitHidden}`);
    expect(hidden.status).toBe(403);
    expect(hidden.body).toMatchObject({ error: 'unitNotVisible' });
    expect(JSON.stringify(hidden.body)).not.toMatch(/dold|40/);
    const unknown = await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&unitId=00000000-0000-4000-8000-000000000000`);
    expect(unknown.body).toMatchObject({ error: 'unitNotVisible' });
    const one = await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}&unitId=${unitB}`);
    expect((one.body as StatisticsOut).units.map((u) => u.name)).toEqual(['Statistik B (test)']);
    expect((await manager.get(`/api/statistics/report?year=3000`)).status).toBe(400);
  });

  test('the annual compilation as HTML, PDF and CSV, with the definitions and small counts suppressed', async () => {
    const csv = await manager.get(`/api/statistics/report?year=${YEAR}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = String(csv.body);
    expect(text).toContain('age_band,0_14,Statistik A (test),<5');
    expect(text).toContain('age_band,0_14,Statistik B (test),x');
    expect(text).not.toContain('age_band,0_14,Statistik A (test),3');
    expect(text).toMatch(/# age_band: Personens ålder/);
    const html = await manager.get(`/api/statistics/report?year=${YEAR}&format=html&report=crime-picture`);
    expect(String(html.body)).toContain('Lägesbild');
    expect(String(html.body)).toContain('&lt;5');
    const pdf = await manager.request('GET', `/api/statistics/report?year=${YEAR}&format=pdf&lang=en`);
    expect(pdf.status).toBe(200);
    const bytes = pdf.raw;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const words = pdfText(bytes);
    expect(words).toContain('Annual compilation');
    expect(words).toContain('<5');
  });

  test('the case keeps its opening snapshot: the age band and risk factors as they were', async () => {
    await routingUnits(t.db);
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const r = await worker.post('/api/intake/contacts', makeContact({ statedAge: 19, channel: 'phone' }, { gender: 'woman', riskFactors: ['homelessness'] }));
    expect(r.status).toBe(201);
    const id = (r.body as { case: { id: string } }).case.id;
    const k = await t.db.selectFrom('cases').select(['opening_age_band', 'opening_risk_factors', 'opening_gender', 'opening_channel', 'person_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(k).toMatchObject({ opening_age_band: '18_21', opening_risk_factors: ['homelessness'], opening_gender: 'woman', opening_channel: 'phone' });
    await t.db.updateTable('persons').set({ risk_factors: ['substance_use'], birth_year: 1970 }).where('id', '=', k.person_id).execute();
    const again = await t.db.selectFrom('cases').select(['opening_age_band', 'opening_risk_factors']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(again).toEqual({ opening_age_band: '18_21', opening_risk_factors: ['homelessness'] });
  });

  test('chat volumes and waiting times are folded per day before the transcripts go', async () => {
    const day = `${YEAR}-03-10`;
    const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+01:00`);
    const ids = [];
    for (const [queued, assigned] of [['10:00', '10:00:30'], ['11:00', '11:03'], ['12:00', null]] as const) {
      const s = await t.db
        .insertInto('chat_sessions')
        .values({ kind: 'live', token_hash: `stat-${queued}-${Math.random()}`, target_group: 'selling', queue: 'selling', language: 'sv', status: 'ended', created_at: at(queued), queued_at: at(queued), assigned_at: assigned ? new Date(`${day}T${assigned.length === 5 ? `${assigned}:00` : assigned}+01:00`) : null, ended_at: at('13:00') })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(s.id);
    }
    await runRetention(t.db, retentionRules.filter((r) => r.recordType === 'chat_transcript'), 'command');
    expect(await t.db.selectFrom('chat_sessions').select('id').where('id', 'in', ids).execute()).toEqual([]);
    const [figures] = (await chatDailyFigures(t.db, day, day)).filter((f) => f.queue === 'selling');
    expect(figures).toMatchObject({ chats: 3, answered: 2, unanswered: 1, waitedUnder1Min: 1, waited1To5Min: 1, waitSecondsTotal: 210, waitSecondsMax: 180 });
    // Folding again counts nothing twice.
    expect(await foldChatDays(t.db, new Date())).toBe(0);
  });

  test('the cases’ counts per day equal a count over the cases after inserts, updates and deletes', async () => {
    /** The facts counted straight from the cases (written here again, independently of 0711's function). */
    const fromCases = async () => {
      // scope: test, every case
      const rows = await sql<{ unit_id: string; opened_on: string; opening_age_band: string; opening_gender: string; person_role: string; opening_channel: string | null; exploitation_types: string[]; opening_risk_factors: string[]; trafficking_indicators: string[]; barnahus_referred_on: string | null; regional_referred_on: string | null }>`
        select unit_id, to_char(opened_at at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as opened_on, opening_age_band, opening_gender, person_role, opening_channel,
          exploitation_types, opening_risk_factors, trafficking_indicators, to_char(barnahus_referred_on, 'YYYY-MM-DD') as barnahus_referred_on, to_char(regional_referred_on, 'YYYY-MM-DD') as regional_referred_on
        from cases`.execute(t.db);
      const m = new Map<string, number>();
      const add = (day: string, unit: string, indicator: string, category: string) => m.set(`${day}|${unit}|${indicator}|${category}`, (m.get(`${day}|${unit}|${indicator}|${category}`) ?? 0) + 1);
      for (const k of rows.rows) {
        const d = k.opened_on;
        add(d, k.unit_id, 'new_cases', '');
        add(d, k.unit_id, 'age_band', k.opening_age_band);
        add(d, k.unit_id, 'gender', k.opening_gender);
        add(d, k.unit_id, 'role', k.person_role);
        add(d, k.unit_id, 'channel', k.opening_channel ?? 'unknown');
        for (const x of k.exploitation_types) add(d, k.unit_id, 'exploitation_type', x);
        for (const x of k.opening_risk_factors) add(d, k.unit_id, 'risk_factor', x);
        for (const x of k.trafficking_indicators) add(d, k.unit_id, 'trafficking_indicator', x);
        if (k.trafficking_indicators.length > 0) add(d, k.unit_id, 'referrals', 'with_trafficking_indicators');
        if (k.barnahus_referred_on) add(k.barnahus_referred_on, k.unit_id, 'referrals', 'barnahus');
        if (k.regional_referred_on) add(k.regional_referred_on, k.unit_id, 'referrals', 'regional_coordinator');
      }
      return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    const kept = async () => {
      // scope: test, every unit
      const rows = await sql<{ k: string; count: number }>`
        select to_char(day, 'YYYY-MM-DD') || '|' || unit_id || '|' || indicator || '|' || category as k, count from statistics_case_days where count <> 0`.execute(t.db);
      return rows.rows.map((r): [string, number] => [r.k, r.count]).sort(([a], [b]) => a.localeCompare(b));
    };
    expect((await kept()).length).toBeGreaterThan(20);
    expect(await kept()).toEqual(await fromCases());
    // Updates: a new exploitation type and indicator, a referral dated later, a transfer to another unit, a changed opening day.
    // scope: test set-up on the statistics units' cases
    await sql`update cases set exploitation_types = exploitation_types || '{trafficking}'::text[], trafficking_indicators = '{controlled_movement}' where id in (select id from cases where unit_id = ${unitA} order by id limit 4)`.execute(t.db);
    // scope: test set-up
    await sql`update cases set barnahus_referred_on = ${`${YEAR}-11-30`}::date where id in (select id from cases where unit_id = ${unitB} order by id limit 3)`.execute(t.db);
    // scope: test set-up
    await sql`update cases set unit_id = ${unitHidden}, opened_at = opened_at - interval '40 days' where id in (select id from cases where unit_id = ${unitB} order by id desc limit 2)`.execute(t.db);
    // An update that changes no fact writes nothing and moves nothing.
    // scope: test set-up
    await sql`update cases set last_activity_at = now() where unit_id = ${unitA}`.execute(t.db);
    expect(await kept()).toEqual(await fromCases());
    // Deletes (the hidden unit's cases, created only for this file).
    // scope: test set-up
    await sql`delete from cases where id in (select id from cases where unit_id = ${unitHidden} order by id limit 15)`.execute(t.db);
    expect(await kept()).toEqual(await fromCases());
  });

  test('an ended year’s figures are kept after its cases are deleted', async () => {
    const before = ((await manager.get(`/api/statistics/report?year=${YEAR}`)).body as StatisticsOut);
    expect(await freezeEndedYears(t.db)).toContain(YEAR);
    expect(await freezeEndedYears(t.db)).not.toContain(YEAR);
    // scope: test set-up, the statistics units' cases deleted as the five-year rule would
    await sql`delete from cases where unit_id in (${unitA}, ${unitB})`.execute(t.db);
    const after = (await manager.get(`/api/statistics/report?year=${YEAR}`)).body as StatisticsOut;
    expect(after.kept).toBe(true);
    expect(table(after, 'age_band')).toEqual(table(before, 'age_band'));
    const live = (await manager.get(`/api/statistics/dashboard?from=${FROM}&to=${TO}`)).body as StatisticsOut;
    expect(live.tables.find((x) => x.indicator === 'age_band')).toBeUndefined();
  });
});

describe('national reporting', () => {
  const t = useTestApp(databaseTargets()[0]!, { env: { STATISTICS_KEY_SECRET: 'statistics-test-secret-statistics-test-secret' } });

  test('a person with cases in two units is counted once; a small cell is refused; the rows carry only a pseudonymous key', async () => {
    const a = await unitId(t.db, 'Nationell A (test)', 'adult');
    const b = await unitId(t.db, 'Nationell B (test)', 'adult');
    const opener = await t.user([{ role: 'caseworker', unit: 'Nationell A (test)' }]);
    const manager = await t.signedIn([{ role: 'unit_manager', unit: 'Nationell A (test)' }, { role: 'unit_manager', unit: 'Nationell B (test)' }]);
    const analyst = await t.signedIn([{ role: 'analyst', unit: null }]);
    await insertCaseGroup(t.db, { n: 8, unitId: a, openedBy: opener.id, from: FROM, days: 100, ageBands: ['26_plus'], genders: ['woman'], citizenships: ['RO'] });
    await insertCaseGroup(t.db, { n: 2, unitId: a, openedBy: opener.id, from: FROM, days: 100, ageBands: ['15_17'], genders: ['woman'], citizenships: ['SE'], traffickingIndicators: [['money_taken']] });
    await insertCaseGroup(t.db, { n: 6, unitId: a, openedBy: opener.id, from: FROM, days: 100, ageBands: ['22_25'], genders: ['woman'], citizenships: ['SE'] });
    // One person also opened in unit B: the same person, two cases.
    const someone = await t.db.selectFrom('cases').select(['person_id', 'contact_id']).where('unit_id', '=', a).where('opening_citizenship', '=', 'RO').executeTakeFirstOrThrow();
    await t.db.updateTable('persons').set({ identity_mode: 'identified', personnummer: '199001012384', id_kind: 'personnummer', name: 'Fiktiv Person' }).where('id', '=', someone.person_id).execute();
    const contact = await t.db.insertInto('contacts').values({ channel: 'phone', received_on: `${YEAR}-06-01`, registered_by: opener.id, person_id: someone.person_id, person_role: 'exposed', age_group: 'adult' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('cases').values({ contact_id: contact.id, person_id: someone.person_id, unit_id: b, person_role: 'exposed', age_group: 'adult', victim: true, opened_by: opener.id, opened_at: new Date(`${YEAR}-06-01T10:00:00Z`), opening_age_band: '26_plus', opening_gender: 'woman', opening_citizenship: 'RO', exploitation_types: ['sex_for_compensation'] }).execute();

    const cells = await analyst.get(`/api/statistics/national?year=${YEAR}`);
    expect(cells.status).toBe(200);
    const body = cells.body as { cells: Array<{ kind: string; originCountry: string; adultOrChild: string; count: unknown }> };
    expect(body.cells.find((c) => c.originCountry === 'RO')).toMatchObject({ kind: 'exploitation', adultOrChild: 'adult', count: 8 });
    expect(body.cells.find((c) => c.originCountry === 'SE' && c.adultOrChild === 'child')).toMatchObject({ kind: 'trafficking', count: 'small' });
    // The 2 would follow from the total (16) and the other two cells: the smallest other is hidden with it.
    expect(body.cells.find((c) => c.originCountry === 'SE' && c.adultOrChild === 'adult')).toMatchObject({ count: 'hidden' });
    const csv = await analyst.get(`/api/statistics/national?year=${YEAR}&format=csv`);
    expect(String(csv.body)).toContain(',SE,<5');

    const small = await analyst.get(`/api/statistics/national/cell?year=${YEAR}&kind=trafficking&gender=woman&adultOrChild=child&purpose=sex_for_compensation&originCountry=SE`);
    expect(small.status).toBe(422);
    expect(small.body).toMatchObject({ error: 'cellSuppressed' });
    expect(JSON.stringify(small.body)).not.toMatch(/\b2\b/);
    const big = await analyst.get(`/api/statistics/national/cell?year=${YEAR}&kind=exploitation&gender=woman&adultOrChild=adult&purpose=sex_for_compensation&originCountry=RO`);
    expect(big.body).toEqual({ count: 8 });

    const persons = await manager.get(`/api/statistics/national/persons?year=${YEAR}`);
    expect(persons.status).toBe(200);
    const rows = (persons.body as { persons: Array<{ key: string; units: number }> }).persons;
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.units === 2)).toHaveLength(1);
    expect(JSON.stringify(persons.body)).not.toContain('199001012384');
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key))).toBe(true);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type']).where('record_type', '=', 'national_report').execute();
    expect(audit).toEqual([{ action: 'export', record_type: 'national_report' }]);
  });
});
