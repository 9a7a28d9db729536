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
  const out: string[] = [];
  let run: string[] = [];
  let runTokens: string[] = [];
  const flush = (): void => {
    if (run.length >= 3 || (run.length >= 1 && run.join('').length >= 6 && runTokens.every((t) => /^\d+$/.test(t)))) {
      out.push(run.join(''));
    } else {
      out.push(...runTokens);
    }
    run = [];
    runTokens = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const strong = /^\d+$/.test(t) ? t : DIGIT_WORDS.get(t);
    const weak = WEAK_DIGIT_WORDS.get(t);
    if (strong !== undefined) {
      run.push(strong);
      runTokens.push(t);
    } else if (weak !== undefined && run.length > 0) {
      run.push(weak);
      runTokens.push(t);
    } else {
      if (run.length) flush();
      out.push(t);
    }
  }
  if (run.length) flush();
  return out.join(' ');
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
  for (let j = 0; j < sh.length; j++) {
    const x = mix32(sh[j]!);
    for (let i = 0; i < MINHASH_SIZE; i++) {
      let h = Math.imul(x ^ SEEDS[i]!, MULS[i]!);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

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

/** One number per band (a collision across bands only adds a candidate, which is then verified). */
function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < LSH_BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < LSH_ROWS; r++) h = mix32(h ^ sig[b * LSH_ROWS + r]!);
    keys.push(h);
  }
  return keys;
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

/** Four 16-bit bands: two hashes within distance 3 share at least one band exactly (pigeonhole). */
function imageBandKeys(h: readonly [number, number]): number[] {
  return [h[0] >>> 16, (h[0] & 0xffff) | 0x10000, (h[1] >>> 16) | 0x20000, (h[1] & 0xffff) | 0x30000];
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
    signature: minhash(shingles(text)),
    imageHashes,
    unparsable,
  };
}

export interface Decision {
  urlA: string;
  urlB: string;
  decision: 'confirmed' | 'split';
}

export interface Group {
  id: string;
  members: number[];
}

/**
 * Incremental grouper. `add` places one ad (featurised) and returns its index; `groups` gives the
 * components after the split guard. A batch is the same adds one after the other, so a batch and
 * an incremental placement on the same input agree by construction; the partition does not depend
 * on the input order unless a split decision has to choose.
 */
export class Grouper {
  readonly ads: AdFeatures[] = [];
  readonly links: Link[] = [];
  private readonly urlIndex = new Map<string, number>();
  private readonly identifierIndex = new Map<string, number>();
  private readonly textBuckets = new Map<number, number[]>();
  private readonly imageBuckets = new Map<number, number[]>();
  private parent: Int32Array = new Int32Array(1024);
  private size: Int32Array = new Int32Array(1024);
  /** Split decisions: cannot-link pairs by url, and per component root the urls it must not meet. */
  private readonly cannot = new Map<string, Set<string>>();
  private readonly confirmed = new Map<string, Set<string>>();
  private readonly opts: Required<Omit<EngineOptions, 'defaultCountry'>> & { defaultCountry: CountryCode };

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

  get count(): number {
    return this.ads.length;
  }

  indexOf(url: string): number | undefined {
    return this.urlIndex.get(url);
  }

  addInput(ad: AdInput): number {
    return this.add(featurise(ad, this.opts.hmacKey, this.opts.defaultCountry));
  }

  /** Places one ad. A second observation of a url already placed adds its features to that ad. */
  add(f: AdFeatures): number {
    const known = this.urlIndex.get(f.url);
    const i = known ?? this.ads.length;
    if (known === undefined) {
      this.ads.push(f);
      this.urlIndex.set(f.url, i);
      if (i >= this.parent.length) this.grow();
      this.parent[i] = i;
      this.size[i] = 1;
    }
    const linkTo = (j: number, kind: LinkKind, similarity: number): void => {
      if (j === i) return;
      this.links.push({ a: j, b: i, kind, similarity });
      this.union(i, j);
    };
    for (const h of f.phoneHmacs) this.identifier(`p${h}`, i, 'phone', linkTo);
    for (const h of f.emailHmacs) this.identifier(`e${h}`, i, 'email', linkTo);
    if (f.signature) {
      const seen = new Set<number>();
      for (const key of bandKeys(f.signature)) {
        let bucket = this.textBuckets.get(key);
        if (!bucket) this.textBuckets.set(key, (bucket = []));
        for (const j of bucket) {
          if (seen.has(j)) continue;
          seen.add(j);
          const sim = minhashSimilarity(f.signature, this.ads[j]!.signature!);
          if (sim >= this.opts.textThreshold) linkTo(j, 'text', sim);
        }
        // A bucket of boilerplate shared by very many ads adds nothing but work.
        if (bucket.length < 256) bucket.push(i);
      }
    }
    for (const h of f.imageHashes) {
      const seen = new Set<number>();
      for (const key of imageBandKeys(h)) {
        let bucket = this.imageBuckets.get(key);
        if (!bucket) this.imageBuckets.set(key, (bucket = []));
        for (const j of bucket) {
          if (seen.has(j) || j === i) continue;
          seen.add(j);
          let best = 65;
          for (const g of this.ads[j]!.imageHashes) best = Math.min(best, hamming(h, g));
          if (best <= this.opts.imageMaxDistance) linkTo(j, 'image', 1 - best / 64);
        }
        if (bucket.length < 256) bucket.push(i);
      }
    }
    for (const other of this.confirmed.get(f.url) ?? []) {
      const j = this.urlIndex.get(other);
      if (j !== undefined) linkTo(j, 'confirmed', 1);
    }
    return i;
  }

  private identifier(key: string, i: number, kind: LinkKind, linkTo: (j: number, k: LinkKind, s: number) => void): void {
    const first = this.identifierIndex.get(key);
    if (first === undefined) this.identifierIndex.set(key, i);
    else linkTo(first, kind, 1);
  }

  private grow(): void {
    const p = new Int32Array(this.parent.length * 2);
    p.set(this.parent);
    const s = new Int32Array(this.size.length * 2);
    s.set(this.size);
    this.parent = p;
    this.size = s;
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

  /** Union unless the two components hold a split pair. */
  private union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.cannot.size && this.violates(ra, rb)) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    const ma = this.splitMembers.get(ra);
    const mb = this.splitMembers.get(rb);
    if (mb) {
      if (ma) for (const u of mb) ma.add(u);
      else this.splitMembers.set(ra, mb);
      this.splitMembers.delete(rb);
    }
  }

  /** Per root, the urls in the component that take part in a split decision. */
  private readonly splitMembers = new Map<number, Set<string>>();

  private violates(ra: number, rb: number): boolean {
    const ma = this.membersWithSplits(ra);
    const mb = this.membersWithSplits(rb);
    if (!ma.size || !mb.size) return false;
    for (const u of ma) for (const v of this.cannot.get(u)!) if (mb.has(v)) return true;
    return false;
  }

  private membersWithSplits(root: number): Set<string> {
    let m = this.splitMembers.get(root);
    if (!m) {
      m = new Set();
      this.splitMembers.set(root, m);
    }
    // Newly placed ads join the set lazily: a singleton root is its own ad.
    const url = this.ads[root]!.url;
    if (this.size[root] === 1 && this.cannot.has(url)) m.add(url);
    return m;
  }

  /**
   * The groups: connected components, then the guard: in a component larger than `guardSize`, a
   * weak link (text or image) that is a bridge with at least `guardMinSide` ads on each side is cut.
   * A group's id is the url of its first ad (in placement order), stable under later additions
   * that do not merge it into an older group.
   */
  groups(): Group[] {
    const n = this.ads.length;
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const r = this.find(i);
      let g = byRoot.get(r);
      if (!g) byRoot.set(r, (g = []));
      g.push(i);
    }
    const big = new Set<number>();
    for (const [r, m] of byRoot) if (m.length > this.opts.guardSize) big.add(r);
    const out: number[][] = [];
    if (big.size) {
      const linksOf = new Map<number, Link[]>();
      for (const l of this.links) {
        const r = this.find(l.a);
        if (!big.has(r) || this.find(l.b) !== r) continue;
        let ls = linksOf.get(r);
        if (!ls) linksOf.set(r, (ls = []));
        ls.push(l);
      }
      for (const [r, m] of byRoot) {
        if (big.has(r)) out.push(...splitWeakBridges(m, linksOf.get(r) ?? [], this.opts.guardMinSide));
        else out.push(m);
      }
    } else {
      out.push(...byRoot.values());
    }
    return out.map((members) => ({ id: this.ads[members[0]!]!.url, members }));
  }

  /** url → group id. */
  assignment(): Record<string, string> {
    const res: Record<string, string> = {};
    for (const g of this.groups()) for (const i of g.members) res[this.ads[i]!.url] = g.id;
    return res;
  }

  /** The links inside one group, for its evidence. */
  linksWithin(members: readonly number[]): Link[] {
    const set = new Set(members);
    return this.links.filter((l) => set.has(l.a) && set.has(l.b));
  }
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
  links.forEach((l, e) => {
    const a = local.get(l.a)!;
    const b = local.get(l.b)!;
    if (a === b) return;
    adj[a]!.push([b, e]);
    adj[b]!.push([a, e]);
  });
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const sub = new Int32Array(n).fill(1);
  const cut = new Set<number>();
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
            if (weak && sub[v]! >= minSide && n - sub[v]! >= minSide) cut.add(pe);
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
  links.forEach((l, e) => {
    if (cut.has(e)) return;
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
