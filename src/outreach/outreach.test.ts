import { beforeAll, describe, expect, test } from 'vitest';
import { routingUnits } from '../cases/testing.ts';
import { unitId } from '../testing/app.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import type { TestClient } from '../testing/client.ts';
import { makeOutreachContact, makeShiftBody } from './testing.ts';

/** Outreach through the API: shifts, anonymous contacts, the shift report, and a contact's one way into intake. */
describe.each(databaseTargets())('outreach on $name', (target) => {
  const t = useTestApp(target);
  let units: Awaited<ReturnType<typeof routingUnits>>;
  let worker: TestClient;
  let workerId: string;

  beforeAll(async () => {
    units = await routingUnits(t.db);
    const user = await t.user([{ role: 'outreach_worker', unit: 'Vuxenenheten (test)' }]);
    workerId = user.id;
    worker = await t.client().signIn(user);
  });

  const plan = async (overrides: Record<string, unknown> = {}) => {
    const r = await worker.post('/api/outreach/shifts', makeShiftBody(units.adult, overrides));
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  test('a joint shift with the police: contacts logged, one on behalf of the officer, and the report counts them', async () => {
    const shiftId = await plan();
    const shift0 = (await worker.get(`/api/outreach/shifts/${shiftId}`)).body;
    const officer = shift0.participants.find((p: { organisation: string }) => p.organisation === 'police');
    expect(officer.name).toBe('Polisassistent Testsson (fiktiv)');
    expect(shift0.participants.some((p: { userId: string }) => p.userId === workerId)).toBe(true);

    expect((await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact())).status).toBe(201);
    expect((await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact({ ageBand: '15_17', placeType: 'hotel', followUp: 'Ses på fredag vid stationen', onBehalfOf: officer.id }))).status).toBe(201);
    expect((await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact({ personRole: 'buys', gender: 'man', ageBand: '26_plus', offered: ['kast_talks'], accepted: ['kast_talks'] }))).status).toBe(201);

    const shift = (await worker.get(`/api/outreach/shifts/${shiftId}`)).body;
    expect(shift.contactList).toHaveLength(3);
    expect(shift.contactList[1].onBehalfOfName).toBe('Polisassistent Testsson (fiktiv)');
    expect(shift.contactList.every((c: { loggedBy: string }) => c.loggedBy === workerId)).toBe(true);
    expect(shift.report).toMatchObject({ contacts: 3, children: 1, followUps: 1, intakes: 0, byRole: { exposed: 2, buys: 1 } });
    expect(shift.report.offered).toMatchObject({ support_talk: 2, medical: 2, kast_talks: 1 });
    expect(shift.report.accepted).toMatchObject({ support_talk: 2, medical: 0, kast_talks: 1 });
    expect(shift.report.byPlace).toMatchObject({ street: 2, hotel: 1 });

    const list = (await worker.get('/api/outreach/shifts')).body as Array<{ id: string; contacts: number }>;
    expect(list.find((s) => s.id === shiftId)!.contacts).toBe(3);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type']).where('record_type', '=', 'outreach_contact').execute();
    expect(audit.filter((a) => a.action === 'create')).toHaveLength(3);
  });

  test('bad input changes nothing: accepted but not offered, a stranger on behalf, a shift ending before it starts, another unit', async () => {
    const shiftId = await plan();
    expect((await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact({ offered: ['medical'], accepted: ['shelter'] }))).status).toBe(400);
    expect((await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact({ ageBand: '18_24' }))).status).toBe(400);
    const other = await plan();
    const otherOfficer = (await worker.get(`/api/outreach/shifts/${other}`)).body.participants.find((p: { organisation: string }) => p.organisation === 'police');
    expect((await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact({ onBehalfOf: otherOfficer.id }))).status).toBe(400);
    expect((await worker.post('/api/outreach/shifts', makeShiftBody(units.adult, { endsAt: '2026-12-04T17:00:00+01:00' }))).status).toBe(400);
    expect((await worker.post('/api/outreach/shifts', makeShiftBody(units.children))).status).toBe(403);
    const n = await t.db.selectFrom('outreach_contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('shift_id', '=', shiftId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  test('another unit’s worker sees neither the shift nor its contacts', async () => {
    const shiftId = await plan();
    const contact = (await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact())).body.id as string;
    await unitId(t.db, 'Annan enhet (test)');
    const stranger = await t.signedIn([{ role: 'outreach_worker', unit: 'Annan enhet (test)' }]);
    expect((await stranger.get(`/api/outreach/shifts/${shiftId}`)).status).toBe(404);
    expect(((await stranger.get('/api/outreach/shifts')).body as Array<{ id: string }>).some((s) => s.id === shiftId)).toBe(false);
    expect((await stranger.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact())).status).toBe(404);
    expect((await stranger.post(`/api/outreach/contacts/${contact}/intake`, { consent: true, person: { identityMode: 'anonymous' } })).status).toBe(404);
    const analyst = await t.signedIn([{ role: 'analyst', unit: null }]);
    expect((await analyst.get(`/api/outreach/shifts/${shiftId}`)).status).toBe(403);
  });

  test('with consent a contact becomes an intake through intake’s registration, once, linked back', async () => {
    const shiftId = await plan({ kind: 'street' });
    const contact = (await worker.post(`/api/outreach/shifts/${shiftId}/contacts`, makeOutreachContact({ gender: 'woman' }))).body.id as string;
    expect((await worker.post(`/api/outreach/contacts/${contact}/intake`, { consent: false, person: { identityMode: 'anonymous' } })).status).toBe(400);
    const r = await worker.post(`/api/outreach/contacts/${contact}/intake`, { consent: true, statedAge: 19, summary: 'Fiktiv: vill ha stödsamtal', person: { identityMode: 'anonymous' } });
    expect(r.status).toBe(201);
    expect(r.body.case.unitId).toBe(units.adult);
    const intake = await t.db.selectFrom('contacts').innerJoin('persons', 'persons.id', 'contacts.person_id').select(['contacts.id', 'channel', 'person_role', 'persons.gender']).where('contacts.id', '=', r.body.contactId).executeTakeFirstOrThrow();
    expect(intake).toMatchObject({ channel: 'street_outreach', person_role: 'exposed', gender: 'woman' });
    const linked = await t.db.selectFrom('outreach_contacts').select('intake_contact_id').where('id', '=', contact).executeTakeFirstOrThrow();
    expect(linked.intake_contact_id).toBe(r.body.contactId);
    // A second turn registers nothing more.
    const before = await t.db.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect((await worker.post(`/api/outreach/contacts/${contact}/intake`, { consent: true, person: { identityMode: 'anonymous' } })).status).toBe(409);
    const after = await t.db.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await worker.get(`/api/outreach/shifts/${shiftId}`)).body.report.intakes).toBe(1);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'purpose']).where('record_type', '=', 'outreach_contact').where('record_id', '=', contact).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
  });
});
