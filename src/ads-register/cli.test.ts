import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdsCli } from './cli.ts';
import { hammingHex } from './engine.ts';
import { imageHash, reencodeJpeg, syntheticImage } from './image-hash.ts';
import { parseAdFile } from './input.ts';

describe('npm run ads -- group', () => {
  it('groups JSON lines into { url: group id } and reports bad rows and unknown fields', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ads-cli-'));
    const png = await syntheticImage(3);
    await writeFile(path.join(dir, 'a.png'), png);
    await writeFile(path.join(dir, 'b.jpg'), await reencodeJpeg(png, 60));
    const lines = [
      { url: 'u1', phones: ['070-111 22 33'], text: 'hej', colour: 'red' },
      { url: 'u2', phones: ['+46701112233'] },
      { url: 'u3', images: ['a.png'] },
      { url: 'u4', images: ['b.jpg'], phones: ['not a number'] },
      { url: 'u5', emails: ['X@Y.se'] },
      { url: 'u6', emails: ['x@y.se'] },
    ].map((l) => JSON.stringify(l));
    lines.splice(2, 0, '{ broken json');
    lines.push(JSON.stringify({ url: 'u7', image_hashes: ['xyz'] }));
    await writeFile(path.join(dir, 'in.jsonl'), lines.join('\n'));
    const log: string[] = [];
    const code = await runAdsCli(['group', path.join(dir, 'in.jsonl'), '--out', path.join(dir, 'out.json')], (l) => log.push(l));
    expect(code).toBe(0);
    const out = JSON.parse(await readFile(path.join(dir, 'out.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(out).sort()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(out.u1).toBe(out.u2);
    expect(out.u3).toBe(out.u4);
    expect(out.u5).toBe(out.u6);
    expect(new Set(Object.values(out)).size).toBe(3);
    expect(log).toContain('warning: unknown field "colour" ignored (1 rows)');
    expect(log).toContain('row 3: not valid JSON');
    expect(log.some((l) => /^row 5: could not parse "not a number"/.test(l))).toBe(true);
    expect(log.some((l) => /^row 8: image_hashes\.0: must be 16 hex digits/.test(l))).toBe(true);
  });

  it('accepts CSV with arrays separated by |', () => {
    const csv = 'url,phones,text,extra\nu1,070-111 22 33|070-444 55 66,hej,x\nu2,"+46704445566",,\n';
    const parsed = parseAdFile(csv, 'in.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.ad.phones)).toEqual([['070-111 22 33', '070-444 55 66'], ['+46704445566']]);
    expect(parsed.warnings).toEqual(['unknown field "extra" ignored (1 rows)']);
  });

  it('rejects huge text and a bad time as row errors', () => {
    const parsed = parseAdFile([JSON.stringify({ url: 'a', text: 'x'.repeat(20_001) }), JSON.stringify({ url: 'b', seen_at: 'yesterday' }), JSON.stringify({ url: 'c' })].join('\n'), 'x.jsonl');
    expect(parsed.rows.map((r) => r.ad.url)).toEqual(['c']);
    expect(parsed.errors.map((e) => e.row)).toEqual([1, 2]);
  });

  it('prints its usage without arguments', async () => {
    const log: string[] = [];
    expect(await runAdsCli([], (l) => log.push(l))).toBe(2);
    expect(log[0]).toMatch(/^usage: npm run ads -- group/);
  });
});

describe('perceptual image hash', () => {
  it('stays close under JPEG re-encoding and scaling, and differs between pictures', async () => {
    const a = await syntheticImage(1);
    const h = await imageHash(a);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingHex(h, await imageHash(await reencodeJpeg(a, 50)))).toBeLessThanOrEqual(3);
    expect(hammingHex(h, await imageHash(await reencodeJpeg(a, 80, 0.5)))).toBeLessThanOrEqual(3);
    expect(hammingHex(h, await imageHash(await syntheticImage(2)))).toBeGreaterThan(10);
  });
});
