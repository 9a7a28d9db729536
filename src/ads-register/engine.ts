import { createHmac } from 'node:crypto';
export { hex } from './generator.ts';
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * The grouping engine of the online ads register: pure, no database. Used by the import job and by
 * `npm run ads -- group`, so an outside corpus is grouped exactly as the register groups it.
 *
 * An ad becomes a set of features: keyed HMACs of its normalised phone numbers and e-mail addresses,
 * a MinHash signature of its normalised text, and 64-bit perceptual image hashes. Ads are linked when
 * they share an identifier, when their texts are near duplicates (LSH banding, then the estimated
 * Jaccard similarity), or when their images are near identical (Hamming distance). Groups are the
 * connected components (union-find); a worker's split is a cannot-link, a confirmation a link; a
 * giant component held together by one weak link is split at that link.
 */

// ---------------------------------------------------------------- normalisation

const DIGIT_WORDS = new Map<string, string>(Object.entries({
  // Swedish
  noll: '0', nolla: '0', ett: '1', etta: '1', två: '2', tvåa: '2', tre: '3', trea: '3', fyra: '4',
  fem: '5', femma: '5', sex: '6', sexa: '6', sju: '7', sjua: '7', åtta: '8', nio: '9', nia: '9',
  // English
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
}));
// "en" (one) and "o" are ordinary words; they count only between other digits (see below).
const WEAK_DIGIT_WORDS = new Map<string, string>([['en', '1'], ['o', '0']]);

/** Unicode NFKC, lower case, punctuation and spacing to single spaces (zero-width characters dropped). */
export function normaliseSpacing(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Digit deobfuscation: digit words (Swedish and English) become digits, and runs of digit tokens
 * separated by spaces, dots or dashes are joined ("noll sju noll 12 34" → "0701234"). A run needs at
 * least three digit tokens, so "sex" or "one" in ordinary prose stays a word.
 */
export function deobfuscateDigits(normalised: string): string {
  const tokens = normalised.split(' ');
  let out = null as string[] | null; // stays null while nothing changes (the common case: no digit words)
  let runStart = -1;
  let run = '';
  let runLength = 0;
  let allDigits = true;
  const flush = (end: number): void => {
    if (runLength >= 3 || (runLength >= 1 && run.length >= 6 && allDigits)) {
      out ??= tokens.slice(0, runStart);
      out.push(run);
    } else if (out) {
      for (let k = runStart; k < end; k++) out.push(tokens[k]!);
    }
    runStart = -1;
    run = '';
    runLength = 0;
    allDigits = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const digits = isDigits(t);
    const strong = digits ? t : DIGIT_WORDS.get(t);
    const weak = strong === undefined && runStart >= 0 ? WEAK_DIGIT_WORDS.get(t) : undefined;
    const d = strong ?? weak;
    if (d !== undefined) {
      if (runStart < 0) runStart = i;
      run += d;
      runLength++;
      if (!digits) allDigits = false;
    } else {
      if (runStart >= 0) flush(i);
      if (out) out.push(t);
    }
  }
  if (runStart >= 0) flush(tokens.length);
  return out ? out.join(' ') : normalised;
}

function isDigits(t: string): boolean {
  if (t.length === 0) return false;
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function normaliseText(text: string): string {
  return deobfuscateDigits(normaliseSpacing(text));
}

/** E.164 form of a phone number as written, or null when it cannot be parsed as a possible number. */
const phoneCache = new Map<string, string | null>();

export function normalisePhone(raw: string, country: CountryCode = 'SE'): string | null {
  const key = `${country}|${raw}`;
  const cached = phoneCache.get(key);
  if (cached !== undefined) return cached;
  const res = parsePhone(raw, country);
  if (phoneCache.size > 200_000) phoneCache.clear();
  phoneCache.set(key, res);
  return res;
}

function parsePhone(raw: string, country: CountryCode): string | null {
  // Written with digits only (the common case), or with digit words to turn into digits first.
  const digits = /^[\d\s()+.-]*$/.test(raw) ? raw.replace(/\(0\)/g, '') : deobfuscateDigits(normaliseSpacing(raw));
  const cleaned = (raw.trim().startsWith('+') ? '+' : '') + digits.replace(/\D/g, '');
  if (cleaned.length < 5) return null;
  const p = parsePhoneNumberFromString(cleaned, country);
  if (!p || !p.isPossible()) return null;
  return p.number;
}

/** Phone numbers written in the (deobfuscated) text of an ad. */
export function phonesInText(normalisedText: string, country: CountryCode = 'SE'): string[] {
  if (!/\d{6}/.test(normalisedText)) return [];
  const found = new Set<string>();
  for (const m of findPhoneNumbersInText(normalisedText, country)) {
    if (m.number.isPossible()) found.add(m.number.number);
  }
  return [...found];
}

/** Lower case, NFKC, trimmed; Gmail-style dots and +tags are not removed (other providers differ). */
export function normaliseEmail(raw: string): string | null {
  const e = raw.normalize('NFKC').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

/** Keyed HMAC-SHA-256 of a normalised identifier, 128 bits in hex. The key never reaches the database. */
export function identifierHmac(key: string, kind: 'phone' | 'email', normalised: string): string {
  return createHmac('sha256', key).update(`${kind}:${normalised}`).digest('hex').slice(0, 32);
}

// ---------------------------------------------------------------- MinHash

export const MINHASH_SIZE = 64;
export const LSH_BANDS = 16;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;
export const SHINGLE_WORDS = 3;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEEDS = (() => {
  const s = new Uint32Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) s[i] = mix32(0x9e3779b9 + i * 0x632be5ab);
  return s;
})();

const MULS = (() => {
  const s = new Uint32Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) s[i] = (mix32(0x85ebca6b + i * 0x27d4eb2f) | 1) >>> 0;
  return s;
})();

/** Hashes of the word shingles of a normalised text (a text shorter than a shingle is one shingle). */
export function shingles(normalised: string, size = SHINGLE_WORDS): Uint32Array {
  const words = normalised.split(' ').filter(Boolean);
  if (words.length === 0) return new Uint32Array(0);
  const set = new Set<number>();
  if (words.length <= size) set.add(fnv1a(words.join(' ')));
  for (let i = 0; i + size <= words.length; i++) set.add(fnv1a(words.slice(i, i + size).join(' ')));
  return Uint32Array.from(set);
}

export function minhash(sh: Uint32Array): Uint32Array | null {
  if (sh.length === 0) return null;
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (let j = 0; j < sh.length; j++) minhashInto(sig, 0, sh[j]!);
  return sig;
}

function minhashInto(sig: Uint32Array, at: number, shingle: number): void {
  const x = mix32(shingle);
  for (let i = 0; i < MINHASH_SIZE; i++) {
    let h = Math.imul(x ^ SEEDS[i]!, MULS[i]!);
    h = (h ^ (h >>> 15)) >>> 0;
    if (h < sig[at + i]!) sig[at + i] = h;
  }
}

const wordStarts = new Int32Array(4096);
const wordEnds = new Int32Array(4096);

/**
 * `minhash(shingles(normalised))` without building the shingle strings: a normalised text has
 * single spaces between words, so a shingle is the text from its first word's start to its last
 * word's end, hashed in place (FNV-1a, the same values). MinHash needs no deduplication.
 */
export function textSignature(normalised: string): Uint32Array | null {
  const len = normalised.length;
  let words = 0;
  let k = 0;
  while (k < len) {
    while (k < len && normalised.charCodeAt(k) === 32) k++;
    if (k >= len) break;
    if (words === wordStarts.length) return minhash(shingles(normalised)); // a huge text: the plain way
    wordStarts[words] = k;
    while (k < len && normalised.charCodeAt(k) !== 32) k++;
    wordEnds[words++] = k;
  }
  if (words === 0) return null;
  // Words must be separated by exactly one space for a shingle to be a slice of the text.
  for (let w = 1; w < words; w++) if (wordStarts[w]! !== wordEnds[w - 1]! + 1) return minhash(shingles(normalised));
  // The shingle hashes first, then the 64 minima in one pass per hash function (tight loops).
  const count = words <= SHINGLE_WORDS ? 1 : words - SHINGLE_WORDS + 1;
  if (shingleBuffer.length < count) shingleBuffer = new Uint32Array(count * 2);
  const xs = shingleBuffer;
  for (let w = 0; w < count; w++) {
    const to = wordEnds[Math.min(w + SHINGLE_WORDS, words) - 1]!;
    let h = 0x811c9dc5;
    for (let c = wordStarts[w]!; c < to; c++) {
      h ^= normalised.charCodeAt(c);
      h = Math.imul(h, 0x01000193);
    }
    xs[w] = mix32(h >>> 0);
  }
  const sig = new Uint32Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) {
    const seed = SEEDS[i]!;
    const mul = MULS[i]!;
    let min = 0xffffffff;
    for (let w = 0; w < count; w++) {
      let h = Math.imul(xs[w]! ^ seed, mul);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < min) min = h;
    }
    sig[i] = min;
  }
  return sig;
}

let shingleBuffer = new Uint32Array(256);

/** Estimated Jaccard similarity of two texts from their signatures. */
export function minhashSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const sa = new Set(a);
  let inter = 0;
  for (const x of b) if (sa.has(x)) inter++;
  const union = sa.size + new Set(b).size - inter;
  return union === 0 ? 0 : inter / union;
}

/** The key of band `b` of the signature at `at` (a collision between keys only adds a candidate, which is then verified). */
function bandKey(sigs: Uint32Array, at: number, b: number): number {
  let h = 0x811c9dc5 ^ b;
  for (let r = 0; r < LSH_ROWS; r++) h = mix32(h ^ sigs[at + b * LSH_ROWS + r]!);
  return h;
}

// ---------------------------------------------------------------- image hashes

export const parseImageHashPair = (hex: string): [number, number] | null => parseImageHash(hex);

/** A 64-bit perceptual hash as 16 hex digits; null when malformed. */
export function parseImageHash(hex: string): [number, number] | null {
  const h = hex.trim().toLowerCase();
  if (!/^[0-9a-f]{16}$/.test(h)) return null;
  return [parseInt(h.slice(0, 8), 16) >>> 0, parseInt(h.slice(8), 16) >>> 0];
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hamming(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

export function hammingHex(a: string, b: string): number {
  const pa = parseImageHash(a);
  const pb = parseImageHash(b);
  if (!pa || !pb) throw new Error('not a 64-bit hash');
  return hamming(pa, pb);
}

/** Four 16-bit bands: two hashes within distance 3 share at least one band exactly (pigeonhole). 2^18 keys in all. */
function imageBandKey(hi: number, lo: number, b: number): number {
  switch (b) {
    case 0:
      return hi >>> 16;
    case 1:
      return (hi & 0xffff) | 0x10000;
    case 2:
      return (lo >>> 16) | 0x20000;
    default:
      return (lo & 0xffff) | 0x30000;
  }
}

// ---------------------------------------------------------------- the grouper

export interface AdInput {
  url: string;
  site?: string | undefined;
  seenAt?: string | undefined;
  city?: string | undefined;
  phones?: readonly string[] | undefined;
  emails?: readonly string[] | undefined;
  text?: string | undefined;
  imageHashes?: readonly string[] | undefined;
}

/** What an ad keeps after featurisation: no raw phone, e-mail or image byte. */
export interface AdFeatures {
  url: string;
  phoneHmacs: string[];
  emailHmacs: string[];
  signature: Uint32Array | null;
  imageHashes: Array<[number, number]>;
  /** Numbers written as given that could not be parsed (reported, not used). */
  unparsable: string[];
}

export type LinkKind = 'phone' | 'email' | 'text' | 'image' | 'confirmed';

export interface Link {
  a: number;
  b: number;
  kind: LinkKind;
  /** Text: estimated Jaccard; image: 1 − distance/64; identifiers and confirmations: 1. */
  similarity: number;
}

export interface EngineOptions {
  hmacKey: string;
  defaultCountry?: CountryCode;
  /** Minimum estimated Jaccard similarity for a text link. */
  textThreshold?: number;
  /** Maximum Hamming distance for an image link (at most 3: the bands guarantee recall up to there). */
  imageMaxDistance?: number;
  /** Components larger than this are checked for weak bridges. */
  guardSize?: number;
  /** A weak bridge is cut when both sides have at least this many ads. */
  guardMinSide?: number;
}

export const DEFAULTS = { textThreshold: 0.5, imageMaxDistance: 3, guardSize: 40, guardMinSide: 4 } as const;

export function featurise(ad: AdInput, hmacKey: string, country: CountryCode = 'SE'): AdFeatures {
  const phones = new Set<string>();
  const unparsable: string[] = [];
  for (const raw of ad.phones ?? []) {
    const p = normalisePhone(raw, country);
    if (p) phones.add(p);
    else unparsable.push(raw);
  }
  const text = ad.text ? normaliseText(ad.text) : '';
  for (const p of phonesInText(text, country)) phones.add(p);
  const emails = new Set<string>();
  for (const raw of ad.emails ?? []) {
    const e = normaliseEmail(raw);
    if (e) emails.add(e);
    else unparsable.push(raw);
  }
  for (const m of ad.text?.includes('@') ? ad.text.matchAll(/[^\s@]+@[^\s@]+\.[a-zA-Z]{2,}/g) : []) {
    const e = normaliseEmail(m[0]);
    if (e) emails.add(e);
  }
  const imageHashes: Array<[number, number]> = [];
  for (const h of ad.imageHashes ?? []) {
    const p = parseImageHash(h);
    if (p) imageHashes.push(p);
    else unparsable.push(h);
  }
  return {
    url: ad.url,
    phoneHmacs: [...phones].map((p) => identifierHmac(hmacKey, 'phone', p)),
    emailHmacs: [...emails].map((e) => identifierHmac(hmacKey, 'email', e)),
    signature: textSignature(text),
    imageHashes,
    unparsable,
  };
}

export interface Decision {
  urlA: string;
  urlB: string;
  decision: 'confirmed' | 'split';
}

/** What placements added to the candidate index: [identifier key, ad], [band key (int32), band, ad], [image band key, ad, image entry]. */
export interface GrouperJournal {
  identifiers: Array<[string, number]>;
  text: Array<[number, number, number]>;
  images: Array<[number, number, number]>;
}

/** A stored ad as `Grouper.restore` takes it back. */
export interface StoredAd {
  url: string;
  signature: Uint32Array | null;
  /** Its distinct images in the order first seen. */
  images: ReadonlyArray<readonly [number, number]>;
  /** Identifier keys (`p` + phone HMAC, `e` + e-mail HMAC) it was the first ad to show. */
  identifiers: readonly string[];
  /** Text bucket entries it holds: [band key as int32, band]. */
  textEntries: ReadonlyArray<readonly [number, number]>;
  /** Image bucket entries it holds: [image band key, the image]. */
  imageEntries: ReadonlyArray<readonly [number, readonly [number, number]]>;
}

/** The key an identifier has in the index: its kind's letter and its HMAC. */
export const identifierKey = (kind: 'phone' | 'email', hmac: string): string => `${kind === 'phone' ? 'p' : 'e'}${hmac}`;

/** The LSH band keys of a signature (int32, as stored), band by band. */
export function textBandKeys(signature: Uint32Array): number[] {
  return Array.from({ length: LSH_BANDS }, (_, b) => bandKey(signature, 0, b) | 0);
}

/** The four band keys of an image hash (a near-identical image shares at least one). */
export function imageBandKeys(hash: readonly [number, number]): number[] {
  return [0, 1, 2, 3].map((b) => imageBandKey(hash[0], hash[1], b));
}

export interface Group {
  id: string;
  members: number[];
}

const LINK_KINDS: readonly LinkKind[] = ['phone', 'email', 'text', 'image', 'confirmed'];
const KIND_CODE: Record<LinkKind, number> = { phone: 0, email: 1, text: 2, image: 3, confirmed: 4 };
/** A text or image bucket compares a new ad with its first BUCKET_CAP ads only: boilerplate shared by very many ads adds nothing but work. */
export const BUCKET_CAP = 256;
const IMAGE_BUCKETS = 1 << 18;

/**
 * Incremental grouper. `add` places one ad (featurised) and returns its index; `groups` gives the
 * components after the split guard. A batch is the same adds one after the other, so a batch and
 * an incremental placement on the same input agree by construction; the partition does not depend
 * on the input order unless a split decision has to choose.
 *
 * The state is kept in typed arrays so that a million ads stay compact and cheap for the garbage
 * collector: the signatures in one pool (64 numbers per ad), the LSH buckets as an open-addressing
 * table of band keys whose entries chain through a `next` array indexed by ad × band, the image
 * buckets as a direct table of the 2^18 band keys, the links as columns, and a union-find with path
 * compression and union by size. Placing an ad costs its featurisation plus the comparisons within
 * its (capped) buckets, independent of how many ads are already placed.
 */
export class Grouper {
  /** The urls of the placed ads, by index. */
  readonly urls: string[] = [];
  /** Numbers or addresses of each ad that could not be parsed (reported, not used), only for ads that had some. */
  private readonly unparsableOf = new Map<number, string[]>();
  private readonly urlIndex = new Map<string, number>();
  private readonly identifierIndex = new Map<string, number>();
  private capacity = 1024;
  private parent = new Int32Array(1024);
  private size = new Int32Array(1024);
  private sigs = new Uint32Array(1024 * MINHASH_SIZE);
  private hasSig = new Uint8Array(1024);
  /** Dedupes the candidates of one placement: stamp[j] === epoch once j has been looked at. */
  private stamp = new Int32Array(1024);
  private epoch = 0;
  // Text LSH: open addressing on the band key; head = entry + 1 (0: empty); entry = ad * LSH_BANDS + band.
  private tKeys = new Uint32Array(1 << 12);
  private tHeads = new Int32Array(1 << 12);
  private tUsed = 0;
  private tNext = new Int32Array(1024 * LSH_BANDS);
  // Images: a pool of hashes (entry k), chained per ad; buckets: head = k * 4 + band + 1.
  private imgHi = new Uint32Array(1024);
  private imgLo = new Uint32Array(1024);
  private imgAd = new Int32Array(1024);
  private imgNextOfAd = new Int32Array(1024);
  private imgCount = 0;
  private adImgHead = new Int32Array(1024);
  private readonly iHeads = new Int32Array(IMAGE_BUCKETS);
  private iNext = new Int32Array(1024 * 4);
  // Links as columns.
  private linkA = new Int32Array(1024);
  private linkB = new Int32Array(1024);
  private linkKind = new Uint8Array(1024);
  private linkSim = new Float32Array(1024);
  private nLinks = 0;
  /** Split decisions: cannot-link pairs by url, and per component root the urls it must not meet. */
  private readonly cannot = new Map<string, Set<string>>();
  private readonly confirmed = new Map<string, Set<string>>();
  private readonly opts: Required<Omit<EngineOptions, 'defaultCountry'>> & { defaultCountry: CountryCode };
  /** What placements added to the candidate index, when asked (the register stores it). */
  private journal: GrouperJournal | null = null;

  constructor(options: EngineOptions, decisions: readonly Decision[] = []) {
    this.opts = { ...DEFAULTS, defaultCountry: 'SE', ...options };
    for (const d of decisions) {
      const m = d.decision === 'split' ? this.cannot : this.confirmed;
      if (!m.has(d.urlA)) m.set(d.urlA, new Set());
      if (!m.has(d.urlB)) m.set(d.urlB, new Set());
      m.get(d.urlA)!.add(d.urlB);
      m.get(d.urlB)!.add(d.urlA);
    }
  }

  /** Starts recording what later placements add to the index (identifiers, bucket entries). */
  startJournal(): GrouperJournal {
    this.journal = { identifiers: [], text: [], images: [] };
    return this.journal;
  }

  /**
   * Puts a stored ad back as it was placed, without linking it again: its signature and images,
   * the identifiers it was the first to show, and the bucket entries it holds (only those of the
   * buckets the new ads will look in need be given — but all of a given bucket's). The register
   * restores the neighbourhood of an import this way and places the new ads with `add`: the links,
   * bucket entries and identifiers are then exactly those a grouping of the whole register makes.
   */
  restore(ad: StoredAd): number {
    const known = this.urlIndex.get(ad.url);
    if (known !== undefined) return known;
    const i = this.urls.length;
    if (i >= this.capacity) this.grow();
    this.urls.push(ad.url);
    this.urlIndex.set(ad.url, i);
    this.parent[i] = i;
    this.size[i] = 1;
    for (const key of ad.identifiers) this.identifierIndex.set(key, i);
    if (ad.signature) {
      this.sigs.set(ad.signature, i * MINHASH_SIZE);
      this.hasSig[i] = 1;
    }
    for (const [key, band] of ad.textEntries) this.pushTextEntry(this.textSlot(key >>> 0), key >>> 0, i * LSH_BANDS + band);
    const entryOf = new Map<string, number>();
    for (const [hi, lo] of ad.images) {
      const k = this.pushImage(i, hi, lo);
      this.imgNextOfAd[k] = this.adImgHead[i]!;
      this.adImgHead[i] = k + 1;
      entryOf.set(`${hi} ${lo}`, k);
    }
    for (const [key, image] of ad.imageEntries) {
      const k = entryOf.get(`${image[0]} ${image[1]}`);
      if (k !== undefined) this.pushImageEntry(key, k * 4 + (key >>> 16));
    }
    return i;
  }

  /** An ad's signature as placed (its first), or null. */
  signatureOf(i: number): Uint32Array | null {
    return this.hasSig[i] ? this.sigs.slice(i * MINHASH_SIZE, (i + 1) * MINHASH_SIZE) : null;
  }

  /** An ad's distinct images, in the order they were first seen. */
  imagesOf(i: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let k = this.adImgHead[i]!; k !== 0; k = this.imgNextOfAd[k - 1]!) out.push([this.imgHi[k - 1]!, this.imgLo[k - 1]!]);
    return out.reverse();
  }

  /** The image of a journal entry. */
  image(entry: number): [number, number] {
    return [this.imgHi[entry]!, this.imgLo[entry]!];
  }

  get count(): number {
    return this.urls.length;
  }

  get linkCount(): number {
    return this.nLinks;
  }

  indexOf(url: string): number | undefined {
    return this.urlIndex.get(url);
  }

  url(i: number): string {
    return this.urls[i]!;
  }

  unparsable(i: number): readonly string[] {
    return this.unparsableOf.get(i) ?? [];
  }

  link(k: number): Link {
    return { a: this.linkA[k]!, b: this.linkB[k]!, kind: LINK_KINDS[this.linkKind[k]!]!, similarity: this.linkSim[k]! };
  }

  /** Every link (evidence), as objects. */
  get links(): Link[] {
    return Array.from({ length: this.nLinks }, (_, k) => this.link(k));
  }

  addInput(ad: AdInput): number {
    return this.add(featurise(ad, this.opts.hmacKey, this.opts.defaultCountry));
  }

  /** Places one ad. A second observation of a url already placed adds its features to that ad. */
  add(f: AdFeatures): number {
    const known = this.urlIndex.get(f.url);
    const i = known ?? this.urls.length;
    if (known === undefined) {
      if (i >= this.capacity) this.grow();
      this.urls.push(f.url);
      this.urlIndex.set(f.url, i);
      this.parent[i] = i;
      this.size[i] = 1;
    }
    if (f.unparsable.length) this.unparsableOf.set(i, [...(this.unparsableOf.get(i) ?? []), ...f.unparsable]);
    for (const h of f.phoneHmacs) this.identifier(identifierKey('phone', h), i, KIND_CODE.phone);
    for (const h of f.emailHmacs) this.identifier(identifierKey('email', h), i, KIND_CODE.email);
    if (f.signature) this.placeText(i, f.signature);
    for (const h of f.imageHashes) this.placeImage(i, h[0], h[1]);
    const others = this.confirmed.get(f.url);
    if (others) {
      for (const other of others) {
        const j = this.urlIndex.get(other);
        if (j !== undefined) this.linkTo(i, j, KIND_CODE.confirmed, 1);
      }
    }
    return i;
  }

  private linkTo(i: number, j: number, kind: number, similarity: number): void {
    if (j === i) return;
    const k = this.nLinks++;
    if (k >= this.linkA.length) {
      this.linkA = growInt32(this.linkA, k * 2);
      this.linkB = growInt32(this.linkB, k * 2);
      const kinds = new Uint8Array(k * 2);
      kinds.set(this.linkKind);
      this.linkKind = kinds;
      const sims = new Float32Array(k * 2);
      sims.set(this.linkSim);
      this.linkSim = sims;
    }
    // The pair in placement order: a later observation of an earlier ad links the same way round.
    this.linkA[k] = Math.min(i, j);
    this.linkB[k] = Math.max(i, j);
    this.linkKind[k] = kind;
    this.linkSim[k] = similarity;
    // With split decisions the unions wait for groups(), which takes the links in a canonical order.
    if (this.cannot.size === 0) this.union(i, j);
  }

  private identifier(key: string, i: number, kind: number): void {
    const first = this.identifierIndex.get(key);
    if (first === undefined) {
      this.identifierIndex.set(key, i);
      if (this.journal !== null) this.journal.identifiers.push([key, i]);
    } else this.linkTo(i, first, kind, 1);
  }

  private placeText(i: number, signature: Uint32Array): void {
    const epoch = ++this.epoch;
    this.stamp[i] = epoch;
    const sigs = this.sigs;
    // A later observation of the same ad is compared, but its first signature stays the ad's.
    const insert = this.hasSig[i] === 0;
    const at = i * MINHASH_SIZE;
    if (insert) {
      sigs.set(signature, at);
      this.hasSig[i] = 1;
    }
    const threshold = this.opts.textThreshold;
    for (let b = 0; b < LSH_BANDS; b++) {
      let h = 0x811c9dc5 ^ b;
      for (let r = 0; r < LSH_ROWS; r++) h = mix32(h ^ signature[b * LSH_ROWS + r]!);
      const slot = this.textSlot(h);
      let inBucket = 0;
      for (let e = this.tHeads[slot]!; e !== 0; e = this.tNext[e - 1]!) {
        inBucket++;
        const j = ((e - 1) / LSH_BANDS) | 0;
        if (this.stamp[j] === epoch) continue;
        this.stamp[j] = epoch;
        const jat = j * MINHASH_SIZE;
        let same = 0;
        for (let r = 0; r < MINHASH_SIZE; r++) if (signature[r] === sigs[jat + r]) same++;
        const sim = same / MINHASH_SIZE;
        if (sim >= threshold) this.linkTo(i, j, KIND_CODE.text, sim);
      }
      if (insert && inBucket < BUCKET_CAP) {
        this.pushTextEntry(slot, h, i * LSH_BANDS + b);
        if (this.journal !== null) this.journal.text.push([h | 0, b, i]);
      }
    }
  }

  private pushTextEntry(slot: number, key: number, entry: number): void {
    if (this.tHeads[slot] === 0) {
      this.tKeys[slot] = key;
      if (++this.tUsed * 2 > this.tKeys.length) {
        this.tNext[entry] = 0;
        this.tHeads[slot] = entry + 1;
        this.rehashText();
        return;
      }
    }
    this.tNext[entry] = this.tHeads[slot]!;
    this.tHeads[slot] = entry + 1;
  }

  /** The slot of a band key: its own, or the empty one where it belongs (linear probing). */
  private textSlot(key: number): number {
    const mask = this.tKeys.length - 1;
    let s = key & mask;
    while (this.tHeads[s] !== 0 && this.tKeys[s] !== key) s = (s + 1) & mask;
    return s;
  }

  private rehashText(): void {
    const keys = this.tKeys;
    const heads = this.tHeads;
    this.tKeys = new Uint32Array(keys.length * 2);
    this.tHeads = new Int32Array(keys.length * 2);
    for (let s = 0; s < keys.length; s++) {
      if (heads[s] === 0) continue;
      const t = this.textSlot(keys[s]!);
      this.tKeys[t] = keys[s]!;
      this.tHeads[t] = heads[s]!;
    }
  }

  private placeImage(i: number, hi: number, lo: number): void {
    for (let k = this.adImgHead[i]!; k !== 0; k = this.imgNextOfAd[k - 1]!) {
      if (this.imgHi[k - 1] === hi && this.imgLo[k - 1] === lo) return; // the same image seen again
    }
    const epoch = ++this.epoch;
    this.stamp[i] = epoch;
    const max = this.opts.imageMaxDistance;
    const k = this.pushImage(i, hi, lo);
    for (let b = 0; b < 4; b++) {
      const key = imageBandKey(hi, lo, b);
      let inBucket = 0;
      for (let e = this.iHeads[key]!; e !== 0; e = this.iNext[e - 1]!) {
        inBucket++;
        const j = this.imgAd[((e - 1) / 4) | 0]!;
        if (this.stamp[j] === epoch) continue;
        this.stamp[j] = epoch;
        let best = 65;
        for (let m = this.adImgHead[j]!; m !== 0; m = this.imgNextOfAd[m - 1]!) {
          const d = popcount32((hi ^ this.imgHi[m - 1]!) >>> 0) + popcount32((lo ^ this.imgLo[m - 1]!) >>> 0);
          if (d < best) best = d;
        }
        if (best <= max) this.linkTo(i, j, KIND_CODE.image, 1 - best / 64);
      }
      if (inBucket < BUCKET_CAP) {
        this.pushImageEntry(key, k * 4 + b);
        if (this.journal !== null) this.journal.images.push([key, i, k]);
      }
    }
    // The ad's own list last: its other images are compared, not itself.
    this.imgNextOfAd[k] = this.adImgHead[i]!;
    this.adImgHead[i] = k + 1;
  }

  private pushImageEntry(key: number, entry: number): void {
    this.iNext[entry] = this.iHeads[key]!;
    this.iHeads[key] = entry + 1;
  }

  /** Puts an image into the pool (not yet into its ad's list) and returns its entry. */
  private pushImage(i: number, hi: number, lo: number): number {
    const k = this.imgCount++;
    if (k >= this.imgHi.length) {
      const n = k * 2;
      const hiPool = new Uint32Array(n);
      hiPool.set(this.imgHi);
      this.imgHi = hiPool;
      const loPool = new Uint32Array(n);
      loPool.set(this.imgLo);
      this.imgLo = loPool;
      this.imgAd = growInt32(this.imgAd, n);
      this.imgNextOfAd = growInt32(this.imgNextOfAd, n);
      this.iNext = growInt32(this.iNext, n * 4);
    }
    this.imgHi[k] = hi;
    this.imgLo[k] = lo;
    this.imgAd[k] = i;
    return k;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.capacity = n;
    this.parent = growInt32(this.parent, n);
    this.size = growInt32(this.size, n);
    this.stamp = growInt32(this.stamp, n);
    this.adImgHead = growInt32(this.adImgHead, n);
    this.tNext = growInt32(this.tNext, n * LSH_BANDS);
    const sigs = new Uint32Array(n * MINHASH_SIZE);
    sigs.set(this.sigs);
    this.sigs = sigs;
    const has = new Uint8Array(n);
    has.set(this.hasSig);
    this.hasSig = has;
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const n = this.parent[i]!;
      this.parent[i] = r;
      i = n;
    }
    return r;
  }

  private union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }

  /**
   * The groups: connected components, then the guard: in a component larger than `guardSize`, a
   * weak link (text or image) that is a bridge with at least `guardMinSide` ads on each side is cut.
   * A group's id is the url of its first ad (in placement order), stable under later additions
   * that do not merge it into an older group.
   */
  groups(): Group[] {
    const n = this.urls.length;
    const links: LinkColumns = { count: this.nLinks, a: this.linkA, b: this.linkB, kind: this.linkKind, link: (k) => this.link(k) };
    let root: Int32Array;
    if (this.cannot.size === 0) {
      root = new Int32Array(n);
      for (let i = 0; i < n; i++) root[i] = this.find(i);
    } else {
      const splits: Array<[number, number]> = [];
      for (const [u, vs] of this.cannot) {
        const i = this.urlIndex.get(u);
        if (i === undefined) continue;
        for (const v of vs) {
          const j = this.urlIndex.get(v);
          if (j !== undefined && i < j) splits.push([i, j]);
        }
      }
      root = unionRespectingSplits(n, links, splits);
    }
    return componentsWithGuard(n, root, links, this.opts).map((members) => ({ id: this.urls[members[0]!]!, members }));
  }

  /** The group id of every ad, by index. */
  groupIds(): string[] {
    const ids = new Array<string>(this.urls.length);
    for (const g of this.groups()) for (const i of g.members) ids[i] = g.id;
    return ids;
  }

  /** url → group id. */
  assignment(): Record<string, string> {
    const res: Record<string, string> = {};
    const ids = this.groupIds();
    for (let i = 0; i < ids.length; i++) res[this.urls[i]!] = ids[i]!;
    return res;
  }

  /** The links inside one group, for its evidence. */
  linksWithin(members: readonly number[]): Link[] {
    const set = new Set(members);
    const out: Link[] = [];
    for (let k = 0; k < this.nLinks; k++) if (set.has(this.linkA[k]!) && set.has(this.linkB[k]!)) out.push(this.link(k));
    return out;
  }
}

function growInt32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** The links of a placement as columns (the grouper's arrays, or a stored group's links), a < b in placement order. */
export interface LinkColumns {
  count: number;
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  kind: ArrayLike<number>;
  link(k: number): Link;
}

/** Columns over a list of link objects (a < b). */
export function linkColumns(links: readonly Link[]): LinkColumns {
  return {
    count: links.length,
    a: links.map((l) => l.a),
    b: links.map((l) => l.b),
    kind: links.map((l) => KIND_CODE[l.kind]),
    link: (k) => links[k]!,
  };
}

/**
 * The components of ads 0..n−1 (in placement order) under their links, with the workers' splits
 * as cannot-links: a union that would bring a split pair together is refused. Which union comes
 * first decides, so the links are taken in one canonical order — by their later ad, then kind,
 * then earlier ad — that depends only on the links and the placement order, not on how the ads
 * were loaded: the register regrouping one component and the whole corpus grouped at once agree.
 * Returns each ad's root.
 */
export function unionRespectingSplits(n: number, links: LinkColumns, splits: ReadonlyArray<readonly [number, number]>): Int32Array {
  const order = Array.from({ length: links.count }, (_, k) => k).sort((x, y) => links.b[x]! - links.b[y]! || links.kind[x]! - links.kind[y]! || links.a[x]! - links.a[y]!);
  const parent = Int32Array.from({ length: n }, (_, k) => k);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const cannot = new Map<number, number[]>();
  for (const [u, v] of splits) {
    cannot.set(u, [...(cannot.get(u) ?? []), v]);
    cannot.set(v, [...(cannot.get(v) ?? []), u]);
  }
  // Per root, its members that take part in a split.
  const splitMembers = new Map<number, number[]>();
  for (const u of cannot.keys()) splitMembers.set(u, [u]);
  for (const k of order) {
    const ra = find(links.a[k]!);
    const rb = find(links.b[k]!);
    if (ra === rb) continue;
    const ma = splitMembers.get(ra);
    const mb = splitMembers.get(rb);
    if (ma && mb && ma.some((u) => cannot.get(u)!.some((v) => find(v) === rb))) continue;
    // The earlier ad stays the root, so a component's root is its first ad.
    const [root, joined] = ra < rb ? [ra, rb] : [rb, ra];
    parent[joined] = root;
    if (mb || ma) {
      splitMembers.delete(joined);
      splitMembers.set(root, [...(ma ?? []), ...(mb ?? [])]);
    }
  }
  for (let i = 0; i < n; i++) parent[i] = find(i);
  return parent;
}

/**
 * Groups from components: members in placement order; a component larger than `guardSize` loses
 * its weak bridges with at least `guardMinSide` ads on each side (`splitWeakBridges`).
 */
export function componentsWithGuard(n: number, root: ArrayLike<number>, links: LinkColumns, opts: { guardSize: number; guardMinSide: number }): number[][] {
  // Components by counting sort on the root: members in placement order, no map per ad.
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) count[root[i]!]!++;
  const out: number[][] = [];
  const big = new Map<number, Link[]>();
  const slot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = root[i]!;
    if (slot[r] === -1) {
      slot[r] = out.length;
      out.push([]);
      if (count[r]! > opts.guardSize) big.set(r, []);
    }
    out[slot[r]!]!.push(i);
  }
  if (!big.size) return out;
  for (let k = 0; k < links.count; k++) {
    const ls = big.get(root[links.a[k]!]!);
    if (ls && root[links.b[k]!] === root[links.a[k]!]) ls.push(links.link(k));
  }
  const split: number[][] = [];
  for (const members of out) {
    const ls = big.get(root[members[0]!]!);
    if (ls) split.push(...splitWeakBridges(members, ls, opts.guardMinSide));
    else split.push(members);
  }
  return split;
}

/**
 * Cuts the weak bridges of one component whose both sides hold at least `minSide` ads, then
 * returns the resulting components. Bridges are found with an iterative Tarjan walk; parallel
 * links between the same two ads are no bridge.
 */
export function splitWeakBridges(members: readonly number[], links: readonly Link[], minSide: number): number[][] {
  const local = new Map<number, number>();
  members.forEach((m, k) => local.set(m, k));
  const n = members.length;
  const adj: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  // The same evidence seen twice (a later observation of an ad) is one link, not two in parallel.
  const seen = new Set<string>();
  links.forEach((l, e) => {
    const a = local.get(l.a)!;
    const b = local.get(l.b)!;
    if (a === b) return;
    const key = `${Math.min(a, b)} ${Math.max(a, b)} ${l.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    adj[a]!.push([b, e]);
    adj[b]!.push([a, e]);
  });
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const sub = new Int32Array(n).fill(1);
  // A cut bridge is a pair of ads (its copies, the same evidence seen again, go with it).
  const cut = new Set<string>();
  const pairKey = (l: Link): string => `${local.get(l.a)!} ${local.get(l.b)!}`;
  let time = 0;
  for (let s = 0; s < n; s++) {
    if (disc[s] !== -1) continue;
    const stack: Array<[number, number, number]> = [[s, -1, 0]];
    disc[s] = low[s] = time++;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, pe, k] = top;
      if (k < adj[v]!.length) {
        top[2]++;
        const [w, e] = adj[v]![k]!;
        if (e === pe) continue;
        if (disc[w] === -1) {
          disc[w] = low[w] = time++;
          stack.push([w, e, 0]);
        } else low[v] = Math.min(low[v]!, disc[w]!);
      } else {
        stack.pop();
        if (stack.length) {
          const p = stack[stack.length - 1]![0];
          low[p] = Math.min(low[p]!, low[v]!);
          sub[p]! += sub[v]!;
          if (low[v]! > disc[p]!) {
            const l = links[pe]!;
            const weak = l.kind === 'text' || l.kind === 'image';
            if (weak && sub[v]! >= minSide && n - sub[v]! >= minSide) cut.add(pairKey(l));
          }
        }
      }
    }
  }
  if (!cut.size) return [members.slice()];
  const parent = Int32Array.from({ length: n }, (_, k) => k);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  links.forEach((l) => {
    if (cut.has(pairKey(l))) return;
    const a = find(local.get(l.a)!);
    const b = find(local.get(l.b)!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  });
  const comps = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const r = find(k);
    let c = comps.get(r);
    if (!c) comps.set(r, (c = []));
    c.push(members[k]!);
  }
  return [...comps.values()];
}
