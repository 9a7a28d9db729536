import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { retentionRules } from '../capabilities.ts';
import { runRetention } from '../core/retention-framework/framework.ts';
import { unitId, type TestApp, type TestUser } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact } from '../cases/testing.ts';
import { makeReception } from '../booking/testing.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { makeTraining } from '../competence/testing.ts';

/**
 * Retention boundaries, through the production purge path (`runRetention` with every rule, as
 * `npm run retention` runs it, at a chosen `now`). For each rule's record: one N−1 days old (Stockholm
 * wall-clock) stays, one exactly N×24 hours old stays, one a minute older goes, one N+1 days old
 * (wall-clock) goes — with `now` just after and just before midnight in Stockholm (when the UTC date
 * differs from the local one) and with a daylight-saving change between the record and `now`.
 * Each test makes its own records and asserts only on them.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---- Europe/Stockholm wall-clock time ----
const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function wall(d: Date): string {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
/** The instant of a Stockholm wall-clock time 'YYYY-MM-DDTHH:mm' (CET +01:00 or CEST +02:00). */
function stockholm(local: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const d = new Date(`${local}:00${offset}`);
    if (wall(d) === local) return d;
  }
  throw new Error(`no such time in Stockholm: ${local}`);
}
/** The same Stockholm wall-clock time n calendar days earlier. */
function daysBefore(local: string, n: number): string {
  const [date, time] = local.split('T') as [string, string];
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return `${d.toISOString().slice(0, 10)}T${time}`;
}

const keepDaysOf = (recordType: string) => {
  const rule = retentionRules.find((r) => r.recordType === recordType);
  if (!rule) throw new Error(`no retention rule ${recordType}`);
  return rule.defaultKeepDays;
};

/** The moments `now` is set to (Stockholm wall-clock), and why. */
const NOWS: Array<[label: string, local: string]> = [
  ['just after midnight (UTC still the day before)', '2026-01-15T00:30'],
  ['just before midnight', '2026-01-14T23:30'],
  ['after the spring change (record in CET, now in CEST)', '2026-04-10T12:00'],
  ['after the autumn change (record in CEST, now in CET)', '2026-11-10T12:00'],
  ['the day after the autumn change (five years back: summer time)', '2026-10-26T12:00'],
];

describe('the Stockholm time helpers used below', () => {
  test('agree with hand-known offsets', () => {
    expect(stockholm('2026-01-15T00:30').toISOString()).toBe('2026-01-14T23:30:00.000Z');
    expect(stockholm('2026-03-29T12:00').toISOString()).toBe('2026-03-29T10:00:00.000Z'); // CEST from 29 March 2026
    expect(stockholm('2026-10-25T12:00').toISOString()).toBe('2026-10-25T11:00:00.000Z'); // CET from 25 October 2026
    expect(daysBefore('2026-03-01T12:00', 1)).toBe('2026-02-28T12:00');
    // Across the spring change 30 wall-clock days are an hour short of 30×24 h; across the autumn change an hour over.
    expect(stockholm('2026-04-10T12:00').getTime() - stockholm(daysBefore('2026-04-10T12:00', 30)).getTime()).toBe(30 * DAY - HOUR);
    expect(stockholm('2026-11-10T12:00').getTime() - stockholm(daysBefore('2026-11-10T12:00', 30)).getTime()).toBe(30 * DAY + HOUR);
  });
});

describe.each(databaseTargets())('retention boundaries on $name', (target) => {
  const t = useTestApp(target);
  let app: TestApp;
  let worker: TestClient;
  let workerUser: TestUser;
  let unit: string;

  beforeAll(async () => {
    app = t.app;
    unit = await unitId(app.db, 'Vuxenenheten (gallring)', 'adult');
    await signInWorker();
  });
  async function signInWorker() {
    workerUser = await t.user([{ role: 'caseworker', unit: 'Vuxenenheten (gallring)' }]);
    worker = await t.client().signIn(workerUser);
  }

  const purge = (now: Date) => runRetention(app.db, retentionRules, 'command', { now });

  /** A closed case made through the API; its last activity then placed at `at`. */
  async function closedCase(at?: Date) {
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: unit }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv gallring' }));
    expect(reg.status).toBe(201);
    const id = reg.body.case.id as string;
    const page = await worker.get(`/api/cases/${id}`);
    expect((await worker.post(`/api/cases/${id}/status`, { version: page.body.version, status: 'closed' })).status).toBe(200);
    if (at) await app.db.updateTable('cases').set({ closed_at: at, last_activity_at: at }).where('id', '=', id).execute();
    return { id, personId: reg.body.personId as string, contactId: reg.body.contactId as string };
  }

  /**
   * Per rule: how to place one of its records last touched at an instant, and whether it still exists.
   * A rule without an entry here fails the coverage test, so a new rule cannot skip its boundaries.
   */
  type Placer = { place(at: Date): Promise<string>; exists(id: string): Promise<boolean> };
  const exists = async (q: Promise<unknown[]>) => (await q).length > 0;
  const FIXTURES: Record<string, Record<string, Placer>> = {
    ads_raw_text: {
      'ad text (the ad itself stays)': {
        place: async (at) => {
          const url = `https://boundary.example/${randomBytes(6).toString('hex')}`;
          await app.db.insertInto('ads_ads').values({ url, site: null, city: null, first_seen_at: at, last_seen_at: at, phone_hmacs: [], email_hmacs: [], image_hashes: [], raw_text: 'fiktiv annonstext', text_signature: null, group_id: url, imported_at: at }).execute();
          return url;
        },
        exists: (url) => exists(app.db.selectFrom('ads_ads').select('url').where('url', '=', url).where('raw_text', 'is not', null).execute()),
      },
    },
    sign_in_residue: {
      session: {
        place: async (at) => {
          const id = `boundary-${randomBytes(6).toString('hex')}`;
          await app.db.insertInto('sessions').values({ id, user_id: workerUser.id, created_at: at, last_seen_at: at }).execute();
          return id;
        },
        exists: (id) => exists(app.db.selectFrom('sessions').select('id').where('id', '=', id).execute()),
      },
      'failed sign-in counter': {
        place: async (at) => {
          const key = `boundary-${randomBytes(6).toString('hex')}`;
          await app.db.insertInto('sign_in_throttle').values({ username_key: key, failures: 2, locked_until: null, last_failure_at: at }).execute();
          return key;
        },
        exists: (key) => exists(app.db.selectFrom('sign_in_throttle').select('username_key').where('username_key', '=', key).execute()),
      },
    },
    idempotency_key: {
      'kept answer': {
        place: async (at) => {
          const key = `boundary-${randomBytes(6).toString('hex')}`;
          await app.db.insertInto('idempotency_keys').values({ user_id: workerUser.id, key, route: '/api/boundary', result: null, created_at: at }).execute();
          return key;
        },
        exists: (key) => exists(app.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute()),
      },
    },
    intake_draft: {
      draft: {
        place: async (at) => {
          const key = `boundary-${randomBytes(6).toString('hex')}`;
          await app.db.insertInto('intake_drafts').values({ user_id: workerUser.id, key, data: JSON.stringify({ summary: 'Fiktivt utkast' }), updated_at: at }).execute();
          return key;
        },
        exists: (key) => exists(app.db.selectFrom('intake_drafts').select('key').where('key', '=', key).execute()),
      },
    },
    chat_transcript: {
      'ended chat': {
        place: async (at) => {
          const s = await app.db
            .insertInto('chat_sessions')
            .values({ kind: 'live', token_hash: `boundary-${randomBytes(6).toString('hex')}`, target_group: 'selling', queue: 'general', language: 'sv', status: 'ended', created_at: new Date(at.getTime() - HOUR), ended_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          await app.db.insertInto('chat_messages').values({ session_id: s.id, sender: 'visitor', body: 'Fiktivt meddelande.', author_id: null, client_id: null }).execute();
          return s.id;
        },
        exists: (id) => exists(app.db.selectFrom('chat_sessions').select('id').where('id', '=', id).execute()),
      },
      'offline message': {
        place: async (at) =>
          (
            await app.db
              .insertInto('chat_sessions')
              .values({ kind: 'offline', token_hash: `boundary-${randomBytes(6).toString('hex')}`, target_group: 'selling', queue: 'general', language: 'sv', status: 'answered', created_at: at, ended_at: null })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        exists: (id) => exists(app.db.selectFrom('chat_sessions').select('id').where('id', '=', id).execute()),
      },
    },
    chat_escalation: {
      'escalation nobody took into a case': {
        place: async (at) => {
          const s = await app.db
            .insertInto('chat_sessions')
            .values({ kind: 'live', token_hash: `boundary-${randomBytes(6).toString('hex')}`, target_group: 'selling', queue: 'selling', language: 'sv', status: 'ended', created_at: at, ended_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          const consent = await app.db.insertInto('chat_consents').values({ session_id: s.id, consent_text: 'Fiktivt samtycke.', language: 'sv', given_at: at }).returning('id').executeTakeFirstOrThrow();
          await app.db.insertInto('chat_escalations').values({ session_id: s.id, consent_id: consent.id, target_unit_id: unit, created_by: workerUser.id, created_at: at }).execute();
          return s.id;
        },
        exists: (id) => exists(app.db.selectFrom('chat_sessions').select('id').where('id', '=', id).execute()),
      },
    },
    consent: {
      'withdrawn consent': {
        place: async (at) => {
          const { personId } = await closedCase();
          const c = await app.db
            .insertInto('consents')
            .values({ person_id: personId, actor_kind: 'healthcare', actor_name: 'Fiktiv vårdcentral', scope: 'Fiktiv omfattning', form: 'oral', legal_basis: null, given_on: '2020-01-01', expires_on: null, recorded_by: null, withdrawn_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          return c.id;
        },
        exists: (id) => exists(app.db.selectFrom('consents').select('id').where('id', '=', id).execute()),
      },
    },
    booking: {
      'reception booking, its appointment over': {
        place: async (at) => {
          const r = await makeReception(app.db, { unit: 'Vuxenenheten (gallring)', week: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], group: 'victims', opens: '00:00', closes: '23:59' }] });
          const startsAt = new Date(at.getTime() - 3_600_000);
          const b = await app.db
            .insertInto('bookings')
            .values({ reception_id: r.id, room_id: r.rooms[0]!, target_group: 'victims', starts_at: startsAt, ends_at: at, local_date: swedishDate(startsAt), pseudonym: 'Fiktiv', source: 'staff' })
            .returning('id')
            .executeTakeFirstOrThrow();
          return b.id;
        },
        exists: (id) => exists(app.db.selectFrom('bookings').select('id').where('id', '=', id).execute()),
      },
    },
    training_completion: {
      'completion of a staff member whose account was deactivated': {
        place: async (at) => {
          const departed = await t.user([{ role: 'caseworker', unit: 'Vuxenenheten (gallring)' }]);
          const training = await makeTraining(app.db);
          const c = await app.db
            .insertInto('training_completions')
            .values({ user_id: departed.id, training_id: training.id, completed_on: '2020-01-01', source: 'import', seminar_id: null, recorded_by: null })
            .returning('id')
            .executeTakeFirstOrThrow();
          // Deactivated at `at` (the account's last change).
          await app.db.updateTable('users').set({ active: false, updated_at: at }).where('id', '=', departed.id).execute();
          return c.id;
        },
        exists: (id) => exists(app.db.selectFrom('training_completions').select('id').where('id', '=', id).execute()),
      },
    },
    case: {
      'closed case': {
        place: async (at) => (await closedCase(at)).id,
        exists: (id) => exists(app.db.selectFrom('cases').select('id').where('id', '=', id).execute()),
      },
      'contact never opened as a case': {
        place: async (at) => {
          const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: null }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv väntande' }));
          expect(reg.body.case).toBeNull();
          await app.db.updateTable('contacts').set({ registered_at: at }).where('id', '=', reg.body.contactId).execute();
          return reg.body.contactId as string;
        },
        exists: (id) => exists(app.db.selectFrom('contacts').select('id').where('id', '=', id).execute()),
      },
    },
  };

  test('every retention rule has boundary fixtures here', () => {
    expect(retentionRules.map((r) => r.recordType).sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  const cases = Object.entries(FIXTURES).flatMap(([recordType, placers]) => Object.entries(placers).flatMap(([what, placer]) => NOWS.map(([label, local]) => ({ recordType, what, placer, label, local }))));
  test.each(cases)('$recordType — $what, now $label', async ({ recordType, placer, local }) => {
    const n = keepDaysOf(recordType);
    const now = stockholm(local);
    const records = {
      'N−1 days (wall-clock)': await placer.place(stockholm(daysBefore(local, n - 1))),
      'exactly N×24 h': await placer.place(new Date(now.getTime() - n * DAY)),
      'N×24 h and a minute': await placer.place(new Date(now.getTime() - n * DAY - MINUTE)),
      'N+1 days (wall-clock)': await placer.place(stockholm(daysBefore(local, n + 1))),
    };
    const result = await purge(now);
    expect(result.error).toBeNull();
    const kept: Record<string, boolean> = {};
    for (const [k, id] of Object.entries(records)) kept[k] = await placer.exists(id);
    expect(kept).toEqual({ 'N−1 days (wall-clock)': true, 'exactly N×24 h': true, 'N×24 h and a minute': false, 'N+1 days (wall-clock)': false });
  });

  test('an abandoned sign-in goes once it has expired, not before', async () => {
    const now = stockholm('2026-01-15T00:30');
    const ids = { expired: `p-${randomBytes(6).toString('hex')}`, atNow: `p-${randomBytes(6).toString('hex')}`, open: `p-${randomBytes(6).toString('hex')}` };
    await app.db
      .insertInto('pending_sign_ins')
      .values([
        { id: ids.expired, user_id: workerUser.id, stage: 'totp', candidate_secret: null, expires_at: new Date(now.getTime() - MINUTE) },
        { id: ids.atNow, user_id: workerUser.id, stage: 'totp', candidate_secret: null, expires_at: now },
        { id: ids.open, user_id: workerUser.id, stage: 'totp', candidate_secret: null, expires_at: new Date(now.getTime() + MINUTE) },
      ])
      .execute();
    await purge(now);
    const left = (await app.db.selectFrom('pending_sign_ins').select('id').where('id', 'in', Object.values(ids)).execute()).map((r) => r.id).sort();
    expect(left).toEqual([ids.atNow, ids.open].sort());
  });

  test('a chat escalated with consent stays, however old, until intake has taken it; a taken one goes with its chat', async () => {
    const counsellor = await t.user([{ role: 'chat_counsellor', unit: 'Chatt (gallring)' }]);
    const longAgo = stockholm('2025-06-01T12:00');
    const now = stockholm('2026-01-15T00:30');
    const escalated = async (status: 'awaiting_intake' | 'taken_into_case') => {
      const s = await app.db
        .insertInto('chat_sessions')
        .values({ kind: 'live', token_hash: `boundary-${randomBytes(6).toString('hex')}`, target_group: 'selling', queue: 'general', language: 'sv', status: 'ended', counsellor_id: counsellor.id, created_at: longAgo, ended_at: longAgo })
        .returning('id')
        .executeTakeFirstOrThrow();
      const consent = await app.db.insertInto('chat_consents').values({ session_id: s.id, consent_text: 'Fiktivt samtycke.', language: 'sv' }).returning('id').executeTakeFirstOrThrow();
      const c = status === 'taken_into_case' ? (await closedCase()).id : null;
      await app.db.insertInto('chat_escalations').values({ session_id: s.id, consent_id: consent.id, target_unit_id: unit, created_by: counsellor.id, case_id: c, taken_at: c ? longAgo : null, status }).execute();
      return s.id;
    };
    const waiting = await escalated('awaiting_intake');
    const taken = await escalated('taken_into_case');
    await purge(now);
    const left = (await app.db.selectFrom('chat_sessions').select('id').where('id', 'in', [waiting, taken]).execute()).map((r) => r.id);
    expect(left).toEqual([waiting]);
    expect(await app.db.selectFrom('chat_escalations').select('id').where('session_id', '=', taken).execute()).toEqual([]);
  });

  test('a closed case whose last journal entry is recent stays, even if it was closed long ago', async () => {
    const n = keepDaysOf('case');
    // Both cases: an unsigned journal entry, then closed — and (as if years had passed) closed long ago.
    const make = async () => {
      const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: unit }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv sen anteckning' }));
      const id = reg.body.case.id as string;
      const entry = await worker.post(`/api/cases/${id}/journal`, { text: 'Fiktiv anteckning, osignerad.' });
      expect(entry.status).toBe(201);
      const page = await worker.get(`/api/cases/${id}`);
      expect((await worker.post(`/api/cases/${id}/status`, { version: page.body.version, status: 'closed' })).status).toBe(200);
      const closedLongAgo = new Date(Date.now() - (n + 400) * DAY);
      await app.db.updateTable('cases').set({ opened_at: closedLongAgo, closed_at: closedLongAgo, last_activity_at: closedLongAgo }).where('id', '=', id).execute();
      await app.db.updateTable('case_steps').set({ at: closedLongAgo }).where('case_id', '=', id).execute();
      await app.db.updateTable('journal_entries').set({ written_at: closedLongAgo }).where('case_id', '=', id).execute();
      return { id, entryId: entry.body.id as string };
    };
    const recent = await make();
    const untouched = await make();
    // Today the caseworker signs the entry of the first one: its last entry is now.
    expect((await worker.post(`/api/cases/${recent.id}/journal/${recent.entryId}/sign`)).status).toBe(200);

    const existing = async () => (await app.db.selectFrom('cases').select('id').where('id', 'in', [recent.id, untouched.id]).execute()).map((r) => r.id);
    await purge(new Date());
    expect(await existing()).toEqual([recent.id]);
    // And it goes N+1 days after that entry.
    await purge(new Date(Date.now() + (n - 1) * DAY));
    expect(await existing()).toEqual([recent.id]);
    await purge(new Date(Date.now() + (n + 1) * DAY));
    expect(await existing()).toEqual([]);
    // A purge in the future also ended every session (sign-in residue): the next tests sign in afresh.
    await signInWorker();
  });

  test('an open case is never purged, however old its last activity, nor a closed case of a person with an open one (the personakt); the person goes with their last case', async () => {
    const n = keepDaysOf('case');
    const old = new Date(Date.now() - (n + 30) * DAY);
    // One person, two cases: one closed long ago, one still open and untouched as long.
    const first = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: unit }, { identityMode: 'identified', personnummer: '19660917-9855', name: 'Fiktiv Tvåärendesson' }));
    const second = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: unit }, { identityMode: 'identified', personnummer: '19660917-9855', name: 'Fiktiv Tvåärendesson' }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.personId).toBe(first.body.personId);
    const page = await worker.get(`/api/cases/${first.body.case.id}`);
    expect((await worker.post(`/api/cases/${first.body.case.id}/status`, { version: page.body.version, status: 'closed' })).status).toBe(200);
    await app.db.updateTable('cases').set({ last_activity_at: old }).where('id', 'in', [first.body.case.id, second.body.case.id]).execute();
    await app.db.updateTable('contacts').set({ registered_at: old }).where('id', 'in', [first.body.contactId, second.body.contactId]).execute();

    await purge(new Date());
    const kept = (await app.db.selectFrom('cases').select('id').where('id', 'in', [first.body.case.id, second.body.case.id]).execute()).map((r) => r.id);
    expect(kept.sort()).toEqual([first.body.case.id, second.body.case.id].sort());
    expect(await app.db.selectFrom('persons').select('id').where('id', '=', first.body.personId).execute()).toHaveLength(1);
    expect(await app.db.selectFrom('contacts').select('id').where('id', '=', second.body.contactId).execute()).toHaveLength(1);

    // Closed too, and as old: now the person goes with it.
    const p2 = await worker.get(`/api/cases/${second.body.case.id}`);
    expect((await worker.post(`/api/cases/${second.body.case.id}/status`, { version: p2.body.version, status: 'closed' })).status).toBe(200);
    await app.db.updateTable('cases').set({ last_activity_at: old }).where('id', '=', second.body.case.id).execute();
    await purge(new Date());
    expect(await app.db.selectFrom('cases').select('id').where('id', 'in', [first.body.case.id, second.body.case.id]).execute()).toEqual([]);
    expect(await app.db.selectFrom('persons').select('id').where('id', '=', first.body.personId).execute()).toEqual([]);
  });
});
