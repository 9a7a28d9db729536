import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { normalisePhone } from './engine.ts';
import { generateCorpus } from './generator.ts';
import { adsCounts, adsRawTextRule, applyDecision, importAds } from './store.ts';

const KEY = 'store-test-key-0123456789abcdef0123';

describe.each(databaseTargets())('ads register import on $name', (target) => {
  const t = useTestApp(target);
  const corpus = generateCorpus({ ads: 300, seed: 3 });
  const good = corpus.map((c) => JSON.stringify(c.ad));
  const bad = [
    '{"url": "broken',
    JSON.stringify({ ...corpus[0]!.ad, url: 'https://x.example/unknown', colour: 'red' }),
    JSON.stringify({ ...corpus[1]!.ad, url: 'https://x.example/badnumber', phones: ['ring mig'] }),
    JSON.stringify({ ...corpus[2]!.ad }), // the same url observed again
    JSON.stringify({ url: 'https://x.example/huge', text: 'x '.repeat(20_000) }),
  ];
  const content = [...good, ...bad].join('\n');

  test('bad rows: nothing imported unless asked, then the good rows with a row-level report', async () => {
    const refused = await importAds(t.db, { fileName: 'ads.jsonl', content, hmacKey: KEY });
    expect(refused.state).toBe('failed');
    expect(refused.imported).toBe(0);
    expect(await t.db.selectFrom('ads_ads').select('url').execute()).toEqual([]);
    const rows = refused.errors.map((e) => e.row);
    expect(rows).toContain(301); // broken JSON
    expect(rows).toContain(305); // huge text
    expect(refused.errors.find((e) => e.row === 303)?.message).toMatch(/could not parse/);
    expect(refused.warnings).toEqual(['unknown field "colour" ignored (1 rows)']);
    const stored = await t.db.selectFrom('ads_imports').selectAll().where('id', '=', refused.importId).executeTakeFirstOrThrow();
    expect(stored.state).toBe('failed');

    const progress: number[] = [];
    const done = await importAds(t.db, { fileName: 'ads.jsonl', content, hmacKey: KEY, allowPartial: true, onProgress: (d) => progress.push(d) });
    expect(done.state).toBe('done');
    expect(progress.at(-1)).toBe(305);
    const ads = await t.db.selectFrom('ads_ads').select(['url', 'observations', 'group_id']).execute();
    expect(ads).toHaveLength(302); // 300 + unknown column + bad number; the repeat is one ad seen twice
    expect(ads.find((a) => a.url === corpus[2]!.ad.url)!.observations).toBe(2);
    expect(ads.every((a) => a.group_id !== null)).toBe(true);
    // same poster → same group for the phone-sharing ads
    const byUrl = new Map(ads.map((a) => [a.url, a.group_id]));
    expect(byUrl.get('https://x.example/unknown')).toBe(byUrl.get(corpus[0]!.ad.url));
  });

  test('no raw phone number or e-mail address anywhere in the database', async () => {
    const phones = new Set<string>();
    const emails = new Set<string>();
    for (const { ad } of corpus) {
      for (const p of ad.phones) {
        const e164 = normalisePhone(p);
        if (e164) {
          phones.add(e164);
          phones.add(`0${e164.slice(3)}`);
          phones.add(e164.slice(3));
        }
      }
      for (const e of ad.emails) emails.add(e.trim().toLowerCase());
    }
    expect(phones.size).toBeGreaterThan(50);
    expect(emails.size).toBeGreaterThan(3);
    const tables = await sql<{ schemaname: string; tablename: string }>`select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema') and has_table_privilege(quote_ident(schemaname) || '.' || quote_ident(tablename), 'select')`.execute(t.db);
    // Every table this connection can read (the application's own tables; not the migration bookkeeping).
    expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(['ads_ads', 'ads_links', 'ads_imports', 'ads_decisions']));
    const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const phoneRe = new RegExp([...phones].map(escape).join('|'));
    const emailRe = new RegExp([...emails].map(escape).join('|'));
    let scanned = 0;
    const offenders: string[] = [];
    for (const { schemaname, tablename } of tables.rows) {
      const rows = await sql<{ row: string }>`select lower(x::text) as row from ${sql.table(`${schemaname}.${tablename}`)} x`.execute(t.db);
      for (const { row } of rows.rows) {
        if (phoneRe.test(row.replace(/[\s-]/g, '')) || emailRe.test(row)) offenders.push(tablename);
        scanned++;
      }
    }
    expect(offenders).toEqual([]);
    expect(scanned).toBeGreaterThan(300);
  });

  test('the raw text goes after its period, the grouping stays; counts for statistics', async () => {
    const before = await t.db.selectFrom('ads_ads').select(['url', 'group_id']).orderBy('url').execute();
    const now = new Date(Date.now() + 91 * 86_400_000);
    const cleared = await t.db.transaction().execute((tx) => adsRawTextRule.purge(tx, { keepDays: 90, now }));
    expect(cleared).toBeGreaterThan(250);
    expect(await t.db.selectFrom('ads_ads').select('url').where('raw_text', 'is not', null).execute()).toEqual([]);
    expect(await t.db.selectFrom('ads_ads').select(['url', 'group_id']).orderBy('url').execute()).toEqual(before);
    const counts = await adsCounts(t.db, new Date('2027-06-01'));
    expect(counts.probablePosters).toBe(new Set(before.map((b) => b.group_id)).size);
    expect(counts.newPostersPerMonth.reduce((s, m) => s + m.posters, 0)).toBe(counts.probablePosters);
    expect(counts.cities.reduce((s, c) => s + c.ads, 0)).toBe(before.length); // every stored ad has a city
  });

  test('a worker’s split survives a later import (regrouping)', async () => {
    const link = await t.db.selectFrom('ads_links').selectAll().where('kind', '=', 'phone').executeTakeFirstOrThrow();
    await t.db.transaction().execute((tx) => applyDecision(tx, link.url_a, link.url_b, 'split', null));
    const split = await t.db.selectFrom('ads_ads').select(['url', 'group_id']).where('url', 'in', [link.url_a, link.url_b]).execute();
    expect(split[0]!.group_id).not.toBe(split[1]!.group_id);
    const more = generateCorpus({ ads: 50, seed: 99 }).map((c) => JSON.stringify({ ...c.ad, url: `${c.ad.url}-more` }));
    const r = await importAds(t.db, { fileName: 'more.jsonl', content: more.join('\n'), hmacKey: KEY });
    expect(r.state).toBe('done');
    const groups = await t.db.selectFrom('ads_ads').select(['url', 'group_id']).where('url', 'in', [link.url_a, link.url_b]).execute();
    expect(groups).toHaveLength(2);
    expect(groups[0]!.group_id).not.toBe(groups[1]!.group_id);
  });
});
