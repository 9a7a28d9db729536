import { beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { luhnCheckDigit } from '../persons/personnummer.ts';
import { unitId } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { daysAgo, makeContact } from '../cases/testing.ts';

/**
 * Issue 8, items 1, 2 and 6: each test performs the attack a staff account could make and checks
 * that it no longer works. Everything is fictional; the personnummer are Luhn-valid test-style
 * numbers (serial 98xx) made below.
 */

/** A fictional, Luhn-valid twelve-digit personnummer YYYYMMDD-98NC for a date. */
function pnr(date: string, serial: number): string {
  const nine = `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}98${serial}`;
  return `${date.slice(0, 4)}${date.slice(5, 7)}${date.slice(8, 10)}-98${serial}${luhnCheckDigit(nine)}`;
}

const UNITS = { adultB: 'Vuxenenhet B (säkerhet)', childrenA: 'Barn och unga A (säkerhet)' } as const;

describe.each(databaseTargets())('protected identity and person linking on $name', (target) => {
  const t = useTestApp(target);
  let ownerB: TestClient; // caseworker of the adult unit B, where the person is a client
  let attackerA: TestClient; // caseworker of the children's unit A
  let coordinatorB: TestClient; // coordinator of B: cases.write, no persons.open_protected
  let reviewer: TestClient;
  let unitB: string;

  beforeAll(async () => {
    unitB = await unitId(t.db, UNITS.adultB, 'adult');
    await unitId(t.db, UNITS.childrenA, 'children');
    ownerB = await t.signedIn([{ role: 'caseworker', unit: UNITS.adultB }]);
    attackerA = await t.signedIn([{ role: 'caseworker', unit: UNITS.childrenA }]);
    coordinatorB = await t.signedIn([{ role: 'coordinator', unit: UNITS.adultB }]);
    reviewer = await t.signedIn([{ role: 'audit_reviewer', unit: null }]);
  });

  /** A protected adult client of unit B, registered by B's caseworker. */
  async function protectedClientOfB(p: { pnr: string; name: string; address: string; phone: string }) {
    const r = await ownerB.post(
      '/api/intake/contacts',
      makeContact(
        { statedAge: null, unitId: unitB },
        { identityMode: 'identified', personnummer: p.pnr, name: p.name, riskFactors: ['migration'], protection: 'skyddad_folkbokforing', address: p.address, phone: p.phone },
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.case.unitId).toBe(unitB);
    return r.body as { personId: string; case: { id: string } };
  }

  const count = async (table: 'contacts' | 'cases' | 'persons') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('item 1: a caseworker of another unit cannot attach a contact to an existing person by personnummer (nor reach them through an old date)', async () => {
    const victim = { pnr: pnr('1985-04-12', 1), name: 'Fiktiva Länkadsson', address: 'Hemliga gränd 7', phone: '070-111 22 33' };
    const { personId } = await protectedClientOfB(victim);
    const before = await Promise.all([count('contacts'), count('cases'), count('persons')]);

    // The attack: the same personnummer, a date decades back so that the person "is a child" and
    // the case routes to the attacker's own children's unit.
    const attack = await attackerA.post(
      '/api/intake/contacts',
      makeContact({ statedAge: null, receivedOn: '1995-06-01' }, { identityMode: 'identified', personnummer: victim.pnr, name: 'Vem som helst' }),
    );
    expect(attack.status, JSON.stringify(attack.body)).not.toBe(201);
    // Without the old date the match itself is refused, with a clear code and nothing about the person.
    const match = await attackerA.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: await unitId(t.db, UNITS.childrenA) }, { identityMode: 'identified', personnummer: victim.pnr, name: 'Vem som helst' }));
    expect(match.status).toBe(409);
    expect(match.body.error).toBe('personExistsInOtherUnit');
    expect(match.body.message).toMatch(/annan enhet/);
    const answered = JSON.stringify([attack.body, match.body]);
    for (const secret of [personId, victim.name, victim.address, victim.phone, victim.pnr.slice(2)]) expect(answered).not.toContain(secret);
    // Nothing was registered, and the person stays out of the attacker's reach.
    expect(await Promise.all([count('contacts'), count('cases'), count('persons')])).toEqual(before);
    expect((await attackerA.get(`/api/persons/${personId}`)).status).toBe(404);
    expect((await attackerA.post(`/api/persons/${personId}/open-protected`, { reason: 'Jag vill se adressen' })).status).toBe(404);
    // The attempt is in the log, under the person, so the review of "who looked at X" finds it.
    const entries = await reviewer.get(`/api/audit/entries?personId=${personId}&limit=500`);
    expect(entries.body.some((e: { action: string; recordType: string; fields: string[] }) => e.action === 'search' && e.recordType === 'person' && e.fields.includes('personnummer'))).toBe(true);

    // The owning unit itself still finds its own client again (one person, one record).
    const again = await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: unitB }, { identityMode: 'identified', personnummer: victim.pnr }));
    expect(again.status).toBe(201);
    expect(again.body.personId).toBe(personId);
  });

  test('item 1: the answer in English, too', async () => {
    const victim = { pnr: pnr('1979-09-30', 2), name: 'Fiktiv Engelsk', address: 'Dold väg 3', phone: '070-222 33 44' };
    await protectedClientOfB(victim);
    const english = await t.signedIn([{ role: 'caseworker', unit: UNITS.childrenA }]);
    const r = await english.request('POST', '/api/intake/contacts', makeContact({ statedAge: 30 }, { identityMode: 'identified', personnummer: victim.pnr }), { 'accept-language': 'en' });
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/another unit/);
  });

  test('item 1: receivedOn has a lower bound, and an old date moves a case to another unit kind only with a recorded reason', async () => {
    const body = (overrides: Record<string, unknown>) => makeContact({ statedAge: null, ...overrides }, { identityMode: 'anonymous', birthDate: '2000-03-01' });
    const tooOld = await ownerB.post('/api/intake/contacts', body({ receivedOn: daysAgo(400) }));
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.error).toBe('receivedOnTooOld');
    // Within the year and without a reason, the age today routes: an adult today goes to the adult unit.
    const recent = await ownerB.post('/api/intake/contacts', body({ receivedOn: daysAgo(200) }));
    expect(recent.status).toBe(201);
    expect(recent.body).toMatchObject({ ageGroup: 'adult', case: { unitKind: 'adult' } });
    // Someone who was 17 at the time of a contact half a year ago and is 18 today.
    const turned18 = new Date(Date.now() - 100 * 86_400_000);
    turned18.setUTCFullYear(turned18.getUTCFullYear() - 18);
    const birthDate = turned18.toISOString().slice(0, 10);
    const noReason = await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, receivedOn: daysAgo(180) }, { identityMode: 'anonymous', birthDate }));
    expect(noReason.body).toMatchObject({ ageGroup: 'adult', case: { unitKind: 'adult' } });
    const reason = 'Anmälan från skolan kom fram först nu';
    const withReason = await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, receivedOn: daysAgo(180), receivedOnReason: reason }, { identityMode: 'anonymous', birthDate }));
    expect(withReason.status).toBe(201);
    expect(withReason.body).toMatchObject({ ageGroup: '15_17', case: { unitKind: 'children' } });
    const stored = await t.db.selectFrom('contacts').select(['received_on_reason']).where('id', '=', withReason.body.contactId).executeTakeFirstOrThrow();
    expect(stored.received_on_reason).toBe(reason);
    const logged = await t.db.selectFrom('audit_log').select(['fields']).where('record_type', '=', 'contact').where('record_id', '=', withReason.body.contactId).executeTakeFirstOrThrow();
    expect(logged.fields).toContain('receivedOnReason');
    // A date far back is accepted with a reason (and the reason is kept).
    const old = await ownerB.post('/api/intake/contacts', body({ receivedOn: daysAgo(800), receivedOnReason: 'Efterregistrering av en gammal kontakt' }));
    expect(old.status).toBe(201);
  });

  test('item 2: a user without persons.open_protected cannot lower protection to read the address', async () => {
    const victim = { pnr: pnr('1990-01-15', 3), name: 'Fiktiv Skyddsdottir', address: 'Okänd stig 12', phone: '070-333 44 55' };
    const { personId } = await protectedClientOfB(victim);
    const person = await coordinatorB.get(`/api/persons/${personId}`);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ contactDetailsHidden: true, address: null, phone: null });

    // The attack: PATCH protection to none and read the response.
    const lowered = await coordinatorB.patch(`/api/persons/${personId}`, { version: person.body.version, protection: 'none' });
    expect(JSON.stringify(lowered.body)).not.toContain(victim.address);
    expect(JSON.stringify(lowered.body)).not.toContain('333 44');
    expect(lowered.status).toBe(403);
    expect(lowered.body.error).toBe('lowerProtectionNeedsPermission');
    expect((await t.db.selectFrom('persons').select('protection').where('id', '=', personId).executeTakeFirstOrThrow()).protection).toBe('skyddad_folkbokforing');
    // Raising or keeping protection, and other changes, stay open to the coordinator, and hide the details.
    const raised = await coordinatorB.patch(`/api/persons/${personId}`, { version: person.body.version, protection: 'fingerade_personuppgifter', phone: '070-999 88 77' });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ contactDetailsHidden: true, address: null, phone: null });

    // With the permission, lowering needs a reason; the reason is the audit purpose.
    const current = await ownerB.get(`/api/persons/${personId}`);
    const noReason = await ownerB.patch(`/api/persons/${personId}`, { version: current.body.version, protection: 'none' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toBe('protectionReasonRequired');
    const reason = 'Skyddet har upphört enligt Skatteverket';
    const ok = await ownerB.patch(`/api/persons/${personId}`, { version: current.body.version, protection: 'none', protectionReason: reason });
    expect(ok.status).toBe(200);
    // Even the one who lowered it gets no contact details in this response: it was protected when asked.
    expect(ok.body).toMatchObject({ protection: 'none', contactDetailsHidden: true, address: null, phone: null });
    const entries = await reviewer.get(`/api/audit/entries?personId=${personId}&limit=500`);
    expect(entries.body.find((e: { purpose: string }) => e.purpose === reason)).toMatchObject({ action: 'update', fields: ['protection'] });
  });

  test('item 2: when intake meets an existing person, the stricter protection wins', async () => {
    const r = await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: unitB }, { identityMode: 'identified', personnummer: pnr('1970-11-11', 4), name: 'Fiktiv Oskyddad', address: 'Öppen väg 1' }));
    expect(r.status).toBe(201);
    const again = await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: unitB }, { identityMode: 'identified', personnummer: pnr('1970-11-11', 4), protection: 'sekretessmarkering' }));
    expect(again.status).toBe(201);
    expect(again.body.personId).toBe(r.body.personId);
    const person = await ownerB.get(`/api/persons/${r.body.personId}`);
    expect(person.body).toMatchObject({ protection: 'sekretessmarkering', contactDetailsHidden: true, address: null });
    // A weaker level given later does not lower it.
    await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: unitB }, { identityMode: 'identified', personnummer: pnr('1970-11-11', 4), protection: 'none' }));
    expect((await ownerB.get(`/api/persons/${r.body.personId}`)).body.protection).toBe('sekretessmarkering');
  });

  test('item 2: an autosaved draft of a protected person keeps no address or contact detail', async () => {
    const data = { channel: 'phone', identityMode: 'identified', name: 'Fiktiv Utkast', protection: 'skyddad_folkbokforing', address: 'Utkastvägen 5', phone: '070-444 55 66', email: 'utkast@example.org', summary: 'Fiktivt.' };
    const saved = await ownerB.put('/api/intake/drafts/skyddat-utkast', { data });
    expect(saved.status).toBe(200);
    const stored = await t.db.selectFrom('intake_drafts').select(sql<string>`data::text`.as('text')).where('key', '=', 'skyddat-utkast').executeTakeFirstOrThrow();
    for (const secret of ['Utkastvägen', '444 55', 'utkast@example.org']) expect(stored.text).not.toContain(secret);
    const read = await ownerB.get('/api/intake/drafts/skyddat-utkast');
    expect(read.body.data).toMatchObject({ name: 'Fiktiv Utkast', protection: 'skyddad_folkbokforing' });
    expect(read.body.data.address ?? null).toBeNull();
    // An unprotected person's draft keeps them.
    await ownerB.put('/api/intake/drafts/oskyddat-utkast', { data: { ...data, protection: 'none' } });
    expect((await ownerB.get('/api/intake/drafts/oskyddat-utkast')).body.data.address).toBe('Utkastvägen 5');
  });

  test('item 6: a search by personnummer is audited with the persons it returned, never with the term', async () => {
    const number = pnr('1988-08-08', 5);
    const reg = await ownerB.post('/api/intake/contacts', makeContact({ statedAge: null, unitId: unitB }, { identityMode: 'identified', personnummer: number, name: 'Fiktiv Sökdotter' }));
    expect(reg.status).toBe(201);
    const searcher = await t.user([{ role: 'caseworker', unit: UNITS.adultB }]);
    const client = await t.client().signIn(searcher);
    const found = await client.post('/api/cases/search', { query: number.slice(2) });
    expect(found.body.map((c: { personLabel: string }) => c.personLabel)).toContain('Fiktiv Sökdotter');
    const listed = await client.get('/api/cases?limit=200');
    expect(listed.status).toBe(200);

    // "Who looked at this person?" finds the search and the list.
    const entries = await reviewer.get(`/api/audit/entries?personId=${reg.body.personId}&userId=${searcher.id}&limit=500`);
    expect(entries.body.map((e: { action: string }) => e.action).sort()).toEqual(['list', 'search']);
    // One entry per search, holding every person it returned, and no spelling of the term.
    const rows = await t.db.selectFrom('audit_log').selectAll().where('actor_user_id', '=', searcher.id).where('action', '=', 'search').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.person_ids).toContain(reg.body.personId);
    const digits = number.replace(/\D/g, '');
    const text = JSON.stringify(rows);
    for (const spelling of [digits, digits.slice(2), number, number.slice(2)]) expect(text).not.toContain(spelling);
    for (const spelling of [digits, digits.slice(2), number.slice(2)]) expect(t.app.logs()).not.toContain(spelling);
  });
});
