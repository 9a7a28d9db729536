import { existsSync } from 'node:fs';
import { runFoundationBench } from './foundation.ts';

/**
 * `npm run bench`: every benchmark of Utväg, one after the other, each printing its figures,
 * targets and ratios. Capability benchmarks are picked up when their file exists.
 */
const optional: Array<{ file: string; run: string }> = [
  { file: './cases.ts', run: 'runCasesBench' },
  { file: './chat.ts', run: 'runChatBench' },
];

async function main(): Promise<void> {
  await runFoundationBench();
  for (const { file, run } of optional) {
    if (!existsSync(new URL(file, import.meta.url))) {
      console.log(`\n(${file.slice(2)} is not there yet: ${run} skipped)`);
      continue;
    }
    const module = (await import(file)) as Record<string, () => Promise<unknown>>;
    const fn = module[run];
    if (typeof fn !== 'function') {
      console.log(`\n(${file.slice(2)} exports no ${run}: skipped)`);
      continue;
    }
    await fn();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
