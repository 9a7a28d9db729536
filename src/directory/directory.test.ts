import { beforeAll, describe, expect, test } from 'vitest';
import { makeContact } from '../cases/testing.ts';
import { unitId } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { DEMO_ENTRIES, seedDirectoryDemo } from './demo.ts';
import { carryOverCaseReferrals } from './migrations/0411_one_referral_model.ts';
import { todayInStockholm } from '../core/time/stockholm.ts';

describe.each(databaseTargets())('the resource directory on $name', (target) => {
  const t = useTestApp(target);
  let manager: TestClient;
  let nexusId: string;
  beforeAll(async () => {
    for (const owner of new Set(DEMO_ENTRIES.map((e) => e.owner))) await unitId(t.db, owner, owner === 'Nexus – vuxna' ? 'adult' : 'other');
    nexusId = await unitId(t.db, 'Nexus – vuxna');
    await seedDirectoryDemo(t.db);
    manager = await t.signedIn([{ role: 'unit_manager', unit: 'Nexus – vuxna' }]);
  });
  const search = async (qs: string, who?: TestClient) => {
    const r = who ? await who.get(`/api/directory/search?${qs}`) : await t.client().get(`/api/directory/public/search?${qs}`);
    expect(r.status).toBe(200);
    return (r.body as Array<{ name: string }>).map((e) => e.name);
  };

  test('housing for a young trans man is found in Swedish and in English', async () => {
    expect(await search('q=skyddat+boende&gender=trans&age=19')).toEqual(['Skyddat boende Regnbågen (fiktivt)']);
    expect(await search('q=boende+transperson&age=19&lang=sv')).toContain('Skyddat boende Regnbågen (fiktivt)');
    expect(await search('q=protected+housing&gender=trans&age=19&lang=en')).toEqual(['Skyddat boende Regnbågen (fiktivt)']);
    expect(await search('q=housing+boys&lang=en')).toContain('Skyddat boende Regnbågen (fiktivt)');
    // Women only are not served there.
    expect(await search('q=boende&gender=women')).not.toContain('Skyddat boende Regnbågen (fiktivt)');
  });

  test('the public page /hitta-stod: server-rendered, no cookie, public entries only, in Swedish and English', async () => {
    const page = await t.client().request('GET', '/hitta-stod?q=boende&gender=trans&age=19');
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['cache-control']).toContain('no-store');
    const html = page.body as string;
    expect(html).toContain('Skyddat boende Regnbågen (fiktivt)');
    expect(html).toContain('id="quick-exit"');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    const en = (await t.client().request('GET', '/hitta-stod?lang=en&q=protected+housing&gender=trans&age=19')).body as string;
    expect(en).toContain('Skyddat boende Regnbågen (fiktivt)');
    expect(en).toContain('Protected housing for men, boys and trans persons');
    expect(en).toContain('<html lang="en">');
    const all = (await t.client().request('GET', '/hitta-stod?q=regionkoordinator')).body as string;
    expect(all).not.toContain('Regionkoordinator mot människohandel');
    // What the visitor typed comes back escaped.
    expect((await t.client().request('GET', '/hitta-stod?q=%3Cscript%3E')).body).not.toContain('<script>');
    expect((await t.client().request('GET', '/hitta-stod?group=nobody')).status).toBe(400);
    expect((await t.client().request('GET', '/hitta-stod/sida.js')).status).toBe(200);
  });

  test('"no exclusion criteria" is a searchable value; filters combine', async () => {
    const none = await search('q=inga+uteslutningskriterier&targetGroup=buyers&anonymous=true');
    expect(none).toEqual(expect.arrayContaining(['KAST-linjen (fiktiv)']));
    expect(await search('noExclusions=true&notMeansTested=true&targetGroup=buyers&age=30')).not.toContain('Skyddat boende Regnbågen (fiktivt)');
  });

  test('internal entries only for staff', async () => {
    expect(await search('q=regionkoordinator')).toEqual([]);
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    expect(await search('q=regionkoordinator', worker)).toEqual(['Regionkoordinator mot människohandel (fiktiv)']);
  });

  test('CSV: the export imports again; a file with a bad row imports nothing, unless partial is asked for', async () => {
    const exported = await manager.request('GET', '/api/directory/export');
    expect(exported.status).toBe(200);
    const csv = exported.body as string;
    expect(csv.split('\n')[0]).toContain('name,kind,offer_sv');
    const count = async () => Number((await t.db.selectFrom('directory_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const header = csv.split('\n')[0]!;
    const good = 'Testlinjen (fiktiv),national,"Stöd, dygnet runt","Support, day and night",exposed_adults,18,,women;men,sv,Alla dagar,020-40 40 40,,,,ja,inga,nej,,public,2026-01-01';
    const bad = 'Trasig rad,other,x,Support,,tjugo,,,,,,inte-en-epost,,,kanske,,nej,,public,';
    const refused = await manager.post('/api/directory/import', { csv: [header, good, bad].join('\n'), ownerUnitId: nexusId });
    expect(refused.status).toBe(422);
    expect(new Set(refused.body.errors.map((e: { row: number }) => e.row))).toEqual(new Set([3]));
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['kind', 'offerSv', 'targetGroups', 'ageMin', 'email', 'anonymousContact']));
    expect(await count()).toBe(before);
    const partial = await manager.post('/api/directory/import', { csv: [header, good, bad].join('\n'), ownerUnitId: nexusId, partial: true });
    expect(partial.body.imported).toBe(1);
    expect(await search('q=testlinjen')).toEqual(['Testlinjen (fiktiv)']);
    const again = await manager.post('/api/directory/import', { csv, ownerUnitId: nexusId });
    expect(again.status).toBe(200);
    expect(await count()).toBe(before + 1 + before);
    const broken = await manager.post('/api/directory/import', { csv: `${header}\n"unterminated,quote`, ownerUnitId: nexusId });
    expect(broken.status).toBe(422);
    const outsider = await t.signedIn([{ role: 'unit_manager', unit: 'Någon annan enhet (test)' }]);
    expect((await outsider.post('/api/directory/import', { csv, ownerUnitId: nexusId })).status).toBe(403);
  });

  test('an owner edits every field of an entry, hands it to another of its units, deactivates it (found by no search) and brings it back', async () => {
    const kastId = await unitId(t.db, 'KAST', 'kast');
    const both = await t.signedIn([{ role: 'unit_manager', unit: 'Nexus – vuxna' }, { role: 'unit_manager', unit: 'KAST' }]);
    const entry = { name: 'Redigerbar linje (fiktiv)', kind: 'civil_society', offerSv: 'Stödsamtal i grupp.', offerEn: 'Group support talks.', targetGroups: ['relatives'] };
    const created = await both.post('/api/directory/entries', { entry, ownerUnitId: nexusId });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const changed = { ...entry, name: 'Ändrad linje (fiktiv)', targetGroups: ['relatives', 'buyers'], genders: ['men', 'trans'], languages: ['sv', 'ar'], ageMin: 16, exclusionCriteria: null, evidenceNote: 'Fiktiv utvärdering.', phone: '020-55 55 55', visibility: 'public', lastReviewedOn: '2026-01-15' };
    expect((await both.request('PUT', `/api/directory/entries/${id}`, { entry: changed, ownerUnitId: kastId })).status).toBe(204);
    const read = await both.get(`/api/directory/entries/${id}`);
    expect(read.body).toMatchObject({ name: 'Ändrad linje (fiktiv)', targetGroups: ['relatives', 'buyers'], genders: ['men', 'trans'], languages: ['sv', 'ar'], ageMin: 16, exclusionCriteria: null, evidenceNote: 'Fiktiv utvärdering.', lastReviewedOn: '2026-01-15', ownerUnitId: kastId, active: true });
    expect(await search('q=ändrad+linje&gender=trans')).toEqual(['Ändrad linje (fiktiv)']);
    // The old owner alone no longer reaches it; a bad field is refused with its path.
    expect((await manager.get(`/api/directory/entries/${id}`)).status).toBe(404);
    expect((await manager.request('PUT', `/api/directory/entries/${id}`, { entry: changed, ownerUnitId: nexusId })).status).toBe(404);
    const bad = await both.request('PUT', `/api/directory/entries/${id}`, { entry: { ...changed, email: 'inte-en-adress' }, ownerUnitId: kastId });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('entry.email');
    // Deactivated: no search, no review flag, no new referral; the owner still lists it.
    expect((await both.post(`/api/directory/entries/${id}/active`, { active: false })).status).toBe(204);
    expect(await search('q=ändrad+linje')).toEqual([]);
    expect(await search('q=ändrad+linje', both)).toEqual([]);
    expect((await both.get('/api/directory/entries')).body).toEqual(expect.arrayContaining([expect.objectContaining({ id, active: false })]));
    expect((await both.post(`/api/directory/entries/${id}/active`, { active: true })).status).toBe(204);
    expect(await search('q=ändrad+linje')).toEqual(['Ändrad linje (fiktiv)']);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'fields']).where('record_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update']));
  });

  test('a chat canned answer may point at a public entry: inserting it gives the entry’s name and how to reach it; an internal entry is refused', async () => {
    const supervisor = await t.signedIn([{ role: 'unit_manager', unit: 'Nexus – vuxna' }]);
    const line = await t.db.selectFrom('directory_entries').select('id').where('name', '=', 'Nationella stödlinjen för personer som säljer sex (fiktiv)').executeTakeFirstOrThrow();
    const created = await supervisor.post('/api/chat/canned', { language: 'sv', title: 'Stödlinjen', body: 'Du kan också ringa stödlinjen.', directoryEntryId: line.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ directoryEntryId: line.id, entryName: 'Nationella stödlinjen för personer som säljer sex (fiktiv)' });
    expect(created.body.text).toBe('Du kan också ringa stödlinjen.\n\nNationella stödlinjen för personer som säljer sex (fiktiv): telefon 020-10 10 10, webb https://stodlinjen.example.se. Öppet: Alla dagar 10–22.');
    const internal = await t.db.selectFrom('directory_entries').select('id').where('well_known', '=', 'regional_coordinator').executeTakeFirstOrThrow();
    expect((await supervisor.post('/api/chat/canned', { language: 'sv', title: 'Intern', body: 'Intern linje.', directoryEntryId: internal.id })).status).toBe(400);
    expect((await supervisor.request('PUT', `/api/chat/canned/${created.body.id}`, { language: 'sv', title: 'Stödlinjen', body: 'Ring.', directoryEntryId: internal.id })).status).toBe(400);
    // Without an entry, the text is the body.
    const plain = await supervisor.request('PUT', `/api/chat/canned/${created.body.id}`, { language: 'en', title: 'Line', body: 'Call the line.' });
    expect(plain.body).toMatchObject({ directoryEntryId: null, entryName: null, text: 'Call the line.' });
  });

  test('entries not reviewed for twelve months are flagged to their owner until reviewed', async () => {
    const old = await t.db.updateTable('directory_entries').set({ last_reviewed_on: '2020-01-01' }).where('name', '=', 'Migrationsverket (fiktiva uppgifter)').returning('id').executeTakeFirstOrThrow();
    const due = (await manager.get('/api/directory/review-due')).body as Array<{ id: string; reviewDue: boolean }>;
    expect(due.map((e) => e.id)).toContain(old.id);
    const outsider = await t.signedIn([{ role: 'unit_manager', unit: 'Någon annan enhet (test)' }]);
    expect((await outsider.get('/api/directory/review-due')).body.map((e: { id: string }) => e.id)).not.toContain(old.id);
    expect((await outsider.post(`/api/directory/entries/${old.id}/reviewed`, {})).status).toBe(404);
    expect((await manager.post(`/api/directory/entries/${old.id}/reviewed`, {})).status).toBe(204);
    expect((await manager.get('/api/directory/review-due')).body.map((e: { id: string }) => e.id)).not.toContain(old.id);
  });

  test('one referral model: a case refers to the regional coordinator’s entry with consent; outcome; statistics', async () => {
    const adult = await unitId(t.db, 'Vuxenenheten (test)', 'adult');
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const contact = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: adult, traffickingIndicators: ['debt_to_exploiter'] }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv R' }));
    const caseId = contact.body.case.id as string;
    const coordinator = (await t.db.selectFrom('directory_entries').select('id').where('well_known', '=', 'regional_coordinator').executeTakeFirstOrThrow()).id;
    const today = todayInStockholm();
    const noConsent = await worker.post('/api/directory/case-referrals', { caseId, entryId: coordinator, referredOn: today, basis: { kind: 'consent', consentGivenOn: '2999-01-01' } });
    expect(noConsent.body.error).toBe('referralNeedsConsent');
    const made = await worker.post('/api/directory/case-referrals', { caseId, entryId: coordinator, referredOn: today, basis: { kind: 'consent', consentGivenOn: today } });
    expect(made.status).toBe(201);
    expect((await t.db.selectFrom('cases').select('regional_referral').where('id', '=', caseId).executeTakeFirstOrThrow()).regional_referral).toBe('referred');
    const list = await worker.get(`/api/directory/case-referrals?caseId=${caseId}`);
    // The consent is a record of the consents capability, and both the referral and the case name it.
    const consents = (await worker.get(`/api/consents/person/${contact.body.personId}`)).body;
    expect(consents).toEqual([expect.objectContaining({ actorKind: 'regional_coordinator', givenOn: today, status: 'in_force' })]);
    expect(list.body).toEqual([expect.objectContaining({ entryName: 'Regionkoordinator mot människohandel (fiktiv)', basis: 'consent', consentGivenOn: today, consentId: consents[0].id, outcome: 'pending' })]);
    const basis = (await t.db.selectFrom('cases').select('regional_basis').where('id', '=', caseId).executeTakeFirstOrThrow()).regional_basis as { consentId: string };
    expect(basis.consentId).toBe(consents[0].id);
    expect((await worker.post(`/api/directory/referrals/${made.body.id}/outcome`, { outcome: 'accepted' })).status).toBe(204);
    const other = await t.signedIn([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    expect((await other.get(`/api/directory/case-referrals?caseId=${caseId}`)).status).toBe(404);
    expect((await other.post('/api/directory/case-referrals', { caseId, entryId: coordinator, referredOn: today, basis: { kind: 'consent', consentGivenOn: today } })).status).toBe(404);
    const counsellor = await t.signedIn([{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
    const kastLine = (await t.db.selectFrom('directory_entries').select('id').where('name', '=', 'KAST-linjen (fiktiv)').executeTakeFirstOrThrow()).id;
    expect((await counsellor.post('/api/directory/chat-referrals', { entryId: kastLine, referredOn: today })).status).toBe(201);
    const stats = (await manager.get(`/api/directory/referral-statistics?from=${today}&to=${today}`)).body;
    expect(stats).toEqual(expect.arrayContaining([
      { entryName: 'Regionkoordinator mot människohandel (fiktiv)', source: 'case', outcome: 'accepted', count: 1 },
      { entryName: 'KAST-linjen (fiktiv)', source: 'chat', outcome: 'pending', count: 1 },
    ]));
    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type']).where('record_type', '=', 'referral').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'read', 'update']));
  });

  test('a referral may name a consent already recorded: only the person’s own, in force, to that actor', async () => {
    const adult = await unitId(t.db, 'Vuxenenheten (test)', 'adult');
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const contact = await worker.post('/api/intake/contacts', makeContact({ statedAge: 33, unitId: adult }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv S' }));
    const other = await worker.post('/api/intake/contacts', makeContact({ statedAge: 41, unitId: adult }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv T' }));
    const caseId = contact.body.case.id as string;
    const debt = (await t.db.selectFrom('directory_entries').select('id').where('name', '=', 'Budget- och skuldrådgivning (fiktiv)').executeTakeFirstOrThrow()).id;
    const housing = (await t.db.selectFrom('directory_entries').select('id').where('name', '=', 'Skyddat boende Regnbågen (fiktivt)').executeTakeFirstOrThrow()).id;
    const today = todayInStockholm();
    const record = async (personId: string, actorKind: string) =>
      (await worker.post('/api/consents', { personId, actorKind, actorName: 'Fiktiv mottagare', scope: 'Hänvisning', form: 'written', givenOn: today })).body.id as string;
    const toSocial = await record(contact.body.personId, 'social_services');
    const toCivil = await record(contact.body.personId, 'civil_society');
    const othersConsent = await record(other.body.personId, 'social_services');
    const refer = (entryId: string, consentId: string) => worker.post('/api/directory/case-referrals', { caseId, entryId, referredOn: today, basis: { kind: 'consent', consentGivenOn: today, consentId } });
    expect((await refer(debt, othersConsent)).body.error).toBe('consentNotFound');
    expect((await refer(housing, toSocial)).body.error).toBe('consentForAnotherActor');
    const made = await refer(debt, toSocial);
    expect(made.status).toBe(201);
    expect((await refer(housing, toCivil)).status).toBe(201);
    expect((await worker.post(`/api/consents/${toCivil}/withdraw`, { note: null })).status).toBeLessThan(300);
    expect((await refer(housing, toCivil)).body.error).toBe('consentNotInForce');
    const rows = await t.db.selectFrom('referrals').select('consent_id').where('case_id', '=', caseId).execute();
    expect(rows.map((r) => r.consent_id).sort()).toEqual([toSocial, toCivil].sort());
    // No consent recorded anew when one is named.
    expect((await worker.get(`/api/consents/person/${contact.body.personId}`)).body).toHaveLength(2);
  });

  test('Barnahus from the case page: a child’s case, no police report needed, by its well-known entry; never an adult’s', async () => {
    const children = await unitId(t.db, 'Barnenheten (test)', 'children');
    const childWorker = await t.signedIn([{ role: 'caseworker', unit: 'Barnenheten (test)' }]);
    const child = await childWorker.post('/api/intake/contacts', makeContact({ statedAge: 16, statedConsent: true, unitId: children }));
    expect(child.body.case).toMatchObject({ barnahus: 'offered' });
    const today = todayInStockholm();
    const body = { caseId: child.body.case.id, wellKnown: 'barnahus', referredOn: today, policeReport: false, basis: { kind: 'legal_basis', legalBasis: 'Barnahussamverkan (fiktiv grund)' } };
    expect((await childWorker.post('/api/directory/case-referrals', { ...body, entryId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await childWorker.post('/api/directory/case-referrals', body)).status).toBe(201);
    expect((await t.db.selectFrom('cases').select('barnahus').where('id', '=', child.body.case.id).executeTakeFirstOrThrow()).barnahus).toBe('referred');
    const list = (await childWorker.get(`/api/directory/case-referrals?caseId=${child.body.case.id}`)).body;
    expect(list).toEqual([expect.objectContaining({ entryName: 'Barnahus (fiktivt)', basis: 'legal_basis', consentId: null })]);
    const adult = await unitId(t.db, 'Vuxenenheten (test)', 'adult');
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const grown = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: adult }));
    expect((await worker.post('/api/directory/case-referrals', { ...body, caseId: grown.body.case.id })).body.error).toBe('barnahusOnlyForChildren');
    // The old route of the case is gone.
    expect((await childWorker.post(`/api/cases/${child.body.case.id}/referrals`, { to: 'barnahus', version: 1, policeReport: false })).status).toBe(404);
  });
});

describe.each(databaseTargets())('the case referrals before the one model on $name', (target) => {
  const t = useTestApp(target);
  test('Barnahus and regional-coordinator markers become referrals to the well-known entries, with the consent the case named', async () => {
    for (const owner of new Set(DEMO_ENTRIES.map((e) => e.owner))) await unitId(t.db, owner, owner === 'Nexus – vuxna' ? 'adult' : 'other');
    await seedDirectoryDemo(t.db);
    const children = await unitId(t.db, 'Barnenheten (test)', 'children');
    const adult = await unitId(t.db, 'Vuxenenheten (test)', 'adult');
    const childWorker = await t.signedIn([{ role: 'caseworker', unit: 'Barnenheten (test)' }]);
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const child = (await childWorker.post('/api/intake/contacts', makeContact({ statedAge: 16, statedConsent: true, unitId: children }))).body;
    const grown = (await worker.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: adult, traffickingIndicators: ['debt_to_exploiter'] }))).body;
    const consent = (await worker.post('/api/consents', { personId: grown.personId, actorKind: 'regional_coordinator', actorName: 'Regionkoordinatorn', scope: 'Hänvisning', form: 'oral', givenOn: '2026-01-05' })).body.id as string;
    // As the old route left them: markers on the case, no referral rows.
    await t.db.updateTable('cases').set({ barnahus: 'accepted' }).where('id', '=', child.case.id).execute();
    await t.db.updateTable('cases').set({ regional_referral: 'referred', regional_basis: JSON.stringify({ kind: 'consent', consentGivenOn: '2026-01-05', consentId: consent }) }).where('id', '=', grown.case.id).execute();
    await carryOverCaseReferrals(t.db as never);
    await carryOverCaseReferrals(t.db as never); // once only
    const rows = await t.db
      .selectFrom('referrals as r')
      .innerJoin('directory_entries as e', 'e.id', 'r.entry_id')
      .select(['e.well_known', 'r.case_id', 'r.basis', 'r.consent_id', 'r.outcome', 'r.referred_by'])
      .where('r.case_id', 'in', [child.case.id, grown.case.id])
      .execute();
    expect(rows).toEqual(expect.arrayContaining([
      { well_known: 'barnahus', case_id: child.case.id, basis: 'legal_basis', consent_id: null, outcome: 'accepted', referred_by: null },
      { well_known: 'regional_coordinator', case_id: grown.case.id, basis: 'consent', consent_id: consent, outcome: 'pending', referred_by: null },
    ]));
    expect(rows).toHaveLength(2);
    // A referral row without a known referrer still lists.
    expect((await worker.get(`/api/directory/case-referrals?caseId=${grown.case.id}`)).body).toEqual([expect.objectContaining({ referredByName: null, consentId: consent })]);
  });
});
