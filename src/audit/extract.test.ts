import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';
import { extractCsv } from './extract.ts';
import { auditLabelsOf, fieldLabel } from './labels.ts';
import { capabilities } from '../capabilities.ts';
import { todayInStockholm } from '../core/time/stockholm.ts';

// Fictional, valid by the Luhn rule (Skatteverket's test series).
const PNR = '198112289874';

const labels = auditLabelsOf(capabilities);
const row = { at: new Date('2026-10-14T08:00:00Z'), actorName: 'Ann "A", Berg', actorRole: 'caseworker', actorUnit: 'Nexus\nvuxna', action: 'read', recordType: 'person', fields: ['birthYear', 'name'], purpose: 'case work' };

describe('the extract as CSV', () => {
  test('quotes commas, quotes and line breaks (RFC 4180) and ends rows with CRLF', () => {
    const lines = extractCsv([row], labels, 'sv').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[1]).toMatch(/^2026-10-14 10:00:00,"Ann ""A"", Berg",[^,]+,"Nexus\nvuxna",/);
  });

  test('in words as the printed page shows them, in Swedish by default and in English when asked: no code of the log', () => {
    const sv = extractCsv([row, { ...row, actorName: null, actorRole: null, actorUnit: null, action: 'update', purpose: 'Behövde kontrollera adressen' }], labels, 'sv').replace(/^\uFEFF/, '').split('\r\n');
    expect(sv[0]).toBe('Tid (svensk tid),Personal,Roll,Enhet,Händelse,Uppgift om,Uppgifter,Ändamål');
    // The same functions and manifests as the page (labels.ts), not a copy of their words.
    const person = labels.recordTypes.person!.sv;
    expect(sv[1]).toBe(`2026-10-14 10:00:00,"Ann ""A"", Berg",Handläggare,"Nexus\nvuxna",Läste,${person},"Födelseår, ${fieldLabel(labels, 'person', 'name', 'sv')}",Handläggning`);
    // A reason someone wrote stays as written; the system acts without a role or unit.
    expect(sv[2]).toBe(`2026-10-14 10:00:00,Systemet,,,Ändrade,${person},"Födelseår, ${fieldLabel(labels, 'person', 'name', 'sv')}",Behövde kontrollera adressen`);
    const en = extractCsv([row], labels, 'en').replace(/^\uFEFF/, '').split('\r\n');
    expect(en[0]).toBe('Time (Swedish time),Staff,Role,Unit,Event,Record,Fields,Purpose');
    expect(en[1]).toContain(',Caseworker,');
    expect(en[1]).toContain(',Read,');
    expect(en[1]).toContain(',Case work');
    expect(en[1]).toContain(labels.recordTypes.person!.en);
    for (const line of [...sv, ...en]) expect(line).not.toMatch(/\bcaseworker\b|\bread\b|case work|birthYear|,person,/);
  });
});

describe.each(databaseTargets())('a person’s log extract on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  let reviewer: TestClient;
  let reviewerId: string;
  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const r = await t.user([{ role: 'audit_reviewer', unit: null }]);
    reviewerId = r.id;
    reviewer = await t.client().signIn(r);
  });

  test('found by personnummer (the lookup audited), the extract names who read the case and holds no other person', async () => {
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30 }, { identityMode: 'identified', personnummer: PNR, name: 'Fiktiva Extraktperson' }));
    expect(reg.status).toBe(201);
    const other = await worker.post('/api/intake/contacts', makeContact({ statedAge: 31 }));
    await worker.get(`/api/cases/${reg.body.case.id}`);
    await worker.get(`/api/cases/${other.body.case.id}`);

    const hits = await reviewer.get(`/api/audit/persons?q=${PNR}`);
    expect(hits.status).toBe(200);
    expect(hits.body).toEqual([expect.objectContaining({ id: reg.body.personId, name: 'Fiktiva Extraktperson', hasPersonnummer: true })]);
    const lookup = await t.db.selectFrom('audit_log').select(['action', 'record_type', 'person_ids']).where('actor_user_id', '=', reviewerId).where('record_type', '=', 'person').executeTakeFirstOrThrow();
    expect(lookup).toEqual({ action: 'search', record_type: 'person', person_ids: [reg.body.personId] });

    const today = todayInStockholm();
    const extract = await reviewer.get(`/api/audit/extract?personId=${reg.body.personId}&from=${today}&to=${today}`);
    expect(extract.status).toBe(200);
    const reads = extract.body.entries.filter((e: { action: string; recordType: string }) => e.action === 'read' && e.recordType === 'case');
    expect(reads).toEqual([expect.objectContaining({ actorUnit: 'Vuxenenheten (test)', actorRole: 'caseworker' })]);
    expect(JSON.stringify(extract.body)).not.toContain(other.body.personId);
    // The CSV the person gets: Swedish words by default, English on request, never the log's codes.
    const csv = await reviewer.get(`/api/audit/extract.csv?personId=${reg.body.personId}&from=${today}&to=${today}`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(String(csv.headers['content-disposition'])).toContain(`loggutdrag-${today}-${today}.csv`);
    const svLines = (csv.body as string).replace(/^\uFEFF/, '').split('\r\n');
    expect(svLines[0]).toMatch(/^Tid \(svensk tid\),Personal,/);
    expect(svLines.filter((l) => l.includes(',Handläggare,Vuxenenheten (test),Läste,Ärende,')).length).toBe(1);
    expect(csv.body as string).not.toMatch(/,read,|,case,|,caseworker,|,intake,/);
    const en = await reviewer.get(`/api/audit/extract.csv?personId=${reg.body.personId}&from=${today}&to=${today}&lang=en`);
    expect(en.status).toBe(200);
    expect(String(en.headers['content-disposition'])).toContain(`log-extract-${today}-${today}.csv`);
    expect((en.body as string).split('\r\n').filter((l) => l.includes(',Caseworker,Vuxenenheten (test),Read,Case,')).length).toBe(1);
    expect((await reviewer.get(`/api/audit/extract.csv?personId=${reg.body.personId}&from=${today}&to=${today}&lang=fi`)).status).toBe(400);
    const audited = await t.db.selectFrom('audit_log').select(['person_id']).where('actor_user_id', '=', reviewerId).where('record_type', '=', 'audit_extract').execute();
    expect(audited).toEqual([{ person_id: reg.body.personId }, { person_id: reg.body.personId }, { person_id: reg.body.personId }]);
  });

  test('only the reviewer may look persons up', async () => {
    expect((await worker.get('/api/audit/persons?q=Fiktiva')).status).toBe(403);
  });
});
