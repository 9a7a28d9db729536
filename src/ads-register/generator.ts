/**
 * A labelled synthetic ad corpus with known posters, for the grouping's precision and recall.
 * Seeded, so a run is reproducible. What it imitates (seed 001: one person behind twenty ads, twenty
 * persons behind one ad):
 * - reposts with edits (a few words replaced, added or dropped);
 * - phone numbers written in many formats, rotated between a poster's numbers, and sometimes only
 *   in the text, obfuscated as digit words ("noll sju noll …", "zero seven …");
 * - agencies: several posters whose ads share the agency's template text (different posters!);
 * - reused images, re-encoded: here a poster's image hash with a few flipped bits (the jimp-based
 *   images of `syntheticImage` show what re-encoding really does to a hash);
 * - e-mail addresses with varying case.
 */

export interface GeneratedAd {
  site: string;
  url: string;
  seen_at: string;
  city: string;
  phones: string[];
  emails: string[];
  text: string;
  image_hashes: string[];
}

export interface LabelledAd {
  ad: GeneratedAd;
  poster: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'li', 'mo', 'ra', 'sen', 'tu', 'vi', 'no', 'el', 'sa', 'min', 'dor', 'ja', 'ek', 'lu', 'ber', 'ni', 'ho', 'ta', 'sol', 've', 'ri', 'an', 'gu'];
const CITIES = ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala', 'Västerås', 'Örebro', 'Linköping', 'Helsingborg', 'Jönköping', 'Norrköping', 'Lund', 'Umeå'];
const SITES = ['annonssida.example', 'eskort.example', 'sugardejt.example', 'massage.example'];
const SV_DIGITS = ['noll', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'];
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

interface Poster {
  id: number;
  words: string[];
  template: string[] | null;
  phones: string[]; // national digits, e.g. 0701234567
  email: string | null;
  images: Array<[number, number]>;
  city: string;
  site: string;
}

export interface CorpusOptions {
  ads: number;
  seed?: number;
  /** Share of posters belonging to an agency that shares template text. */
  agencyShare?: number;
}

export function generateCorpus(options: CorpusOptions): LabelledAd[] {
  const rnd = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const vocab: string[] = [];
  const vocabSet = new Set<string>();
  while (vocab.length < 5000) {
    const n = 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let k = 0; k < n; k++) w += pick(SYLLABLES);
    if (!vocabSet.has(w)) {
      vocabSet.add(w);
      vocab.push(w);
    }
  }
  const words = (n: number): string[] => Array.from({ length: n }, () => pick(vocab));
  const agencies = Array.from({ length: Math.max(3, Math.floor(options.ads / 400)) }, () => words(18 + Math.floor(rnd() * 6)));
  const usedPhones = new Set<string>();
  const newPhone = (): string => {
    for (;;) {
      const p = `07${pick(['0', '2', '3', '6', '9'])}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  const randHash = (): [number, number] => [Math.floor(rnd() * 2 ** 32) >>> 0, Math.floor(rnd() * 2 ** 32) >>> 0];

  const out: LabelledAd[] = [];
  const start = Date.UTC(2026, 0, 1);
  let posterId = 0;
  while (out.length < options.ads) {
    const p: Poster = {
      id: posterId++,
      words: words(22 + Math.floor(rnd() * 12)),
      template: rnd() < (options.agencyShare ?? 0.3) ? pick(agencies) : null,
      phones: Array.from({ length: 1 + Math.floor(rnd() * 3) }, newPhone),
      email: rnd() < 0.25 ? `${pick(vocab)}.${pick(vocab)}${p2(rnd)}@${pick(['mail.example', 'post.example'])}` : null,
      images: Array.from({ length: 1 + Math.floor(rnd() * 2) }, randHash),
      city: pick(CITIES),
      site: pick(SITES),
    };
    // Ads per poster: mostly a few, some many (up to 30).
    const count = Math.min(30, 1 + Math.floor(-Math.log(1 - rnd()) * 4));
    let text = p.words.slice();
    let t = start + Math.floor(rnd() * 300) * 86_400_000;
    for (let k = 0; k < count && out.length < options.ads; k++) {
      // Repost with edits: from the poster's own text, one to three words changed each time.
      text = p.words.slice();
      const edits = 1 + Math.floor(rnd() * 3);
      for (let e = 0; e < edits; e++) {
        const r = rnd();
        const at = Math.floor(rnd() * text.length);
        if (r < 0.5) text[at] = pick(vocab);
        else if (r < 0.75) text.splice(at, 0, pick(vocab));
        else if (text.length > 10) text.splice(at, 1);
      }
      const phone = p.phones[k % p.phones.length]!; // rotated
      const phones: string[] = [];
      let body = p.template ? [...text.slice(0, 12), ...p.template, ...text.slice(12)].join(' ') : text.join(' ');
      const how = rnd();
      if (how < 0.7) phones.push(formatPhone(phone, rnd));
      else if (how < 0.85) body += ` ring ${obfuscate(phone, rnd)}`;
      // else: no number at all in this ad
      if (rnd() < 0.05) phones.push(rnd() < 0.5 ? 'ring mig' : '12'); // unparsable junk
      const emails = p.email && rnd() < 0.5 ? [rnd() < 0.5 ? p.email.toUpperCase() : ` ${p.email} `] : [];
      const image_hashes = rnd() < 0.6 ? [hex(reencode(pick(p.images), rnd))] : [];
      if (rnd() < 0.1) p.city = pick(CITIES); // moving
      t += Math.floor(rnd() * 10 * 86_400_000);
      out.push({
        poster: p.id,
        ad: {
          site: p.site,
          url: `https://${p.site}/ad/${out.length.toString(36)}-${Math.floor(rnd() * 1e6).toString(36)}`,
          seen_at: new Date(t).toISOString(),
          city: p.city,
          phones,
          emails,
          text: body,
          image_hashes,
        },
      });
    }
  }
  return out;
}

function p2(rnd: () => number): string {
  return String(Math.floor(rnd() * 100)).padStart(2, '0');
}

function formatPhone(national: string, rnd: () => number): string {
  const d = national;
  const r = rnd();
  if (r < 0.25) return d;
  if (r < 0.5) return `${d.slice(0, 3)}-${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`;
  if (r < 0.75) return `+46${d.slice(1)}`;
  if (r < 0.9) return `0046 ${d.slice(1, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
  return `+46 (0)${d.slice(1, 3)}-${d.slice(3)}`;
}

/** A number written partly or wholly as digit words, Swedish or English, with odd spacing. */
export function obfuscate(national: string, rnd: () => number): string {
  const words = rnd() < 0.7 ? SV_DIGITS : EN_DIGITS;
  return [...national]
    .map((c, k) => (k < 4 || rnd() < 0.5 ? words[Number(c)]! : c))
    .join(rnd() < 0.5 ? ' ' : ' . ');
}

function reencode(h: [number, number], rnd: () => number): [number, number] {
  let [a, b] = h;
  const flips = Math.floor(rnd() * 3); // 0–2 bits, as JPEG re-encoding does to a dHash
  for (let k = 0; k < flips; k++) {
    const bit = Math.floor(rnd() * 64);
    if (bit < 32) a = (a ^ (1 << bit)) >>> 0;
    else b = (b ^ (1 << (bit - 32))) >>> 0;
  }
  return [a, b];
}

export function hex(h: readonly [number, number]): string {
  return h[0].toString(16).padStart(8, '0') + h[1].toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------- quality figures

export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
}

/** Pairwise precision, recall and F1 of a grouping (labels per ad) against the truth. */
export function pairScores(truth: ArrayLike<number | string>, predicted: ArrayLike<number | string>): PairScores {
  const pairs = (m: Map<string, number>): number => {
    let s = 0;
    for (const c of m.values()) s += (c * (c - 1)) / 2;
    return s;
  };
  const t = new Map<string, number>();
  const p = new Map<string, number>();
  const both = new Map<string, number>();
  for (let i = 0; i < truth.length; i++) {
    const a = String(truth[i]);
    const b = String(predicted[i]);
    t.set(a, (t.get(a) ?? 0) + 1);
    p.set(b, (p.get(b) ?? 0) + 1);
    const k = `${a}\u0000${b}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  const tp = pairs(both);
  const truePairs = pairs(t);
  const predictedPairs = pairs(p);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs };
}
