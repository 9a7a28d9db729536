import { sql } from 'kysely';
import type { Db, Tx } from '../core/db/database.ts';
import type { RetentionRule } from '../core/retention-framework/framework.ts';
import { cutoffFor } from '../core/retention-framework/framework.ts';
import { Grouper, featurise, hex, parseImageHashPair, type AdFeatures, type Decision } from './engine.ts';
import { parseAdFile, type RowError } from './input.ts';
import './tables.ts';

export interface ImportResult {
  importId: string;
  state: 'done' | 'failed';
  imported: number;
  errors: RowError[];
  warnings: string[];
}

/**
 * Imports a file of ad observations: parse, featurise (phones and e-mails become HMACs under the
 * configured key, nothing raw is kept but the text), regroup with the stored ads and the workers'
 * decisions, and write everything in one transaction. With row errors nothing is imported unless
 * `allowPartial`; the import row keeps the row-level error report and the progress.
 */
export async function importAds(
  db: Db,
  options: { fileName: string; content: string; hmacKey: string; allowPartial?: boolean; onProgress?: (done: number, total: number) => void; /** An import row made beforehand (a background import answers with its id at once). */ importId?: string },
): Promise<ImportResult> {
  const parsed = parseAdFile(options.content, options.fileName);
  const errors: RowError[] = [...parsed.errors];
  const total = parsed.rows.length + parsed.errors.length;
  const imp = options.importId
    ? { id: (await db.updateTable('ads_imports').set({ total_rows: total }).where('id', '=', options.importId).returning('id').executeTakeFirstOrThrow()).id }
    : await db.insertInto('ads_imports').values({ file_name: options.fileName.slice(0, 300), state: 'running', total_rows: total, finished_at: null }).returning('id').executeTakeFirstOrThrow();
  const progress = async (done: number): Promise<void> => {
    options.onProgress?.(done, total);
    await db.updateTable('ads_imports').set({ done_rows: done }).where('id', '=', imp.id).execute();
  };

  const features: Array<{ f: AdFeatures; row: (typeof parsed.rows)[number] }> = [];
  for (const [k, row] of parsed.rows.entries()) {
    if (row.ad.images.length) {
      errors.push({ row: row.row, message: 'image files are hashed by the command line (npm run ads); give image_hashes here' });
      continue;
    }
    const f = featurise({ url: row.ad.url, phones: row.ad.phones, emails: row.ad.emails, text: row.ad.text, imageHashes: row.ad.image_hashes }, options.hmacKey);
    for (const u of f.unparsable) errors.push({ row: row.row, message: `could not parse a phone number or e-mail address (${u.length} characters); ignored` });
    features.push({ f, row });
    if (k % 500 === 499) await progress(k + 1 + parsed.errors.length);
  }
  // An unparsable number is reported but does not reject its row; a malformed row does.
  const rejecting = errors.filter((e) => !e.message.startsWith('could not parse'));
  if (rejecting.length && !options.allowPartial) {
    await db.updateTable('ads_imports').set({ state: 'failed', errors: JSON.stringify(errors), warnings: JSON.stringify(parsed.warnings), finished_at: new Date() }).where('id', '=', imp.id).execute();
    return { importId: imp.id, state: 'failed', imported: 0, errors, warnings: parsed.warnings };
  }

  await db.transaction().execute((tx) => groupAndStore(tx, options.hmacKey, features));
  await db.updateTable('ads_imports').set({ state: 'done', done_rows: total, imported: features.length, errors: JSON.stringify(errors), warnings: JSON.stringify(parsed.warnings), finished_at: new Date() }).where('id', '=', imp.id).execute();
  options.onProgress?.(total, total);
  return { importId: imp.id, state: 'done', imported: features.length, errors, warnings: parsed.warnings };
}


type Parsed = ReturnType<typeof parseAdFile>['rows'][number];

/**
 * Regroups the whole register with new ads (none: after a worker's decision) in one transaction:
 * stored ads and decisions are loaded, the new ads placed, upserted, every ad's group written and
 * the links kept as evidence. Imports and regroupings take turns (a table lock).
 */
export async function groupAndStore(tx: Tx, hmacKey: string, features: ReadonlyArray<{ f: AdFeatures; row: Parsed }>): Promise<void> {
  // Serialise imports: the grouping is computed over the whole register.
  await sql`lock table ads_ads in exclusive mode`.execute(tx);
  const decisions: Decision[] = (await tx.selectFrom('ads_decisions').select(['url_a', 'url_b', 'decision']).execute()).map((d) => ({ urlA: d.url_a, urlB: d.url_b, decision: d.decision }));
  const g = new Grouper({ hmacKey }, decisions);
  const stored = await tx.selectFrom('ads_ads').select(['url', 'phone_hmacs', 'email_hmacs', 'image_hashes', 'text_signature']).orderBy('first_seen_at').orderBy('url').execute();
  for (const s of stored) g.add(storedFeatures(s));
  const fresh = new Map<string, { f: AdFeatures; ad: Parsed['ad']; observations: number }>();
  for (const { f, row } of features) {
    g.add(f);
    const prev = fresh.get(f.url);
    if (prev) {
      prev.f = mergeFeatures(prev.f, f);
      prev.observations++;
    } else fresh.set(f.url, { f, ad: row.ad, observations: 1 });
  }
  // In batches: one statement per BATCH rows instead of one per ad (a re-run of thousands of ads).
  const rows = [...fresh.values()].map(({ f, ad, observations }) => {
    const seen = ad.seen_at ? new Date(ad.seen_at) : new Date();
    return {
      url: f.url,
      site: ad.site ?? null,
      city: ad.city ?? null,
      first_seen_at: seen,
      last_seen_at: seen,
      observations,
      phone_hmacs: f.phoneHmacs,
      email_hmacs: f.emailHmacs,
      image_hashes: f.imageHashes.map(hex),
      raw_text: ad.text || null,
      text_signature: f.signature ? Buffer.from(f.signature.buffer, f.signature.byteOffset, f.signature.byteLength) : null,
      group_id: null,
    };
  });
  for (const batch of chunks(rows, BATCH)) {
    await tx
      .insertInto('ads_ads')
      .values(batch)
      .onConflict((oc) =>
        oc.column('url').doUpdateSet({
          observations: sql`ads_ads.observations + excluded.observations`,
          first_seen_at: sql`least(ads_ads.first_seen_at, excluded.first_seen_at)`,
          last_seen_at: sql`greatest(ads_ads.last_seen_at, excluded.last_seen_at)`,
          phone_hmacs: sql`array(select distinct unnest(ads_ads.phone_hmacs || excluded.phone_hmacs))`,
          email_hmacs: sql`array(select distinct unnest(ads_ads.email_hmacs || excluded.email_hmacs))`,
          image_hashes: sql`array(select distinct unnest(ads_ads.image_hashes || excluded.image_hashes))`,
          raw_text: sql`coalesce(excluded.raw_text, ads_ads.raw_text)`,
          text_signature: sql`coalesce(excluded.text_signature, ads_ads.text_signature)`,
          city: sql`coalesce(excluded.city, ads_ads.city)`,
        }),
      )
      .execute();
  }
  const assignment = Object.entries(g.assignment());
  for (const batch of chunks(assignment, BATCH)) {
    await sql`
      update ads_ads set group_id = v.group_id
      from unnest(${sql.val(batch.map(([url]) => url))}::text[], ${sql.val(batch.map(([, group]) => group))}::text[]) as v(url, group_id)
      where ads_ads.url = v.url and ads_ads.group_id is distinct from v.group_id`.execute(tx);
  }
  const seenLinks = new Set<string>();
  const links: Array<{ url_a: string; url_b: string; kind: string; similarity: number }> = [];
  for (const l of g.links) {
    const a = g.url(l.a);
    const b = g.url(l.b);
    const key = `${a}\u0000${b}\u0000${l.kind}`;
    if (seenLinks.has(key)) continue;
    seenLinks.add(key);
    links.push({ url_a: a, url_b: b, kind: l.kind, similarity: l.similarity });
  }
  for (const batch of chunks(links, BATCH)) await tx.insertInto('ads_links').values(batch).onConflict((oc) => oc.doNothing()).execute();
}

const BATCH = 1000;
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function storedFeatures(s: { url: string; phone_hmacs: string[]; email_hmacs: string[]; image_hashes: string[]; text_signature: Buffer | null }): AdFeatures {
  const sig = s.text_signature ? new Uint32Array(new Uint8Array(s.text_signature).buffer) : null;
  return { url: s.url, phoneHmacs: s.phone_hmacs, emailHmacs: s.email_hmacs, signature: sig, imageHashes: s.image_hashes.map(parseImageHashPair).filter((h): h is [number, number] => h !== null), unparsable: [] };
}

function mergeFeatures(a: AdFeatures, b: AdFeatures): AdFeatures {
  return {
    url: a.url,
    phoneHmacs: [...new Set([...a.phoneHmacs, ...b.phoneHmacs])],
    emailHmacs: [...new Set([...a.emailHmacs, ...b.emailHmacs])],
    signature: b.signature ?? a.signature,
    imageHashes: [...a.imageHashes, ...b.imageHashes],
    unparsable: [],
  };
}

/** The raw ad text is kept for a period (default 90 days, adjustable in the retention settings); then only the grouping survives. */
export const adsRawTextRule: RetentionRule = {
  recordType: 'ads_raw_text',
  description: { sv: 'Annonstext i annonsregistret (grupperingen finns kvar)', en: 'Ad text in the ads register (the grouping stays)' },
  defaultKeepDays: 90,
  async purge(tx, { keepDays, now }) {
    const r = await tx.updateTable('ads_ads').set({ raw_text: null }).where('raw_text', 'is not', null).where('imported_at', '<', cutoffFor(now, keepDays)).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};

/** Counts for the statistics: active ads (seen in the last 30 days), probable posters, new posters per month, cities. */
export async function adsCounts(db: Db, now = new Date()): Promise<{ activeAds: number; probablePosters: number; newPostersPerMonth: Array<{ month: string; posters: number }>; cities: Array<{ city: string; ads: number }> }> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const active = await db.selectFrom('ads_ads').select((eb) => eb.fn.countAll<string>().as('n')).where('last_seen_at', '>=', since).executeTakeFirstOrThrow();
  const posters = await db.selectFrom('ads_ads').select(sql<string>`count(distinct group_id)`.as('n')).executeTakeFirstOrThrow();
  const perMonth = await sql<{ month: string; posters: string }>`
    select to_char(date_trunc('month', first), 'YYYY-MM') as month, count(*)::text as posters
    from (select group_id, min(first_seen_at) as first from ads_ads group by group_id) g
    group by 1 order by 1`.execute(db);
  const cities = await db.selectFrom('ads_ads').select(['city', (eb) => eb.fn.countAll<string>().as('n')]).where('city', 'is not', null).groupBy('city').orderBy('city').execute();
  return {
    activeAds: Number(active.n),
    probablePosters: Number(posters.n),
    newPostersPerMonth: perMonth.rows.map((r) => ({ month: r.month, posters: Number(r.posters) })),
    cities: cities.map((c) => ({ city: c.city!, ads: Number(c.n) })),
  };
}
