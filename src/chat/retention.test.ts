import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { unitId } from '../testing/app.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { runRetention } from '../core/retention-framework/framework.ts';
import { retentionRules } from '../capabilities.ts';
import { hashToken, insertMessage } from './store.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(databaseTargets())('chat retention on $name', (target) => {
  const t = useTestApp(target);

  async function chat(label: string, endedDaysAgo: number | null, kind: 'live' | 'offline' = 'live') {
    const ended = endedDaysAgo === null ? null : new Date(Date.now() - endedDaysAgo * DAY);
    const s = await t.db
      .insertInto('chat_sessions')
      .values({ kind, token_hash: hashToken(label), target_group: 'selling', queue: 'selling', language: 'sv', status: ended ? 'ended' : 'active', counsellor_id: null, assigned_at: null, ended_at: ended, end_reason: ended ? 'counsellor' : null, visitor_disconnected_at: null, created_at: ended ?? new Date() } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertMessage(t.db, { sessionId: s.id, sender: 'visitor', authorId: null, body: `transcript ${label}` });
    return s.id;
  }

  test('transcripts of anonymous chats go after 30 days; escalated ones and statistics stay', async () => {
    const old = await chat('old', 31);
    const oldOffline = await chat('old-offline', 40, 'offline');
    const recent = await chat('recent', 29);
    const ongoing = await chat('ongoing', null);
    const escalated = await chat('escalated', 60);
    const staff = await t.user([{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
    const consent = await t.db.insertInto('chat_consents').values({ session_id: escalated, consent_text: 'samtycke', language: 'sv' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('chat_escalations').values({ session_id: escalated, consent_id: consent.id, target_unit_id: await unitId(t.db, 'Nexus – vuxna'), created_by: staff.id }).execute();
    const outcome = await t.db.insertInto('chat_outcomes').values({ ended_on: '2020-01-01', queue: 'selling', topic: 'other', target_group: 'selling', age_band: 'unknown', referral_given: false }).returning('id').executeTakeFirstOrThrow();
    const mine = [old, oldOffline, recent, ongoing, escalated];

    const result = await runRetention(t.db, retentionRules, 'command');
    expect(result.error).toBeNull();
    expect(result.counts.chat_transcript).toBe(2);

    // Only the chats this test made are looked at: any other chat in the table is not its business.
    const left = await t.db.selectFrom('chat_sessions').select('id').where('id', 'in', mine).execute();
    expect(left.map((r) => r.id).sort()).toEqual([recent, ongoing, escalated].sort());
    const bodies = await t.db.selectFrom('chat_messages').select('body').where('session_id', 'in', mine).execute();
    expect(bodies.map((b) => b.body)).not.toContain('transcript old');
    expect(bodies.map((b) => b.body)).not.toContain('transcript old-offline');
    expect(bodies.map((b) => b.body)).toContain('transcript escalated');
    expect(await t.db.selectFrom('chat_sessions').select('id').where('id', 'in', [old, oldOffline]).execute()).toEqual([]);
    expect(await t.db.selectFrom('chat_outcomes').select('id').where('id', '=', outcome.id).execute()).toEqual([outcome]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type', 'details']).where('record_type', '=', 'chat_transcript').where(sql<string>`details->>'runId'`, '=', result.runId).execute();
    expect(audit).toEqual([{ action: 'retention_delete', record_type: 'chat_transcript', details: { deleted: 2, keepDays: 30, runId: result.runId } }]);

    // A shorter period set by the administrator applies on the next run.
    await t.db.insertInto('retention_settings').values({ record_type: 'chat_transcript', keep_days: 1, updated_by: null }).execute();
    await t.db.updateTable('chat_sessions').set({ ended_at: new Date(Date.now() - 2 * DAY) }).where('id', '=', recent).execute();
    const second = await runRetention(t.db, retentionRules, 'command');
    expect(second.counts.chat_transcript).toBe(1);
  });

  test('an escalation nobody took into a case within 14 days expires: it and its chat are deleted; a taken one stays', async () => {
    const staff = await t.user([{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
    const nexus = await unitId(t.db, 'Nexus – vuxna');
    async function escalated(label: string, daysAgo: number, status: 'awaiting_intake' | 'taken_into_case') {
      const id = await chat(label, null);
      const consent = await t.db.insertInto('chat_consents').values({ session_id: id, consent_text: 'samtycke', language: 'sv' }).returning('id').executeTakeFirstOrThrow();
      await t.db
        .insertInto('chat_escalations')
        .values({ session_id: id, consent_id: consent.id, target_unit_id: nexus, created_by: staff.id, status, created_at: new Date(Date.now() - daysAgo * DAY) })
        .execute();
      return id;
    }
    const expired = await escalated('expired', 15, 'awaiting_intake');
    const waiting = await escalated('waiting', 13, 'awaiting_intake');
    const taken = await escalated('taken', 30, 'taken_into_case');
    const result = await runRetention(t.db, retentionRules, 'command');
    expect(result.error).toBeNull();
    expect(result.counts.chat_escalation).toBe(1);
    const left = await t.db.selectFrom('chat_sessions').select('id').where('id', 'in', [expired, waiting, taken]).execute();
    expect(left.map((r) => r.id).sort()).toEqual([waiting, taken].sort());
    expect(await t.db.selectFrom('chat_messages').select('body').where('session_id', '=', expired).execute()).toEqual([]);
    expect(await t.db.selectFrom('chat_consents').select('id').where('session_id', '=', expired).execute()).toEqual([]);
  });
});
