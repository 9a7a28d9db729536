import { describe, expect, it } from 'vitest';
import {
  Grouper,
  deobfuscateDigits,
  featurise,
  hammingHex,
  identifierHmac,
  jaccard,
  minhash,
  minhashSimilarity,
  normaliseEmail,
  normalisePhone,
  normaliseSpacing,
  normaliseText,
  shingles,
  textSignature,
  splitWeakBridges,
  type AdInput,
  type Link,
} from './engine.ts';
import { generateCorpus, mulberry32, pairScores } from './generator.ts';

const KEY = 'test-key-0123456789abcdef0123456789';
const words = (seed: number, n: number): string => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => `w${Math.floor(r() * 100000)}`).join(' ');
};

describe('normalisation', () => {
  it('applies NFKC, lower case and collapses spacing and punctuation', () => {
    expect(normaliseSpacing('Ｈｅｊ!!  DU\u200b –  ring\tmig')).toBe('hej du ring mig');
  });
  it('turns Swedish and English digit words into digits and joins digit runs', () => {
    expect(deobfuscateDigits('ring noll sju noll 12 34 567')).toBe('ring 0701234567');
    expect(normaliseText('Ring: zero seven oh - 123 . 45 . 67')).toBe('ring 0701234567');
    // ordinary prose is left alone: a lone "sex" or "en" is no number
    expect(normaliseText('en tjej, sex år i stan')).toBe('en tjej sex år i stan');
  });
  it('normalises phone numbers written in different ways to one E.164 form', () => {
    const forms = ['070-123 45 67', '+46701234567', '0046 70 123 45 67', '+46 (0)70-1234567', 'noll sju noll ett två tre fyra fem sex sju'];
    for (const f of forms) expect(normalisePhone(f)).toBe('+46701234567');
    expect(normalisePhone('ring mig')).toBeNull();
    expect(normalisePhone('12')).toBeNull();
  });
  it('finds an obfuscated number in the text', () => {
    const f = featurise({ url: 'u', text: 'Ny i stan, ring noll sju noll . 1 2 3 . fyra fem sex sju' }, KEY);
    expect(f.phoneHmacs).toEqual([identifierHmac(KEY, 'phone', '+46701234567')]);
  });
  it('normalises e-mail addresses and keys the HMAC', () => {
    expect(normaliseEmail('  Anna.B@Mail.Example ')).toBe('anna.b@mail.example');
    expect(normaliseEmail('not an address')).toBeNull();
    expect(identifierHmac(KEY, 'email', 'a@b.se')).not.toBe(identifierHmac(`${KEY}x`, 'email', 'a@b.se'));
    expect(identifierHmac(KEY, 'email', 'a@b.se')).toMatch(/^[0-9a-f]{32}$/);
  });
  it('keeps no raw identifier in the features', () => {
    const f = featurise({ url: 'u', phones: ['0701234567'], emails: ['x@y.se'] }, KEY);
    expect(JSON.stringify(f)).not.toMatch(/701234567|x@y\.se/);
  });
});

describe('MinHash and Hamming', () => {
  it('estimates the Jaccard similarity of word shingles', () => {
    const a = words(1, 60);
    const b = a.split(' ').map((w, i) => (i % 10 === 0 ? 'changed' + i : w)).join(' ');
    const sa = shingles(a);
    const sb = shingles(b);
    const est = minhashSimilarity(minhash(sa)!, minhash(sb)!);
    expect(Math.abs(est - jaccard(sa, sb))).toBeLessThan(0.2);
    expect(minhashSimilarity(minhash(shingles(a))!, minhash(shingles(words(2, 60)))!)).toBeLessThan(0.1);
    expect(minhashSimilarity(minhash(sa)!, minhash(shingles(a))!)).toBe(1);
  });
  it('computes the same signature in place as from the shingle strings', () => {
    const texts = [words(5, 40), 'en', 'ett två', 'ett två tre', 'ett två tre fyra', normaliseText('Ny i stan! ring noll sju noll . 1 2 3 ... fyra fem sex sju, åtta'), words(6, 5000)];
    for (const t of texts) expect(textSignature(t)).toEqual(minhash(shingles(t)));
    expect(textSignature('')).toBeNull();
    // not normalised (two spaces): still the same as the plain way
    expect(textSignature('a  b c d')).toEqual(minhash(shingles('a  b c d')));
  });
  it('counts differing bits of 64-bit hashes', () => {
    expect(hammingHex('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingHex('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingHex('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingHex('00000000f0000000', '0000000000000000')).toBe(4);
  });
});

describe('grouping', () => {
  const ad = (url: string, extra: Partial<AdInput>): AdInput => ({ url, ...extra });

  it('links a shared phone, near-duplicate text and a near-identical image, and nothing else', () => {
    const text = words(3, 40);
    const g = new Grouper({ hmacKey: KEY });
    g.addInput(ad('a', { phones: ['070-111 22 33'] }));
    g.addInput(ad('b', { phones: ['+46701112233'], text }));
    g.addInput(ad('c', { text: text.replace(/^w\d+/, 'edited') }));
    g.addInput(ad('d', { imageHashes: ['0123456789abcdef'] }));
    g.addInput(ad('e', { imageHashes: ['0123456789abcdee'] }));
    g.addInput(ad('f', { text: words(4, 40), imageHashes: ['fedcba9876543210'] }));
    const a = g.assignment();
    expect(a.a).toBe(a.b);
    expect(a.b).toBe(a.c);
    expect(a.d).toBe(a.e);
    expect(new Set([a.a, a.d, a.f]).size).toBe(3);
    const kinds = g.links.map((l) => l.kind).sort();
    expect(kinds).toEqual(['image', 'phone', 'text']);
    expect(g.links.find((l) => l.kind === 'text')!.similarity).toBeGreaterThan(0.8);
  });

  it('gives the same groups placed one by one, as a batch, and in another order', () => {
    const corpus = generateCorpus({ ads: 600, seed: 5 }).map((c) => c.ad);
    const toInput = (x: (typeof corpus)[number]): AdInput => ({ url: x.url, phones: x.phones, emails: x.emails, text: x.text, imageHashes: x.image_hashes });
    const batch = new Grouper({ hmacKey: KEY });
    for (const x of corpus) batch.addInput(toInput(x));
    const incremental = new Grouper({ hmacKey: KEY });
    for (const x of corpus.slice(0, 599)) incremental.addInput(toInput(x));
    incremental.groups();
    incremental.addInput(toInput(corpus[599]!));
    expect(incremental.assignment()).toEqual(batch.assignment());
    const shuffled = new Grouper({ hmacKey: KEY });
    for (const x of corpus.slice().reverse()) shuffled.addInput(toInput(x));
    const partition = (a: Record<string, string>): string[] => {
      const m = new Map<string, string[]>();
      for (const [u, gid] of Object.entries(a)) m.set(gid, [...(m.get(gid) ?? []), u]);
      return [...m.values()].map((us) => us.sort().join(',')).sort();
    };
    expect(partition(shuffled.assignment())).toEqual(partition(batch.assignment()));
  });

  it('respects a split and a confirmation on regrouping', () => {
    const inputs = [ad('a', { phones: ['0701112233'] }), ad('b', { phones: ['0701112233'] }), ad('c', { text: words(8, 30) }), ad('d', { text: words(9, 30) })];
    const plain = new Grouper({ hmacKey: KEY });
    inputs.forEach((x) => plain.addInput(x));
    expect(plain.assignment().a).toBe(plain.assignment().b);
    const decided = new Grouper({ hmacKey: KEY }, [
      { urlA: 'a', urlB: 'b', decision: 'split' },
      { urlA: 'c', urlB: 'd', decision: 'confirmed' },
    ]);
    inputs.forEach((x) => decided.addInput(x));
    const a = decided.assignment();
    expect(a.a).not.toBe(a.b);
    expect(a.c).toBe(a.d);
    expect(decided.links.some((l) => l.kind === 'confirmed')).toBe(true);
  });

  it('keeps a split even when a third ad would join both sides', () => {
    const g = new Grouper({ hmacKey: KEY }, [{ urlA: 'a', urlB: 'b', decision: 'split' }]);
    g.addInput(ad('a', { phones: ['0701112233'] }));
    g.addInput(ad('b', { phones: ['0704445566'] }));
    g.addInput(ad('c', { phones: ['0701112233', '0704445566'] }));
    const a = g.assignment();
    expect(a.a).not.toBe(a.b);
    expect([a.a, a.b]).toContain(a.c);
  });

  it('splits a giant component joined through a single weak link, not one joined by a phone', () => {
    const chain = (from: number, n: number, kind: Link['kind']): Link[] =>
      Array.from({ length: n - 1 }, (_, k) => ({ a: from + k, b: from + k + 1, kind, similarity: 1 }));
    const members = Array.from({ length: 100 }, (_, k) => k);
    const inside = [...chain(0, 50, 'phone'), ...chain(50, 50, 'phone')];
    const weak = splitWeakBridges(members, [...inside, { a: 10, b: 60, kind: 'text', similarity: 0.55 }], 4);
    expect(weak.map((c) => c.length).sort()).toEqual([50, 50]);
    const strong = splitWeakBridges(members, [...inside, { a: 10, b: 60, kind: 'phone', similarity: 1 }], 4);
    expect(strong).toHaveLength(1);
    // two weak links in parallel are no single link: kept together
    const twice = splitWeakBridges(members, [...inside, { a: 10, b: 60, kind: 'text', similarity: 0.55 }, { a: 11, b: 61, kind: 'image', similarity: 0.97 }], 4);
    expect(twice).toHaveLength(1);
    // a small side (one stray ad) is not cut off
    const stray = splitWeakBridges([...members, 100], [...inside, { a: 10, b: 60, kind: 'phone', similarity: 1 }, { a: 3, b: 100, kind: 'text', similarity: 0.5 }], 4);
    expect(stray).toHaveLength(1);
  });

  it('applies the guard in groups()', () => {
    const g = new Grouper({ hmacKey: KEY, guardSize: 10, guardMinSide: 4 });
    for (let k = 0; k < 8; k++) g.addInput(ad(`x${k}`, { phones: ['0701112233'] }));
    for (let k = 0; k < 8; k++) g.addInput(ad(`y${k}`, { phones: ['0704445566'] }));
    g.addInput(ad('x-img', { phones: ['0701112233'], imageHashes: ['0123456789abcdef'] }));
    g.addInput(ad('y-img', { phones: ['0704445566'], imageHashes: ['0123456789abcdef'] }));
    expect(g.find(g.indexOf('x0')!)).toBe(g.find(g.indexOf('y0')!));
    const a = g.assignment();
    expect(a.x0).not.toBe(a.y0);
  });

  it('beats the exact-phone baseline on a labelled corpus', () => {
    const corpus = generateCorpus({ ads: 3000, seed: 11 });
    const g = new Grouper({ hmacKey: KEY });
    for (const { ad: x } of corpus) g.addInput({ url: x.url, phones: x.phones, emails: x.emails, text: x.text, imageHashes: x.image_hashes });
    const a = g.assignment();
    const s = pairScores(corpus.map((c) => c.poster), corpus.map((c) => a[c.ad.url]!));
    expect(s.f1).toBeGreaterThan(0.9);
  });
});

describe('pair scores', () => {
  it('computes pairwise precision and recall', () => {
    const s = pairScores([1, 1, 1, 2, 2], ['a', 'a', 'b', 'b', 'b']);
    // true pairs: 3 + 1 = 4; predicted: 1 + 3 = 4; both: (0,1) and (3,4) = 2
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
  });
});
