import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { Grouper, featurise, normalisePhone, type AdInput } from '../src/ads-register/engine.ts';
import { featuriseInOrder } from '../src/ads-register/parallel.ts';
import { generateCorpus, pairScores, type GeneratedAd } from '../src/ads-register/generator.ts';

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

if (import.meta.url === `file://${process.argv[1]}`) {
  runAdsBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
