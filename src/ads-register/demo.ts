import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db/database.ts';
import { generateCorpus } from './generator.ts';
import { importAds } from './store.ts';

/**
 * A small generated import for the demo (fictional sites under .example, made-up words as text):
 * 400 ads from the labelled generator, imported through the ordinary import so the groups page
 * shows probable posters with their evidence. The HMACs are made under a throwaway key: demo
 * numbers are fictional and never meant to match a later real import.
 */
export async function seedAdsDemo(db: Db): Promise<void> {
  const corpus = generateCorpus({ ads: 400, seed: 2026 });
  const content = corpus.map(({ ad }) => JSON.stringify(ad)).join('\n');
  await importAds(db, { fileName: 'demo-annonser.jsonl', content, hmacKey: randomBytes(32).toString('hex') });
}
