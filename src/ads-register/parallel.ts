import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CountryCode } from 'libphonenumber-js';
import { MINHASH_SIZE, featurise, type AdFeatures, type AdInput } from './engine.ts';

/**
 * Featurisation (normalising, keyed HMACs, MinHash) is most of the work of grouping and needs no
 * shared state, so it runs on worker threads while this thread places the ads in order. The
 * features come back packed (one signature pool per batch, transferred, not copied); this thread
 * unpacks them in the input order, so the grouping is exactly the single-threaded one.
 */

export interface PackedFeatures {
  n: number;
  sigs: Uint32Array;
  hasSig: Uint8Array;
  /** Per ad: phone count, e-mail count, image count (3 numbers per ad). */
  counts: Uint16Array;
  hmacs: string[];
  images: Uint32Array;
  /** [index in batch, the strings] for the few ads with something unparsable. */
  unparsable: Array<[number, string[]]>;
}

export function packFeatures(fs: readonly AdFeatures[]): PackedFeatures {
  const n = fs.length;
  const sigs = new Uint32Array(n * MINHASH_SIZE);
  const hasSig = new Uint8Array(n);
  const counts = new Uint16Array(n * 3);
  const hmacs: string[] = [];
  const images: number[] = [];
  const unparsable: Array<[number, string[]]> = [];
  fs.forEach((f, k) => {
    if (f.signature) {
      sigs.set(f.signature, k * MINHASH_SIZE);
      hasSig[k] = 1;
    }
    counts[k * 3] = f.phoneHmacs.length;
    counts[k * 3 + 1] = f.emailHmacs.length;
    counts[k * 3 + 2] = f.imageHashes.length;
    hmacs.push(...f.phoneHmacs, ...f.emailHmacs);
    for (const [hi, lo] of f.imageHashes) images.push(hi, lo);
    if (f.unparsable.length) unparsable.push([k, f.unparsable]);
  });
  return { n, sigs, hasSig, counts, hmacs, images: Uint32Array.from(images), unparsable };
}

export function unpackFeatures(p: PackedFeatures, urls: readonly string[]): AdFeatures[] {
  const out: AdFeatures[] = [];
  let h = 0;
  let im = 0;
  const unparsable = new Map(p.unparsable);
  for (let k = 0; k < p.n; k++) {
    const phones = p.counts[k * 3]!;
    const emails = p.counts[k * 3 + 1]!;
    const imgs = p.counts[k * 3 + 2]!;
    const imageHashes: Array<[number, number]> = [];
    for (let m = 0; m < imgs; m++, im += 2) imageHashes.push([p.images[im]!, p.images[im + 1]!]);
    out.push({
      url: urls[k]!,
      phoneHmacs: p.hmacs.slice(h, h + phones),
      emailHmacs: p.hmacs.slice(h + phones, h + phones + emails),
      signature: p.hasSig[k] ? p.sigs.subarray(k * MINHASH_SIZE, (k + 1) * MINHASH_SIZE) : null,
      imageHashes,
      unparsable: unparsable.get(k) ?? [],
    });
    h += phones + emails;
  }
  return out;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  const { featurise } = await import(workerData.engine);
  const { packFeatures } = await import(workerData.parallel);
  parentPort.on('message', ({ id, ads }) => {
    const packed = packFeatures(ads.map((ad) => featurise(ad, workerData.key, workerData.country)));
    parentPort.postMessage({ id, packed }, [packed.sigs.buffer, packed.images.buffer]);
  });
  parentPort.postMessage({ ready: true });
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }));
`;

export interface ParallelOptions {
  hmacKey: string;
  country?: CountryCode;
  /** Worker threads (default: the machine's cores but one, which places; at least one); 0 featurises on this thread. */
  workers?: number;
  /** Ads per message. */
  batch?: number;
  /** Told where the featurising ran (workers, or this thread as the fallback). */
  ranOn?: (where: 'workers' | 'this thread') => void;
}

/**
 * Featurises `ads` on worker threads and hands the features to `place` in input order. Falls back
 * to this thread when workers cannot start (then it is simply the sequential loop).
 */
export async function featuriseInOrder(ads: readonly AdInput[], options: ParallelOptions, place: (f: AdFeatures, index: number) => void): Promise<void> {
  const country = options.country ?? 'SE';
  const workers = options.workers ?? Math.max(1, Math.min(availableParallelism() - 1, 4));
  const batch = options.batch ?? 2000;
  if (workers <= 0 || ads.length < batch * 2) {
    options.ranOn?.('this thread');
    ads.forEach((ad, k) => place(featurise(ad, options.hmacKey, country), k));
    return;
  }
  const pool = await startWorkers(workers, options.hmacKey, country).catch(() => null);
  if (!pool) {
    options.ranOn?.('this thread');
    ads.forEach((ad, k) => place(featurise(ad, options.hmacKey, country), k));
    return;
  }
  options.ranOn?.('workers');
  try {
    const batches = Math.ceil(ads.length / batch);
    const results = new Map<number, PackedFeatures>();
    const waiting = new Map<number, () => void>();
    let failure: Error | null = null;
    for (const w of pool) {
      w.on('message', (m: { id: number; packed: PackedFeatures }) => {
        results.set(m.id, m.packed);
        waiting.get(m.id)?.();
      });
      w.on('error', (err) => {
        failure = err;
        for (const wake of waiting.values()) wake();
      });
    }
    // At most two batches in flight per worker: the input is cloned a little ahead, not all at once.
    let sent = 0;
    const send = (): void => {
      const id = sent++;
      pool[id % pool.length]!.postMessage({ id, ads: ads.slice(id * batch, (id + 1) * batch) });
    };
    while (sent < Math.min(batches, pool.length * 2)) send();
    for (let id = 0; id < batches; id++) {
      if (!results.has(id) && !failure) await new Promise<void>((resolve) => waiting.set(id, resolve));
      waiting.delete(id);
      if (failure) throw failure;
      const packed = results.get(id)!;
      results.delete(id);
      if (sent < batches) send();
      const urls = ads.slice(id * batch, (id + 1) * batch).map((a) => a.url);
      unpackFeatures(packed, urls).forEach((f, k) => place(f, id * batch + k));
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

async function startWorkers(n: number, hmacKey: string, country: CountryCode): Promise<Worker[]> {
  const workerData = { key: hmacKey, country, engine: new URL('./engine.ts', import.meta.url).href, parallel: new URL('./parallel.ts', import.meta.url).href };
  const pool = Array.from({ length: n }, () => new Worker(WORKER_SOURCE, { eval: true, workerData }));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
            w.once('error', reject);
          }),
      ),
    );
    return pool;
  } catch (err) {
    await Promise.all(pool.map((w) => w.terminate()));
    throw err;
  }
}
