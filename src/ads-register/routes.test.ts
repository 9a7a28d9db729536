import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import type { TestClient } from '../testing/client.ts';
import { generateCorpus } from './generator.ts';

const KEY = 'routes-test-key-0123456789abcdef0123';

/** The register through the API: a background import with progress, groups with evidence, a split that a later import keeps, contact attempts, counts. */
describe.each(databaseTargets())('ads register routes on $name', (target) => {
  // The job runner on: imports are queued as jobs.
  const t = useTestApp(target, { env: { ADS_REGISTER_ENABLED: 'true', ADS_HMAC_KEY: KEY, RUN_JOBS: 'true' } });
  const corpus = generateCorpus({ ads: 400, seed: 11 });
  const lines = corpus.map((c) => JSON.stringify(c.ad));

  async function importFile(worker: TestClient, content: string, allowPartial = false) {
    const started = await worker.post('/api/ads/imports', { fileName: 'ads.jsonl', content, allowPartial });
    expect(started.status).toBe(202);
    for (let i = 0; i < 300; i++) {
      const r = await worker.get(`/api/ads/imports/${started.body.id}`);
      if (r.body.state !== 'running') return r.body as { state: string; imported: number; totalRows: number; doneRows: number; errors: Array<{ row: number }> };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the import did not finish');
  }

  test('import, groups with their evidence, a split kept by the next import, a contact attempt', async () => {
    const worker = await t.signedIn([{ role: 'outreach_worker', unit: 'Uppsökarna (test)' }]);
    const refused = await importFile(worker, [...lines.slice(0, 300), '{"url": "broken'].join('\n'));
    expect(refused.state).toBe('failed');
    expect(refused.errors.map((e) => e.row)).toContain(301);
    expect((await worker.get('/api/ads/groups')).body).toEqual([]);

    const done = await importFile(worker, lines.slice(0, 300).join('\n'));
    expect(done).toMatchObject({ state: 'done', imported: 300, totalRows: 300, doneRows: 300 });
    // The job ended its staged file with the import.
    expect(await t.db.selectFrom('ads_import_files').select('import_id').execute()).toEqual([]);
    const groups = (await worker.get('/api/ads/groups')).body as Array<{ id: string; ads: number }>;
    expect(groups.length).toBeGreaterThan(0);
    // The largest group with a link to split.
    let group: { id: string; links: Array<{ urlA: string; urlB: string; kind: string; similarity: number }>; ads: Array<{ url: string }> } | undefined;
    for (const g of groups) {
      const body = (await worker.get(`/api/ads/group?id=${encodeURIComponent(g.id)}`)).body;
      if (body.links.length > 0 && body.ads.length >= 2) {
        group = body;
        break;
      }
    }
    expect(group).toBeDefined();
    const link = group!.links[0]!;
    expect(['phone', 'email', 'text', 'image']).toContain(link.kind);
    expect(link.similarity).toBeGreaterThan(0);

    const split = await worker.post('/api/ads/decisions', { urlA: link.urlA, urlB: link.urlB, decision: 'split' });
    expect(split.status).toBe(200);
    expect(split.body.groupOfA).not.toBe(split.body.groupOfB);
    // A re-run with more ads (and the same ads seen again) keeps the split.
    expect((await importFile(worker, lines.join('\n'))).state).toBe('done');
    const after = await t.db.selectFrom('ads_ads').select(['url', 'group_id']).where('url', 'in', [link.urlA, link.urlB]).execute();
    expect(after[0]!.group_id).not.toBe(after[1]!.group_id);

    const attempt = await worker.post('/api/ads/contact-attempts', { groupId: split.body.groupOfA, attemptedOn: '2026-12-04', channel: 'sms', template: 'Första kontakt (fiktiv mall)', answer: 'no_answer' });
    expect(attempt.status).toBe(201);
    const page = (await worker.get(`/api/ads/group?id=${encodeURIComponent(split.body.groupOfA)}`)).body;
    expect(page.attempts).toHaveLength(1);
    expect(page.decisions.some((d: { decision: string }) => d.decision === 'split')).toBe(true);
    expect((await worker.post('/api/ads/contact-attempts', { groupId: 'https://x.example/none', attemptedOn: '2026-12-04', channel: 'sms', template: 'x', answer: 'no_answer' })).status).toBe(404);
  });

  test('counts for statistics; who may do what', async () => {
    const analyst = await t.signedIn([{ role: 'analyst', unit: null }]);
    const counts = (await analyst.get('/api/ads/statistics')).body;
    expect(counts.probablePosters).toBeGreaterThan(0);
    expect((await analyst.get('/api/ads/groups')).status).toBe(403);
    const manager = await t.signedIn([{ role: 'unit_manager', unit: 'Uppsökarna (test)' }]);
    expect((await manager.get('/api/ads/groups')).status).toBe(200);
    expect((await manager.post('/api/ads/decisions', { urlA: 'a', urlB: 'b', decision: 'split' })).status).toBe(403);
    expect((await manager.post('/api/ads/imports', { fileName: 'a.jsonl', content: '{}' })).status).toBe(403);
  });
});

describe.each(databaseTargets().slice(0, 1))('ads register switched off on $name', (target) => {
  const t = useTestApp(target);
  test('an import is refused with a clear message when no key is configured', async () => {
    const worker = await t.signedIn([{ role: 'outreach_worker', unit: 'Uppsökarna (test)' }]);
    const r = await worker.post('/api/ads/imports', { fileName: 'a.jsonl', content: '{"url":"https://x.example/1"}' });
    expect(r.status).toBe(503);
    expect(r.body.message).toMatch(/ADS_HMAC_KEY/);
  });
});
