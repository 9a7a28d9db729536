import { runAdsBench } from './ads.ts';
import { runCasesBench } from './cases.ts';
import { reportChatBench, runChatBench } from './chat.ts';
import { runFoundationBench } from './foundation.ts';

/**
 * `npm run bench`: every benchmark of Utväg, one after the other, each printing its figures, the
 * targets of the quality bar and the ratios. Each can also run alone (npx tsx bench/<name>.ts).
 */
async function main(): Promise<void> {
  await runFoundationBench();
  await runCasesBench();
  console.log(reportChatBench(await runChatBench()));
  await runAdsBench();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
