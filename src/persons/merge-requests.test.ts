import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { unitId } from '../testing/app.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

/**
 * Issue 16: asking another unit to merge. Unit A met the person under a pseudonym; unit B has them
 * identified. A names B's record by personnummer or by the case number B gave on the phone, sees
 * nothing of it, and B previews and declines or accepts (the same merge, undoable).
 */
describe.each(databaseTargets())('merge requests between units on $name', (target) => {
  const t = useTestApp(target);
  let a: TestClient;
  let b: TestClient;
  let unitB: string;

  beforeAll(async () => {
    await routingUnits(t.db);
    unitB = await unitId(t.db, 'Vuxenenheten Väster (merge-test)', 'adult');
    a = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    b = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten Väster (merge-test)' }]);
  });

  async function register(by: TestClient, person: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const res = await by.post('/api/intake/contacts', makeContact({ statedAge: 40, ...extra }, person));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const body = res.body as { personId: string; case: { id: string; unitId: string } };
    const { number } = await t.db.selectFrom('cases').select('number').where('id', '=', body.case.id).executeTakeFirstOrThrow();
    return { ...body, case: { ...body.case, number } };
  }
  const version = async (id: string) => (await t.db.selectFrom('persons').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  test('A asks without seeing B’s record; B previews and declines with a reason; asked again by case number, B accepts; undoable', async () => {
    const mine = await register(a, { identityMode: 'pseudonymous', pseudonym: 'Fiktiva Hedda' });
    const theirs = await register(b, { identityMode: 'identified', name: 'Hedda Påhittad', personnummer: '19900303-9808', phone: '070-000 00 09' }, { unitId: unitB });
    expect(theirs.case.unitId).toBe(unitB);
    const secret = [theirs.personId, 'Hedda Påhittad', '199003039808', '19900303-9808', '070-000 00 09'];
    const leaks = (body: unknown) => secret.filter((s) => JSON.stringify(body).includes(s));

    // A cannot read B's record in any way.
    expect((await a.get(`/api/persons/${theirs.personId}`)).status).toBe(404);
    expect((await a.get(`/api/persons/${mine.personId}/merge-preview?other=${theirs.personId}`)).status).toBe(404);
    expect((await a.get(`/api/cases/${theirs.case.id}`)).status).toBe(404);

    // Named by personnummer: a request, and nothing of B's record in the answer.
    const asked = await a.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900303-9808', message: 'Samma person enligt henne själv.' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', foundBy: 'personnummer', personId: mine.personId });
    expect(leaks(asked.body)).toEqual([]);
    const aList = await a.get(`/api/persons/merge-requests?person=${mine.personId}`);
    expect(aList.body.outgoing).toEqual([expect.objectContaining({ id: asked.body.id, status: 'pending' })]);
    expect(aList.body.incoming).toEqual([]);
    expect(leaks(aList.body)).toEqual([]);
    // The requester cannot preview, accept or decline its own request (it would show B's record).
    expect((await a.get(`/api/persons/merge-requests/${asked.body.id}/preview`)).status).toBe(404);
    expect((await a.post(`/api/persons/merge-requests/${asked.body.id}/accept`, { version: 1, otherVersion: 1 })).status).toBe(404);
    expect((await a.post(`/api/persons/merge-requests/${asked.body.id}/decline`, { reason: 'Inte samma person.' })).status).toBe(404);
    expect((await a.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900303-9808' })).body).toMatchObject({ error: 'mergeRequestPending' });

    // B sees it among its requests, previews, declines with a reason A then sees.
    const bList = await b.get('/api/persons/merge-requests');
    expect(bList.body.incoming).toEqual([expect.objectContaining({ id: asked.body.id, requestingUnit: 'Vuxenenheten (test)', otherId: theirs.personId, otherLabel: 'Hedda Påhittad', message: 'Samma person enligt henne själv.' })]);
    const preview = await b.get(`/api/persons/merge-requests/${asked.body.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ survivor: { id: mine.personId, pseudonym: 'Fiktiva Hedda' }, other: { id: theirs.personId }, result: { name: 'Hedda Påhittad', pseudonym: 'Fiktiva Hedda' }, problem: null });
    expect((await b.post(`/api/persons/merge-requests/${asked.body.id}/decline`, { reason: 'Vi behöver träffa henne först.' })).status).toBe(204);
    const declined = (await a.get(`/api/persons/merge-requests?person=${mine.personId}`)).body.outgoing[0];
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Vi behöver träffa henne först.' });
    expect((await b.post(`/api/persons/merge-requests/${asked.body.id}/accept`, { version: 1, otherVersion: 1 })).body).toMatchObject({ error: 'mergeRequestDecided' });

    // Asked again by the case number B gave on the phone; B accepts: the same merge.
    const again = await a.post(`/api/persons/${mine.personId}/merge-requests`, { caseNumber: theirs.case.number });
    expect(again.status).toBe(201);
    expect(leaks(again.body)).toEqual([]);
    const accepted = await b.post(`/api/persons/merge-requests/${again.body.id}/accept`, { version: await version(mine.personId), otherVersion: await version(theirs.personId) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.survivorId).toBe(mine.personId);
    // B's case follows A's record and stays in B's unit; A now sees the joined record, B still its case.
    expect((await t.db.selectFrom('cases').select(['person_id', 'unit_id']).where('id', '=', theirs.case.id).executeTakeFirstOrThrow())).toEqual({ person_id: mine.personId, unit_id: unitB });
    expect((await a.get(`/api/persons/${mine.personId}`)).body).toMatchObject({ name: 'Hedda Påhittad', personnummer: '19900303-9808' });
    expect((await b.get(`/api/cases/${theirs.case.id}`)).status).toBe(200);
    expect((await a.get(`/api/persons/merge-requests?person=${mine.personId}`)).body.outgoing[0]).toMatchObject({ id: again.body.id, status: 'accepted' });
    const audit = await t.db.selectFrom('audit_log').select(['person_id', 'action', 'details']).where('record_type', '=', 'person').where('action', '=', 'update').where('person_id', 'in', [mine.personId, theirs.personId]).execute();
    expect(audit.filter((e) => (e.details as { mergeRequest?: string }).mergeRequest === again.body.id)).toHaveLength(2);

    // Undone by B within the window: B's case goes back to B's record.
    expect((await b.post(`/api/persons/merges/${accepted.body.mergeId}/undo`)).status).toBe(200);
    expect((await t.db.selectFrom('cases').select('person_id').where('id', '=', theirs.case.id).executeTakeFirstOrThrow()).person_id).toBe(theirs.personId);
    expect((await a.get(`/api/persons/${theirs.personId}`)).status).toBe(404);
  });

  test('no match, a record of one’s own units, and a record held by no unit are refused without telling anything of it', async () => {
    const mine = await register(a, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv Ida' });
    const alsoMine = await register(a, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv Ida 2' });
    const none = await a.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900404-9806' });
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: 'mergeRequestNoMatch' });
    expect((await a.post(`/api/persons/${mine.personId}/merge-requests`, { caseNumber: '1999-9999' })).body).toMatchObject({ error: 'mergeRequestNoMatch' });
    expect((await a.post(`/api/persons/${mine.personId}/merge-requests`, { caseNumber: alsoMine.case.number })).body).toMatchObject({ error: 'mergeRequestInYourUnits' });
    expect((await a.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900404-9806', caseNumber: '1999-9999' })).status).toBe(400);
    // A record of another unit cannot be the one asking.
    const theirs = await register(b, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv Jonna' }, { unitId: unitB });
    expect((await a.post(`/api/persons/${theirs.personId}/merge-requests`, { caseNumber: mine.case.number })).status).toBe(404);
  });

  test('the asking unit withdraws its unanswered request: audited under both records, gone from the other unit, and only then; nobody else may', async () => {
    const mine = await register(a, { identityMode: 'pseudonymous', pseudonym: 'Fiktiva Klara' });
    const theirs = await register(b, { identityMode: 'identified', name: 'Klara Påhittad', personnummer: '19900505-9804' }, { unitId: unitB });
    const asked = await a.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900505-9804' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const incomingOfB = async () => (await b.get('/api/persons/merge-requests')).body.incoming.map((r: { id: string }) => r.id);
    expect(await incomingOfB()).toContain(asked.body.id);

    // The asked unit cannot withdraw (it declines), nor can a unit that had nothing to do with it.
    expect((await b.post(`/api/persons/merge-requests/${asked.body.id}/withdraw`)).status).toBe(404);
    const elsewhere = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten Väster (merge-test)' }]);
    expect((await elsewhere.post(`/api/persons/merge-requests/${asked.body.id}/withdraw`)).status).toBe(404);
    expect((await t.db.selectFrom('person_merge_requests').select('status').where('id', '=', asked.body.id).executeTakeFirstOrThrow()).status).toBe('pending');

    const withdrawn = await a.post(`/api/persons/merge-requests/${asked.body.id}/withdraw`);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: asked.body.id, status: 'withdrawn', declineReason: null });
    expect(withdrawn.body.decidedAt).not.toBeNull();
    expect(JSON.stringify(withdrawn.body)).not.toContain(theirs.personId);
    expect((await a.get(`/api/persons/merge-requests?person=${mine.personId}`)).body.outgoing).toEqual([expect.objectContaining({ id: asked.body.id, status: 'withdrawn' })]);
    // Gone from B's list; B can neither preview nor accept nor decline it any more.
    expect(await incomingOfB()).not.toContain(asked.body.id);
    expect((await b.get(`/api/persons/merge-requests/${asked.body.id}/preview`)).body).toMatchObject({ error: 'mergeRequestWithdrawn' });
    expect((await b.post(`/api/persons/merge-requests/${asked.body.id}/accept`, { version: await version(mine.personId), otherVersion: await version(theirs.personId) })).body).toMatchObject({ error: 'mergeRequestWithdrawn' });
    expect((await b.post(`/api/persons/merge-requests/${asked.body.id}/decline`, { reason: 'Inte samma person.' })).status).toBe(409);
    expect((await t.db.selectFrom('cases').select('person_id').where('id', '=', theirs.case.id).executeTakeFirstOrThrow()).person_id).toBe(theirs.personId);
    // Once only.
    expect((await a.post(`/api/persons/merge-requests/${asked.body.id}/withdraw`)).body).toMatchObject({ error: 'mergeRequestWithdrawn' });
    // Audited in the same mechanism under both records, by the one who withdrew.
    const entries = await t.db.selectFrom('audit_log').select(['person_id', 'actor_user_id', 'fields', 'details']).where('record_type', '=', 'person_merge_request').where('record_id', '=', asked.body.id).where('action', '=', 'update').execute();
    expect(entries.filter((e) => (e.details as { status?: string }).status === 'withdrawn').map((e) => e.person_id).sort()).toEqual([mine.personId, theirs.personId].sort());
    const withdrawer = await t.db.selectFrom('person_merge_requests').select('decided_by').where('id', '=', asked.body.id).executeTakeFirstOrThrow();
    expect(entries.every((e) => e.actor_user_id === withdrawer.decided_by)).toBe(true);

    // A new request for the pair can be sent; once B has answered it, it can no longer be withdrawn.
    const again = await a.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900505-9804' });
    expect(again.status).toBe(201);
    expect((await b.post(`/api/persons/merge-requests/${again.body.id}/decline`, { reason: 'Vi behöver träffa henne först.' })).status).toBe(204);
    expect((await a.post(`/api/persons/merge-requests/${again.body.id}/withdraw`)).body).toMatchObject({ error: 'mergeRequestDecided' });
    // A colleague in the asking unit may withdraw (the unit asked, not only the person who typed it).
    const third = await a.post(`/api/persons/${mine.personId}/merge-requests`, { caseNumber: theirs.case.number });
    const colleague = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    expect((await colleague.post(`/api/persons/merge-requests/${third.body.id}/withdraw`)).status).toBe(200);
  });
});
