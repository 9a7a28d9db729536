import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Grouper } from './engine.ts';
import { imageHash } from './image-hash.ts';
import { parseAdFile, type RowError } from './input.ts';

/**
 * `npm run ads -- group IN.jsonl --out OUT.json`: the register's grouping engine on a file, without
 * the database. Writes `{ "<url>": "<group id>", … }`. Row errors and warnings go to stderr.
 * The HMAC key is ADS_HMAC_KEY when set, else a random key for this run (only the grouping is written).
 */
export async function runAdsCli(argv: readonly string[], log: (line: string) => void = (l) => console.error(l)): Promise<number> {
  const [command, input, ...rest] = argv;
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 ? rest[outAt + 1] : undefined;
  if (command !== 'group' || !input || !out) {
    log('usage: npm run ads -- group IN.jsonl|IN.csv --out OUT.json');
    return 2;
  }
  const content = await readFile(input, 'utf8');
  const parsed = parseAdFile(content, input);
  for (const w of parsed.warnings) log(`warning: ${w}`);
  const errors: RowError[] = [...parsed.errors];
  const key = process.env.ADS_HMAC_KEY ?? randomBytes(32).toString('hex');
  const g = new Grouper({ hmacKey: key });
  const baseDir = path.dirname(path.resolve(input));
  for (const { row, ad } of parsed.rows) {
    const hashes = [...ad.image_hashes];
    let failed = false;
    for (const file of ad.images) {
      try {
        hashes.push(await imageHash(path.resolve(baseDir, file)));
      } catch (err) {
        errors.push({ row, message: `image ${file}: ${(err as Error).message}` });
        failed = true;
      }
    }
    if (failed) continue;
    const i = g.addInput({ url: ad.url, site: ad.site, seenAt: ad.seen_at, city: ad.city, phones: ad.phones, emails: ad.emails, text: ad.text, imageHashes: hashes });
    for (const u of g.unparsable(i)) errors.push({ row, message: `could not parse "${u}" (ignored, the ad is kept)` });
  }
  for (const e of errors.sort((a, b) => a.row - b.row)) log(`row ${e.row}: ${e.message}`);
  const assignment = g.assignment();
  await writeFile(out, JSON.stringify(assignment, null, 1));
  log(`${g.count} ads in ${new Set(Object.values(assignment)).size} groups; ${parsed.errors.length} rows rejected`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAdsCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(String((err as Error).message ?? err));
      process.exit(1);
    },
  );
}
