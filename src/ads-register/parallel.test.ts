import { describe, expect, it } from 'vitest';
import { Grouper, featurise, type AdInput } from './engine.ts';
import { generateCorpus } from './generator.ts';
import { featuriseInOrder, packFeatures, unpackFeatures } from './parallel.ts';

const KEY = 'parallel-test-key-0123456789abcdef0123';
const inputs: AdInput[] = generateCorpus({ ads: 3000, seed: 9 }).map(({ ad }) => ({ url: ad.url, phones: ad.phones, emails: ad.emails, text: ad.text, imageHashes: ad.image_hashes }));

describe('featurising on worker threads', () => {
  it('packs and unpacks features unchanged', () => {
    const fs = inputs.slice(0, 200).map((a) => featurise(a, KEY));
    expect(unpackFeatures(packFeatures(fs), fs.map((f) => f.url))).toEqual(fs);
  });

  it('groups exactly as the sequential loop, in input order', async () => {
    const sequential = new Grouper({ hmacKey: KEY });
    for (const a of inputs) sequential.add(featurise(a, KEY));
    const parallel = new Grouper({ hmacKey: KEY });
    const order: number[] = [];
    const where: string[] = [];
    await featuriseInOrder(inputs, { hmacKey: KEY, workers: 2, batch: 250, ranOn: (w) => where.push(w) }, (f, k) => {
      order.push(k);
      parallel.add(f);
    });
    expect(where).toEqual(['workers']);
    expect(order).toEqual(inputs.map((_, k) => k));
    expect(parallel.groupIds()).toEqual(sequential.groupIds());
    expect(parallel.links).toEqual(sequential.links);
  }, 60_000);
});
