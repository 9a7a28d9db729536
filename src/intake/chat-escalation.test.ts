import { beforeAll, describe, expect, test } from 'vitest';
import { retentionRules } from '../capabilities.ts';
import { runRetention } from '../core/retention-framework/framework.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

/** A chat the visitor consented to continue as an identified contact becomes a case with its transcript. */
describe.each(databaseTargets())('chat escalation into a case on $name', (target) => {
  const t = useTestApp(target);
  let adultWorker: TestClient;
  let kastWorker: TestClient;
  let units: Awaited<ReturnType<typeof routingUnits>>;
  let counsellorId: string;

  beforeAll(async () => {
    units = await routingUnits(t.db);
    adultWorker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    kastWorker = await t.signedIn([{ role: 'caseworker', unit: 'KAST (test)' }]);
    counsellorId = (await t.user([{ role: 'chat_counsellor', unit: 'Chatt (test)' }])).id;
  });

  /** An ended chat with a note, handed over with consent to the adult unit (as the chat console leaves it). */
  async function escalatedChat(endedDaysAgo = 0) {
    const ended = new Date(Date.now() - endedDaysAgo * 86_400_000);
    const session = await t.db
      .insertInto('chat_sessions')
      .values({ kind: 'live', token_hash: `test-${Math.random()}`, target_group: 'sells', queue: 'general', language: 'sv', status: 'ended', counsellor_id: counsellorId, created_at: ended, ended_at: ended })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('chat_messages')
      .values([
        { session_id: session.id, sender: 'visitor', body: 'Jag vill ha hjälp att ta mig ur det här.', author_id: null, client_id: null },
        { session_id: session.id, sender: 'note', body: 'Intern anteckning som inte ska med.', author_id: counsellorId, client_id: null },
        { session_id: session.id, sender: 'counsellor', body: 'Vi kan boka ett möte hos Nexus.', author_id: counsellorId, client_id: null },
      ])
      .execute();
    const consent = await t.db.insertInto('chat_consents').values({ session_id: session.id, consent_text: 'Jag vill fortsätta med en kontakt som vet vem jag är.', language: 'sv' }).returning('id').executeTakeFirstOrThrow();
    const escalation = await t.db
      .insertInto('chat_escalations')
      .values({ session_id: session.id, consent_id: consent.id, target_unit_id: units.adult, created_by: counsellorId, case_id: null, taken_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { sessionId: session.id, escalationId: escalation.id };
  }

  const contactFor = (chatEscalationId: string, extra: Record<string, unknown> = {}) =>
    makeContact({ channel: 'chat_escalation', chatEscalationId, statedAge: 24, ...extra }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiva Frida' });

  test('the case is opened with the transcript (without internal notes) as a journal entry, once', async () => {
    const { escalationId } = await escalatedChat();
    const r = await adultWorker.post('/api/intake/contacts', contactFor(escalationId));
    expect(r.status).toBe(201);
    const journal = await t.db.selectFrom('journal_entries').select(['text', 'signed_at']).where('case_id', '=', r.body.case.id).execute();
    expect(journal).toHaveLength(1);
    expect(journal[0]!.text).toContain('Jag vill ha hjälp att ta mig ur det här.');
    expect(journal[0]!.text).toContain('Jag vill fortsätta med en kontakt som vet vem jag är.');
    expect(journal[0]!.text).not.toContain('Intern anteckning');
    expect(journal[0]!.signed_at).toBeNull();
    const e = await t.db.selectFrom('chat_escalations').select(['status', 'case_id']).where('id', '=', escalationId).executeTakeFirstOrThrow();
    expect(e).toEqual({ status: 'taken_into_case', case_id: r.body.case.id });
    expect((await adultWorker.get('/api/chat/escalations')).body.map((x: { id: string }) => x.id)).not.toContain(escalationId);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type']).where('record_id', '=', escalationId).execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'read', record_type: 'chat_escalation' }, { action: 'update', record_type: 'chat_escalation' }]));

    const again = await adultWorker.post('/api/intake/contacts', contactFor(escalationId));
    expect(again.status).toBe(409);
  });

  test('another unit cannot take it, the channel must be the chat, and a refusal changes nothing', async () => {
    const { escalationId } = await escalatedChat();
    const cases = async () => Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await cases();
    expect((await kastWorker.post('/api/intake/contacts', contactFor(escalationId, { personRole: 'buys' }))).status).toBe(404);
    expect((await adultWorker.post('/api/intake/contacts', contactFor(escalationId, { channel: 'phone' }))).status).toBe(400);
    expect((await adultWorker.post('/api/intake/contacts', contactFor(escalationId, { statedAge: null }))).status).toBe(422);
    expect(await cases()).toBe(before);
    expect((await t.db.selectFrom('chat_escalations').select('status').where('id', '=', escalationId).executeTakeFirstOrThrow()).status).toBe('awaiting_intake');
  });

  test('retention keeps a chat awaiting intake, and deletes one taken into a case (the transcript lives in the case)', async () => {
    const waiting = await escalatedChat(60);
    const taken = await escalatedChat(60);
    const r = await adultWorker.post('/api/intake/contacts', contactFor(taken.escalationId));
    expect(r.status).toBe(201);
    await runRetention(t.db, retentionRules, 'command');
    const sessions = await t.db.selectFrom('chat_sessions').select('id').where('id', 'in', [waiting.sessionId, taken.sessionId]).execute();
    expect(sessions.map((s) => s.id)).toEqual([waiting.sessionId]);
    expect(await t.db.selectFrom('journal_entries').select('id').where('case_id', '=', r.body.case.id).execute()).toHaveLength(1);
  });
});
