import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { Grouper, featurise, normalisePhone, type AdInput } from '../src/ads-register/engine.ts';
import { featuriseInOrder } from '../src/ads-register/parallel.ts';
import { generateCorpus, pairScores, type GeneratedAd } from '../src/ads-register/generator.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { capabilities } from '../src/capabilities.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { placeObservations, type Observation } from '../src/ads-register/store.ts';

/**
 * The online ads register's grouping: pairwise precision/recall/F1 against the generator's known
 * posters, next to an exact-phone-only baseline; the time to group N ads (default 1 000 000, set
 * ADS_BENCH_N to develop at a smaller size); the time to place one new ad; memory.
 * Alone: `npx tsx bench/ads.ts`.
 */
const KEY = 'bench-key-not-a-secret-0123456789abcdef';

export function toInput(a: GeneratedAd): AdInput {
  return { url: a.url, site: a.site, seenAt: a.seen_at, city: a.city, phones: a.phones, emails: a.emails, text: a.text, imageHashes: a.image_hashes };
}

/** Naive baseline: ads that list the same phone number (normalised) in their phones field. */
export function phoneOnlyBaseline(ads: readonly GeneratedAd[]): number[] {
  const parent = Int32Array.from({ length: ads.length }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const first = new Map<string, number>();
  ads.forEach((a, i) => {
    for (const raw of a.phones) {
      const p = normalisePhone(raw);
      if (!p) continue;
      const j = first.get(p);
      if (j === undefined) first.set(p, i);
      else parent[find(i)] = find(j);
    }
  });
  return ads.map((_, i) => find(i));
}

export async function runAdsBench(n = Number(process.env.ADS_BENCH_N ?? 1_000_000)): Promise<void> {
  const fmt = (x: number): string => x.toFixed(3);
  console.log(`\n== ads register grouping (N = ${n.toLocaleString('en')}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}) ==`);
  const t0 = performance.now();
  const corpus = generateCorpus({ ads: n, seed: 42 });
  console.log(`generated ${corpus.length} ads in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const heapBefore = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const g = new Grouper({ hmacKey: KEY });
  const workers = process.env.ADS_BENCH_WORKERS === undefined ? undefined : Number(process.env.ADS_BENCH_WORKERS);
  // Featurisation on worker threads (the machine's cores), placement here in input order.
  await featuriseInOrder(corpus.map((c) => toInput(c.ad)), { hmacKey: KEY, workers }, (f) => g.add(f));
  const ids = g.groupIds();
  const groupSeconds = (performance.now() - t1) / 1000;
  const mem = process.memoryUsage();

  const truth = corpus.map((c) => c.poster);
  const engine = pairScores(truth, corpus.map((c) => ids[g.indexOf(c.ad.url)!]!));
  const baseline = pairScores(truth, phoneOnlyBaseline(corpus.map((c) => c.ad)));
  const groups = new Set(ids).size;
  const posters = new Set(truth).size;
  console.log(`engine:   precision ${fmt(engine.precision)} recall ${fmt(engine.recall)} F1 ${fmt(engine.f1)} (target ≥ 0.95)`);
  console.log(`baseline: precision ${fmt(baseline.precision)} recall ${fmt(baseline.recall)} F1 ${fmt(baseline.f1)} (exact phone only)`);
  console.log(`groups ${groups} for ${posters} true posters; links ${g.linkCount}`);
  console.log(`grouped ${n} ads in ${groupSeconds.toFixed(1)} s with ${workers ?? 'default'} featurising workers (target < 60 s for 1 000 000)`);
  console.log(`memory: heap used +${((mem.heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB, typed arrays ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MiB (the grouper's state), rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB (with the generated corpus)`);

  // One new ad placed into the full state, many times, median.
  const extra = generateCorpus({ ads: 2000, seed: 7 });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const { ad } of extra) {
    const c = process.cpuUsage();
    const t = performance.now();
    g.add(featurise(toInput({ ...ad, url: `${ad.url}#new` }), KEY));
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const pct = (xs: number[], q: number): string => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!.toFixed(3);
  console.log(`place one new ad: wall median ${pct(times, 0.5)} ms, p99 ${pct(times, 0.99)} ms; cpu median ${pct(cpuTimes, 0.5)} ms, p99 ${pct(cpuTimes, 0.99)} ms (target < 5 ms; wall includes waiting for a core under load)`);
}

/**
 * The database path: a register of ADS_BENCH_DB_N stored ads (default 100 000, placed in batches
 * through the import's own path), then new ads placed one at a time, each in its own transaction
 * (lookups of its candidates, the writes, the regrouping of its cluster). On the PostgreSQL server
 * (BENCH_PG_URL or TEST_PG_URL); the database is dropped afterwards.
 */
export async function runAdsDbBench(n = Number(process.env.ADS_BENCH_DB_N ?? 100_000)): Promise<void> {
  const adminUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `utvag_bench_ads_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  console.log(`\n== ads register, database path (${url.host}/${name}, register of ${n.toLocaleString('en')} ads, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}) ==`);
  const observation = (ad: GeneratedAd): Observation => ({ f: featurise(toInput(ad), KEY), site: ad.site, city: ad.city, firstSeenAt: new Date(ad.seen_at), lastSeenAt: new Date(ad.seen_at), observations: 1, rawText: ad.text });
  try {
    await migrate(url.href, capabilities);
    const database = openDatabase(url.href, 2, { asAppRole: false });
    try {
      const corpus = generateCorpus({ ads: n + 500, seed: 42 }).map((c) => c.ad);
      const t0 = performance.now();
      for (let k = 0; k < n; k += 5000) await database.db.transaction().execute((tx) => placeObservations(tx, corpus.slice(k, Math.min(n, k + 5000)).map(observation)));
      console.log(`stored ${n} ads through the import path in ${((performance.now() - t0) / 1000).toFixed(1)} s (batches of 5 000)`);
      await sql`analyze`.execute(database.db);
      // Later ads of the same generated posters: most join a stored group.
      const fresh = corpus.slice(n);
      const times: number[] = [];
      let links = 0;
      for (const ad of fresh) {
        const t = performance.now();
        const o = observation(ad); // featurising included, as in the engine's figure
        const r = await database.db.transaction().execute((tx) => placeObservations(tx, [o]));
        times.push(performance.now() - t);
        links += r.links;
      }
      const pct = (xs: number[], q: number): string => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!.toFixed(2);
      console.log(`one new ad placed into the stored register (database path, own transaction): median ${pct(times, 0.5)} ms, p99 ${pct(times, 0.99)} ms over ${fresh.length} ads (${links} links made)`);
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

/** Both parts; the in-memory grouper's million ads are garbage before the database part starts. */
export async function runAdsBenches(): Promise<void> {
  await runAdsBench();
  if (process.env.ADS_BENCH_DB !== '0') await runAdsDbBench();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAdsBenches().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
