import fc from 'fast-check';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { describe, expect, test } from 'vitest';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { Grouper, featurise, type AdFeatures, type Decision } from './engine.ts';
import { generateCorpus, mulberry32, type GeneratedAd } from './generator.ts';
import { applyDecision, placeObservations, replaceIndex, type GroupingOptions, type Observation } from './store.ts';

const KEY = 'incremental-test-key-0123456789abcdef0123';
/** A small guard, so that small corpora have components it cuts. */
const GROUPING: GroupingOptions = { guardSize: 8, guardMinSide: 2 };

const features = (ad: GeneratedAd): AdFeatures => featurise({ url: ad.url, phones: ad.phones, emails: ad.emails, text: ad.text, imageHashes: ad.image_hashes }, KEY);
const observation = (ad: GeneratedAd): Observation => ({ f: features(ad), site: ad.site, city: ad.city, firstSeenAt: new Date(ad.seen_at), lastSeenAt: new Date(ad.seen_at), observations: 1, rawText: ad.text });

/**
 * A history of the register: observations in batches (some ads seen again, with other numbers,
 * text or images), and between batches workers' decisions on links or on any two ads (a later
 * decision on the same pair replaces the earlier one).
 */
type Step = { kind: 'import'; ads: GeneratedAd[] } | { kind: 'decide'; pick: number; split: boolean; onLink: boolean };

function history(seed: number, size: number, batches: number, decisions: number): Step[] {
  const rnd = mulberry32(seed);
  const corpus = generateCorpus({ ads: size, seed }).map((c) => c.ad);
  const observations: GeneratedAd[] = [];
  for (const ad of corpus) {
    observations.push(ad);
    // An ad seen again later, with something changed: another poster's number, new text, another image.
    if (rnd() < 0.12) {
      const other = corpus[Math.floor(rnd() * corpus.length)]!;
      const r = rnd();
      observations.push(r < 0.33 ? { ...ad, phones: [...ad.phones, ...other.phones.slice(0, 1)] } : r < 0.66 ? { ...ad, text: other.text } : { ...ad, image_hashes: [...ad.image_hashes, ...other.image_hashes.slice(0, 1)] });
    }
  }
  // The repeats go to a random later place.
  for (let k = observations.length - 1; k > 0; k--) {
    if (rnd() < 0.3) {
      const j = Math.floor(rnd() * (k + 1));
      [observations[k], observations[j]] = [observations[j]!, observations[k]!];
    }
  }
  const cuts = [...new Set(Array.from({ length: batches - 1 }, () => 1 + Math.floor(rnd() * (observations.length - 1))))].sort((a, b) => a - b);
  const steps: Step[] = [];
  let from = 0;
  for (const to of [...cuts, observations.length]) {
    steps.push({ kind: 'import', ads: observations.slice(from, to) });
    for (let d = 0; d < decisions; d++) steps.push({ kind: 'decide', pick: Math.floor(rnd() * 1_000_000), split: rnd() < 0.6, onLink: rnd() < 0.8 });
    from = to;
  }
  return steps;
}

describe.each(databaseTargets())('incremental grouping on $name', (target) => {
  const t = useTestApp(target);

  async function clear(): Promise<void> {
    await t.db.deleteFrom('ads_decisions').execute();
    await t.db.deleteFrom('ads_ads').execute(); // its links and index entries go with it
  }

  test('placing batch by batch (with decisions between) groups exactly as the whole corpus grouped at once', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), async (seed, batches, decisionsPerBatch) => {
        await clear();
        const steps = history(seed, 150, batches, decisionsPerBatch);
        const placed: GeneratedAd[] = [];
        const decisions = new Map<string, Decision>();
        for (const step of steps) {
          if (step.kind === 'import') {
            await t.db.transaction().execute((tx) => placeObservations(tx, step.ads.map(observation), GROUPING));
            placed.push(...step.ads);
            continue;
          }
          let pair: [string, string];
          if (step.onLink) {
            const links = await t.db.selectFrom('ads_links').select(['url_a', 'url_b']).orderBy('url_a').orderBy('url_b').orderBy('kind').execute();
            if (!links.length) continue;
            const l = links[step.pick % links.length]!;
            pair = [l.url_a, l.url_b];
          } else {
            const a = placed[step.pick % placed.length]!.url;
            const b = placed[Math.floor(step.pick / 7) % placed.length]!.url;
            if (a === b) continue;
            pair = [a, b];
          }
          const decision = step.split ? 'split' : 'confirmed';
          expect(await t.db.transaction().execute((tx) => applyDecision(tx, pair[0], pair[1], decision, null, GROUPING))).toBe(true);
          const [urlA, urlB] = pair.slice().sort() as [string, string];
          decisions.set(`${urlA} ${urlB}`, { urlA, urlB, decision });
        }

        // The whole corpus at once: the same observations in the same order, every final decision known from the start.
        const whole = new Grouper({ hmacKey: KEY, ...GROUPING }, [...decisions.values()]);
        for (const ad of placed) whole.add(features(ad));
        const stored = await t.db.selectFrom('ads_ads').select(['url', 'group_id']).execute();
        expect(Object.fromEntries(stored.map((s) => [s.url, s.group_id]))).toEqual(whole.assignment());
        // The same evidence, link for link.
        const kinds = new Set(whole.links.map((l) => `${whole.url(l.a)} ${whole.url(l.b)} ${l.kind}`));
        const storedLinks = await t.db.selectFrom('ads_links').select(['url_a', 'url_b', 'kind']).execute();
        expect(new Set(storedLinks.map((l) => `${l.url_a} ${l.url_b} ${l.kind}`))).toEqual(kinds);
        // Not a trivial corpus: some groups, some cut by the guard or a split.
        expect(new Set(stored.map((s) => s.group_id)).size).toBeLessThan(stored.length);
      }),
      { numRuns: 8 },
    );
  });

  test('the index built again from the stored ads (the migration for ads stored before it) groups as before', { timeout: 120_000 }, async () => {
    await clear();
    const corpus = generateCorpus({ ads: 200, seed: 5 }).map((c) => c.ad);
    await t.db.transaction().execute((tx) => placeObservations(tx, corpus.slice(0, 120).map(observation), GROUPING));
    const link = await t.db.selectFrom('ads_links').select(['url_a', 'url_b']).where('kind', '=', 'phone').orderBy('url_a').executeTakeFirstOrThrow();
    await t.db.transaction().execute((tx) => applyDecision(tx, link.url_a, link.url_b, 'split', null, GROUPING));
    await t.db.transaction().execute((tx) => placeObservations(tx, corpus.slice(120).map(observation), GROUPING));
    const snapshot = async () => ({
      groups: await t.db.selectFrom('ads_ads').select(['url', 'group_id', 'seq']).orderBy('url').execute(),
      links: await t.db.selectFrom('ads_links').select(['url_a', 'url_b', 'kind']).orderBy('url_a').orderBy('url_b').orderBy('kind').execute(),
      buckets: Number((await sql<{ n: string }>`select count(*) as n from ads_text_buckets`.execute(t.db)).rows[0]!.n),
    });
    const before = await snapshot();
    await t.db.transaction().execute((tx) => replaceIndex(tx, GROUPING));
    const after = await snapshot();
    expect(after.groups.map(({ url, group_id }) => [url, group_id])).toEqual(before.groups.map(({ url, group_id }) => [url, group_id]));
    expect(after.links).toEqual(before.links);
    expect(after.buckets).toBe(before.buckets);
    expect(before.buckets).toBeGreaterThan(0);
  });

  test('an import into a large register reads the new ads’ neighbourhood, not the register', { timeout: 240_000 }, async () => {
    await clear();
    const REGISTER = 6000;
    const corpus = generateCorpus({ ads: REGISTER + 20, seed: 77 }).map((c) => c.ad);
    const register = corpus.slice(0, REGISTER);
    for (let k = 0; k < register.length; k += 2000) await t.db.transaction().execute((tx) => placeObservations(tx, register.slice(k, k + 2000).map(observation)));
    expect(Number((await sql<{ n: string }>`select count(*) as n from ads_ads`.execute(t.db)).rows[0]!.n)).toBe(REGISTER);

    // Every row any statement of the import returns, counted.
    const counter = new RowCounter();
    const fresh = corpus.slice(REGISTER); // the same posters continue: their new ads link into stored groups
    const read = await t.db.withPlugin(counter).transaction().execute(async (tx) => {
      // The connection's table statistics: tuples read by sequential scans and fetched by index
      // (they may hold a moment of earlier work on this connection, hence before and after).
      const stats = async () =>
        (
          await sql<{ relname: string; seq_tup_read: string; idx_tup_fetch: string }>`
            select relname, seq_tup_read, coalesce(idx_tup_fetch, 0) as idx_tup_fetch from pg_stat_xact_user_tables
            where relname in ('ads_ads', 'ads_links', 'ads_identifiers', 'ads_text_buckets', 'ads_image_buckets', 'ads_decisions') order by relname`.execute(tx)
        ).rows;
      const before = await stats();
      const result = await placeObservations(tx, fresh.map(observation));
      const after = await stats();
      return {
        result,
        before: before.length,
        stats: after.map((s) => {
          const b = before.find((x) => x.relname === s.relname);
          return { relname: s.relname, seq_tup_read: Number(s.seq_tup_read) - Number(b?.seq_tup_read ?? 0), idx_tup_fetch: Number(s.idx_tup_fetch) - Number(b?.idx_tup_fetch ?? 0) };
        }),
      };
    });
    expect(read.result.added).toBe(fresh.length);
    expect(read.result.links).toBeGreaterThan(0); // the new ads did meet stored ones
    const rowsReturned = counter.rows - read.before - read.stats.length;
    expect(counter.statements).toBeLessThan(40);
    expect(rowsReturned).toBeLessThan(REGISTER / 10);
    const ads = read.stats.find((s) => s.relname === 'ads_ads')!;
    expect(Number(ads.seq_tup_read)).toBeLessThan(REGISTER / 10);
    expect(Number(ads.idx_tup_fetch)).toBeLessThan(REGISTER / 10);
    for (const s of read.stats) expect({ table: s.relname, read: Number(s.seq_tup_read) + Number(s.idx_tup_fetch) < REGISTER }).toEqual({ table: s.relname, read: true });
  });
});

/** Counts statements and the rows they return. */
class RowCounter implements KyselyPlugin {
  statements = 0;
  rows = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}
