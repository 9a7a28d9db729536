import { sql, type Kysely } from 'kysely';
import type { Db } from '../core/db/database.ts';
import type { RetentionRule } from '../core/retention-framework/framework.ts';
import { cutoffFor } from '../core/retention-framework/framework.ts';
import type { Database } from '../core/db/schema.ts';
import { DEFAULTS, Grouper, componentsWithGuard, featurise, hex, identifierKey, imageBandKeys, linkColumns, parseImageHashPair, textBandKeys, unionRespectingSplits, type AdFeatures, type EngineOptions, type Link, type LinkKind, type StoredAd } from './engine.ts';
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
 * configured key, nothing raw is kept but the text), place the ads into the stored register
 * (`placeObservations`: only their neighbourhood is read and regrouped, the workers' decisions
 * respected) and write everything in one transaction. With row errors nothing is imported unless
 * `allowPartial`; the import row keeps the row-level error report and the progress.
 */
export async function importAds(
  db: Db,
  options: { fileName: string; content: string; hmacKey: string; allowPartial?: boolean; onProgress?: (done: number, total: number) => void; /** An import row made beforehand (a background import answers with its id at once). */ importId?: string; grouping?: GroupingOptions },
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
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('ads_imports').set({ state: 'failed', errors: JSON.stringify(errors), warnings: JSON.stringify(parsed.warnings), finished_at: new Date() }).where('id', '=', imp.id).execute();
      await tx.deleteFrom('ads_import_files').where('import_id', '=', imp.id).execute();
    });
    return { importId: imp.id, state: 'failed', imported: 0, errors, warnings: parsed.warnings };
  }

  const observations = features.map(({ f, row }): Observation => {
    const seen = row.ad.seen_at ? new Date(row.ad.seen_at) : new Date();
    return { f, site: row.ad.site ?? null, city: row.ad.city ?? null, firstSeenAt: seen, lastSeenAt: seen, observations: 1, rawText: row.ad.text || null };
  });
  // The ads, the import's state and the end of its staged file commit together: a job run again
  // after a crash finds the import done, or nothing of it stored.
  await db.transaction().execute(async (tx) => {
    await placeObservations(tx, observations, options.grouping);
    await tx.updateTable('ads_imports').set({ state: 'done', done_rows: total, imported: features.length, errors: JSON.stringify(errors), warnings: JSON.stringify(parsed.warnings), finished_at: new Date() }).where('id', '=', imp.id).execute();
    await tx.deleteFrom('ads_import_files').where('import_id', '=', imp.id).execute();
  });
  options.onProgress?.(total, total);
  return { importId: imp.id, state: 'done', imported: features.length, errors, warnings: parsed.warnings };
}


/** One observation of an ad, featurised, as the register places it. */
export interface Observation {
  f: AdFeatures;
  site: string | null;
  city: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  observations: number;
  rawText: string | null;
}

/** The engine's tunables (tests make the guard bite on small corpora); the defaults otherwise. */
export type GroupingOptions = Partial<Omit<EngineOptions, 'hmacKey' | 'defaultCountry'>>;

export interface PlaceResult {
  /** Ads new to the register. */
  added: number;
  /** Links made by this placement. */
  links: number;
  /** Ads whose cluster was regrouped (the neighbourhood of the new ads, not the register). */
  regrouped: number;
}

type Executor = Kysely<Database>;

/**
 * Places observations into the stored register incrementally, with the engine's own rules: the
 * stored neighbourhood of the new ads — the first ads of their identifiers, the members of their
 * text and image buckets, the partners of confirmed links — is read by index and restored into a
 * scratch `Grouper`, which places the new ads as a grouping of the whole register would (same
 * links, same bucket entries; see `Grouper.restore`). What the placement added to the index and
 * the links are written, and only the clusters the links touch are regrouped (`regroupClusters`).
 * The work is proportional to the new ads and their candidates, not to the register. Imports and
 * decisions take turns (a lock that readers pass).
 */
export async function placeObservations(tx: Executor, observations: readonly Observation[], options: GroupingOptions = {}): Promise<PlaceResult> {
  await sql`lock table ads_ads in share row exclusive mode`.execute(tx);
  if (observations.length === 0) return { added: 0, links: 0, regrouped: 0 };
  const urls = [...new Set(observations.map((o) => o.f.url))];
  const identifierKeys = new Set<string>();
  const textKeys = new Set<number>();
  const imageKeys = new Set<number>();
  for (const { f } of observations) {
    for (const h of f.phoneHmacs) identifierKeys.add(identifierKey('phone', h));
    for (const h of f.emailHmacs) identifierKeys.add(identifierKey('email', h));
    if (f.signature) for (const k of textBandKeys(f.signature)) textKeys.add(k);
    for (const h of f.imageHashes) for (const k of imageBandKeys(h)) imageKeys.add(k);
  }
  // Every lookup is one index probe per key (a lateral join kept apart by `offset 0`), whatever the
  // planner's statistics say: a register just loaded, not yet analysed, is not scanned whole.
  const [identifiers, textEntries, imageEntries, confirmed] = await Promise.all([
    sql<{ key: string; seq: number }>`select i.key, i.seq from unnest(${[...identifierKeys]}::text[]) k(key) cross join lateral (select key, seq from ads_identifiers where key = k.key offset 0) i`.execute(tx),
    sql<{ key: number; band: number; seq: number }>`select t.key, t.band, t.seq from unnest(${[...textKeys]}::int[]) k(key) cross join lateral (select key, band, seq from ads_text_buckets where key = k.key offset 0) t`.execute(tx),
    sql<{ key: number; seq: number; image: string }>`select b.key, b.seq, b.image from unnest(${[...imageKeys]}::int[]) k(key) cross join lateral (select key, seq, image from ads_image_buckets where key = k.key offset 0) b`.execute(tx),
    sql<{ url_a: string; url_b: string }>`
      select d.url_a, d.url_b from unnest(${urls}::text[]) u(url) cross join lateral (select url_a, url_b, decision from ads_decisions where url_a = u.url offset 0) d where d.decision = 'confirmed'
      union
      select d.url_a, d.url_b from unnest(${urls}::text[]) u(url) cross join lateral (select url_a, url_b, decision from ads_decisions where url_b = u.url offset 0) d where d.decision = 'confirmed'`.execute(tx),
  ]);
  const seqs = new Set<number>([...identifiers.rows, ...textEntries.rows, ...imageEntries.rows].map((r) => r.seq));
  const partnerUrls = new Set<string>(urls);
  for (const d of confirmed.rows) partnerUrls.add(d.url_a).add(d.url_b);
  const stored = (
    await sql<StoredRow>`
      select a.* from unnest(${[...seqs]}::int[]) s(seq) cross join lateral (select seq, url, cluster_id, text_signature, image_hashes, phone_hmacs, email_hmacs from ads_ads where seq = s.seq offset 0) a
      union
      select a.* from unnest(${[...partnerUrls]}::text[]) u(url) cross join lateral (select seq, url, cluster_id, text_signature, image_hashes, phone_hmacs, email_hmacs from ads_ads where url = u.url offset 0) a
      order by seq`.execute(tx)
  ).rows;
  const restoreOf = new Map<number, StoredAd & { identifiers: string[]; textEntries: Array<[number, number]>; imageEntries: Array<[number, [number, number]]> }>();
  for (const r of stored) {
    restoreOf.set(r.seq, {
      url: r.url,
      signature: signatureFromBytes(r.text_signature),
      images: r.image_hashes.map(parseImageHashPair).filter((h): h is [number, number] => h !== null),
      identifiers: [],
      textEntries: [],
      imageEntries: [],
    });
  }
  for (const r of identifiers.rows) restoreOf.get(r.seq)!.identifiers.push(r.key);
  for (const r of textEntries.rows) restoreOf.get(r.seq)!.textEntries.push([r.key, r.band]);
  for (const r of imageEntries.rows) restoreOf.get(r.seq)!.imageEntries.push([r.key, parseImageHashPair(r.image)!]);

  // The rules are the engine's; the key is not needed (the features are already HMACs).
  const g = new Grouper({ ...options, hmacKey: 'features-are-given' }, confirmed.rows.map((d) => ({ urlA: d.url_a, urlB: d.url_b, decision: 'confirmed' as const })));
  const seqOf: number[] = [];
  for (const r of stored) seqOf[g.restore(restoreOf.get(r.seq)!)] = r.seq;
  const journal = g.startJournal();
  // Placement numbers for the new ads, reserved in one go (the lock keeps them in placement order).
  const storedUrls = new Map(stored.map((r) => [r.url, r]));
  const newCount = urls.filter((u) => !storedUrls.has(u)).length;
  const reserved = newCount ? (await sql<{ n: string }>`select nextval('ads_ads_seq') as n from generate_series(1, ${newCount})`.execute(tx)).rows.map((r) => Number(r.n)).sort((x, y) => x - y) : [];
  let nextNew = 0;
  const fresh = new Map<string, { seq: number; o: Observation; phones: Set<string>; emails: Set<string> }>();
  const seen = new Map<string, { o: Observation; phones: Set<string>; emails: Set<string> }>();
  for (const o of observations) {
    const i = g.add(o.f);
    if (seqOf[i] === undefined) seqOf[i] = reserved[nextNew++]!;
    const prev = storedUrls.has(o.f.url) ? seen.get(o.f.url) : fresh.get(o.f.url);
    if (prev) {
      prev.o = mergeObservation(prev.o, o);
      for (const h of o.f.phoneHmacs) prev.phones.add(h);
      for (const h of o.f.emailHmacs) prev.emails.add(h);
    } else {
      const entry = { seq: seqOf[i]!, o, phones: new Set(o.f.phoneHmacs), emails: new Set(o.f.emailHmacs) };
      if (storedUrls.has(o.f.url)) seen.set(o.f.url, entry);
      else fresh.set(o.f.url, entry);
    }
  }

  const newRows = [...fresh.values()].map(({ seq, o, phones, emails }) => {
    const i = g.indexOf(o.f.url)!;
    return {
      url: o.f.url,
      seq,
      cluster_id: seq,
      site: o.site,
      city: o.city,
      first_seen_at: o.firstSeenAt,
      last_seen_at: o.lastSeenAt,
      observations: o.observations,
      phone_hmacs: [...phones],
      email_hmacs: [...emails],
      image_hashes: g.imagesOf(i).map(hex),
      raw_text: o.rawText,
      text_signature: signatureBytes(g.signatureOf(i)),
      group_id: o.f.url,
    };
  });
  for (const batch of chunks(newRows, BATCH)) await tx.insertInto('ads_ads').values(batch).execute();
  // Ads seen again: the counts, times and identifiers grow; the signature stays the first (as in the engine).
  for (const batch of chunks([...seen.values()], BATCH)) {
    const rows = batch.map(({ o, phones, emails }) => {
      const i = g.indexOf(o.f.url)!;
      const s = storedUrls.get(o.f.url)!;
      return {
        url: o.f.url,
        site: o.site,
        city: o.city,
        first: o.firstSeenAt,
        last: o.lastSeenAt,
        n: o.observations,
        phones: [...new Set([...s.phone_hmacs, ...phones])],
        emails: [...new Set([...s.email_hmacs, ...emails])],
        images: g.imagesOf(i).map(hex),
        text: o.rawText,
        sig: signatureBytes(g.signatureOf(i))?.toString('hex') ?? null,
      };
    });
    await sql`
      update ads_ads set
        observations = ads_ads.observations + v.n,
        first_seen_at = least(ads_ads.first_seen_at, v.first),
        last_seen_at = greatest(ads_ads.last_seen_at, v.last),
        site = coalesce(v.site, ads_ads.site),
        city = coalesce(v.city, ads_ads.city),
        raw_text = coalesce(v.text, ads_ads.raw_text),
        phone_hmacs = array(select jsonb_array_elements_text(v.phones)),
        email_hmacs = array(select jsonb_array_elements_text(v.emails)),
        image_hashes = array(select jsonb_array_elements_text(v.images)),
        text_signature = decode(v.sig, 'hex')
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(url text, site text, city text, first timestamptz, last timestamptz, n int, phones jsonb, emails jsonb, images jsonb, text text, sig text)
      where ads_ads.url = any(${rows.map((r) => r.url)}::text[]) and ads_ads.url = v.url`.execute(tx);
  }
  for (const batch of chunks(journal.identifiers, BATCH * 5)) {
    await sql`insert into ads_identifiers (key, seq) select * from unnest(${batch.map(([k]) => k)}::text[], ${batch.map(([, i]) => seqOf[i]!)}::int[])`.execute(tx);
  }
  for (const batch of chunks(journal.text, BATCH * 5)) {
    await sql`insert into ads_text_buckets (key, band, seq) select * from unnest(${batch.map(([k]) => k)}::int[], ${batch.map(([, b]) => b)}::smallint[], ${batch.map(([, , i]) => seqOf[i]!)}::int[])`.execute(tx);
  }
  for (const batch of chunks(journal.images, BATCH * 5)) {
    await sql`insert into ads_image_buckets (key, seq, image) select * from unnest(${batch.map(([k]) => k)}::int[], ${batch.map(([, i]) => seqOf[i]!)}::int[], ${batch.map(([, , e]) => hex(g.image(e)))}::text[]) on conflict do nothing`.execute(tx);
  }
  // The links, each pair once per kind (the first similarity kept), the earlier ad first.
  const links = new Map<string, { url_a: string; url_b: string; kind: string; similarity: number }>();
  const touched = new Set<number>();
  for (const l of g.links) {
    const [a, b] = seqOf[l.a]! < seqOf[l.b]! ? [l.a, l.b] : [l.b, l.a];
    const key = `${a} ${b} ${l.kind}`;
    if (!links.has(key)) links.set(key, { url_a: g.url(a), url_b: g.url(b), kind: l.kind, similarity: l.similarity });
    for (const i of [a, b]) touched.add(storedUrls.get(g.url(i))?.cluster_id ?? seqOf[i]!);
  }
  for (const row of fresh.values()) touched.add(row.seq);
  for (const batch of chunks([...links.values()], BATCH)) await tx.insertInto('ads_links').values(batch).onConflict((oc) => oc.doNothing()).execute();
  const regrouped = await regroupClusters(tx, [...touched], options);
  return { added: fresh.size, links: links.size, regrouped };
}

interface StoredRow {
  seq: number;
  url: string;
  cluster_id: number | null;
  text_signature: Buffer | null;
  image_hashes: string[];
  phone_hmacs: string[];
  email_hmacs: string[];
}

/**
 * Regroups the given clusters (and only them) from their stored links and the workers' split
 * decisions, with the engine's rules (`unionRespectingSplits`, `componentsWithGuard`): each ad's
 * cluster (the raw component, which a link only ever merges and an undone confirmation may split)
 * and group are recomputed and the changed ones written. Returns the number of ads looked at.
 */
export async function regroupClusters(tx: Executor, clusterIds: readonly number[], options: GroupingOptions = {}): Promise<number> {
  if (clusterIds.length === 0) return 0;
  const ids = [...new Set(clusterIds)];
  const members = (
    await sql<{ seq: number; url: string; cluster_id: number | null; group_id: string | null }>`
      select a.* from unnest(${ids}::int[]) c(id) cross join lateral (select seq, url, cluster_id, group_id from ads_ads where cluster_id = c.id offset 0) a
      union
      select a.* from unnest(${ids}::int[]) c(id) cross join lateral (select seq, url, cluster_id, group_id from ads_ads where seq = c.id and cluster_id is null offset 0) a
      order by seq`.execute(tx)
  ).rows;
  const urls = members.map((m) => m.url);
  const index = new Map(urls.map((u, k) => [u, k]));
  const [linkRows, splitRows] = await Promise.all([
    sql<{ url_a: string; url_b: string; kind: LinkKind; similarity: number }>`select l.url_a, l.url_b, l.kind, l.similarity from unnest(${urls}::text[]) u(url) cross join lateral (select url_a, url_b, kind, similarity from ads_links where url_a = u.url offset 0) l`.execute(tx),
    sql<{ url_a: string; url_b: string }>`select d.url_a, d.url_b from unnest(${urls}::text[]) u(url) cross join lateral (select url_a, url_b, decision from ads_decisions where url_a = u.url offset 0) d where d.decision = 'split'`.execute(tx),
  ]);
  const links: Link[] = [];
  for (const l of linkRows.rows) {
    const a = index.get(l.url_a);
    const b = index.get(l.url_b);
    if (a === undefined || b === undefined) continue;
    links.push({ a: Math.min(a, b), b: Math.max(a, b), kind: l.kind, similarity: Number(l.similarity) });
  }
  const n = members.length;
  const columns = linkColumns(links);
  const raw = unionRespectingSplits(n, columns, []);
  const splits = splitRows.rows.filter((d) => index.has(d.url_b)).map((d) => [index.get(d.url_a)!, index.get(d.url_b)!].sort((x, y) => x - y) as [number, number]);
  const root = splits.length ? unionRespectingSplits(n, columns, splits) : raw;
  const opts = { ...DEFAULTS, ...options };
  const group = new Array<string>(n);
  for (const g of componentsWithGuard(n, root, columns, opts)) for (const m of g) group[m] = urls[g[0]!]!;
  const changed = members.flatMap((m, k) => {
    const cluster = members[raw[k]!]!.seq; // the root is the component's first ad (the smaller index wins)
    return cluster !== m.cluster_id || group[k] !== m.group_id ? [{ url: m.url, cluster, group: group[k]! }] : [];
  });
  for (const batch of chunks(changed, BATCH * 5)) {
    await sql`
      update ads_ads set cluster_id = v.cluster, group_id = v.group_id
      from unnest(${batch.map((c) => c.url)}::text[], ${batch.map((c) => c.cluster)}::int[], ${batch.map((c) => c.group)}::text[]) as v(url, cluster, group_id)
      where ads_ads.url = any(${batch.map((c) => c.url)}::text[]) and ads_ads.url = v.url`.execute(tx);
  }
  return n;
}

/**
 * A worker's decision on a link, applied at once to the cluster(s) of the two ads: a confirmation
 * is a link of its own; a split is a cannot-link (and takes back an earlier confirmation).
 */
export async function applyDecision(tx: Executor, urlA: string, urlB: string, decision: 'confirmed' | 'split', decidedBy: string | null, options: GroupingOptions = {}): Promise<boolean> {
  await sql`lock table ads_ads in share row exclusive mode`.execute(tx);
  const [a, b] = [urlA, urlB].sort() as [string, string];
  const ads = await tx.selectFrom('ads_ads').select(['url', 'seq', 'cluster_id']).where('url', 'in', [a, b]).orderBy('seq').execute();
  if (ads.length !== 2) return false;
  await tx
    .insertInto('ads_decisions')
    .values({ url_a: a, url_b: b, decision, decided_by: decidedBy })
    .onConflict((oc) => oc.columns(['url_a', 'url_b']).doUpdateSet({ decision, decided_by: decidedBy, decided_at: new Date() }))
    .execute();
  const [first, later] = ads as [(typeof ads)[number], (typeof ads)[number]];
  if (decision === 'confirmed') await tx.insertInto('ads_links').values({ url_a: first.url, url_b: later.url, kind: 'confirmed', similarity: 1 }).onConflict((oc) => oc.doNothing()).execute();
  else await tx.deleteFrom('ads_links').where('url_a', '=', first.url).where('url_b', '=', later.url).where('kind', '=', 'confirmed').execute();
  await regroupClusters(tx, [first.cluster_id ?? first.seq, later.cluster_id ?? later.seq], options);
  return true;
}

/**
 * Builds the candidate index, links, clusters and groups again from the stored ads, placing them in
 * their order through the same path as an import (used once, by the migration that introduced the
 * index, for ads stored before it). Decisions and contact attempts are kept.
 */
export async function replaceIndex(db: Executor, options: GroupingOptions = {}): Promise<void> {
  const all = await db.selectFrom('ads_ads').selectAll().orderBy('seq').execute();
  await db.deleteFrom('ads_ads').execute();
  const observations: Observation[] = all.map((s) => ({
    f: storedFeatures(s),
    site: s.site,
    city: s.city,
    firstSeenAt: new Date(s.first_seen_at),
    lastSeenAt: new Date(s.last_seen_at),
    observations: s.observations,
    rawText: s.raw_text,
  }));
  await placeObservations(db, observations, options);
  for (const batch of chunks(all, BATCH)) {
    await sql`update ads_ads set imported_at = v.at from unnest(${batch.map((s) => s.url)}::text[], ${batch.map((s) => new Date(s.imported_at))}::timestamptz[]) as v(url, at) where ads_ads.url = v.url`.execute(db);
  }
}

function mergeObservation(a: Observation, b: Observation): Observation {
  return {
    f: b.f,
    site: b.site ?? a.site,
    city: b.city ?? a.city,
    firstSeenAt: a.firstSeenAt < b.firstSeenAt ? a.firstSeenAt : b.firstSeenAt,
    lastSeenAt: a.lastSeenAt > b.lastSeenAt ? a.lastSeenAt : b.lastSeenAt,
    observations: a.observations + b.observations,
    rawText: b.rawText ?? a.rawText,
  };
}

function signatureFromBytes(b: Buffer | null): Uint32Array | null {
  return b ? new Uint32Array(new Uint8Array(b).buffer) : null;
}

function signatureBytes(sig: Uint32Array | null): Buffer | null {
  return sig ? Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength) : null;
}

const BATCH = 1000;
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function storedFeatures(s: { url: string; phone_hmacs: string[]; email_hmacs: string[]; image_hashes: string[]; text_signature: Buffer | null }): AdFeatures {
  return { url: s.url, phoneHmacs: s.phone_hmacs, emailHmacs: s.email_hmacs, signature: signatureFromBytes(s.text_signature), imageHashes: s.image_hashes.map(parseImageHashPair).filter((h): h is [number, number] => h !== null), unparsable: [] };
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
