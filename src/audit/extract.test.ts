import { beforeAll, describe, expect, test } from 'vitest';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';
import { extractCsv } from './extract.ts';
import { todayInStockholm } from '../core/time/stockholm.ts';

// Fictional, valid by the Luhn rule (Skatteverket's test series).
const PNR = '198112289874';

describe('the extract as CSV', () => {
  test('quotes commas, quotes and line breaks (RFC 4180) and ends rows with CRLF', () => {
    const csv = extractCsv([{ at: new Date('2026-10-14T08:00:00Z'), actorName: 'Ann "A", Berg', actorRole: 'caseworker', actorUnit: 'Nexus\nvuxna', action: 'read', recordType: 'case', fields: ['status', 'journal'], purpose: 'case work' }]);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[1]).toBe('2026-10-14T08:00:00.000Z,"Ann ""A"", Berg",caseworker,"Nexus\nvuxna",read,case,status journal,case work');
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
    const csv = await reviewer.get(`/api/audit/extract.csv?personId=${reg.body.personId}&from=${today}&to=${today}`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect((csv.body as string).split('\r\n').filter((l) => l.includes(',read,case,')).length).toBe(1);
    const audited = await t.db.selectFrom('audit_log').select(['person_id']).where('actor_user_id', '=', reviewerId).where('record_type', '=', 'audit_extract').execute();
    expect(audited).toEqual([{ person_id: reg.body.personId }, { person_id: reg.body.personId }]);
  });

  test('only the reviewer may look persons up', async () => {
    expect((await worker.get('/api/audit/persons?q=Fiktiva')).status).toBe(403);
  });
});
