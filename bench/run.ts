import { runAdsBenches } from './ads.ts';
import { runCasesBench } from './cases.ts';
import { reportChatBench, runChatBench } from './chat.ts';
import { loadavg } from 'node:os';
import { runFoundationBench } from './foundation.ts';
import { figureLines, recordedFigures, recordedScenarios, recordScenarios, scenarioTable } from './load.ts';
import { runBookingBench } from './booking.ts';
import { runStatisticsBench } from './statistics.ts';
import { runPlansBench } from './plans.ts';

/**
 * `npm run bench`: every benchmark of Utväg, one after the other, each printing its figures, the
 * targets of the quality bar and the ratios. Each can also run alone (npx tsx bench/<name>.ts).
 */
async function main(): Promise<void> {
  // BENCH_ONLY=foundation,cases,plans,chat,booking,ads,statistics runs some of them.
  const only = new Set((process.env.BENCH_ONLY ?? 'foundation,cases,plans,chat,booking,ads,statistics').split(','));
  if (only.has('foundation')) await runFoundationBench();
  if (only.has('cases')) await runCasesBench();
  if (only.has('plans')) await runPlansBench();
  if (only.has('chat')) {
    const chat = await runChatBench();
    console.log(reportChatBench(chat));
    recordScenarios([
      { scenario: 'chat relay (visitor ↔ counsellor)', rate: `steady ${chat.messageRate.toFixed(0)} msg/s`, p50: chat.relay.p50, p99: chat.relay.p99, rawP50: chat.durableEcho.p50, rawP99: chat.durableEcho.p99, target: 'within 2x of durable echo; lost 0', met: chat.ratioP50 <= 2 && chat.ratioP99 <= 2 && chat.lost === 0, note: `raw = a ws echo that inserts each message into PostgreSQL first; ${chat.inConversation} chats in conversation, delivered ${chat.delivered}, still queued ${chat.stillQueued}, refused ${chat.refused}, lost ${chat.lost}` },
    ]);
  }
  if (only.has('booking')) await runBookingBench();
  if (only.has('ads')) await runAdsBenches();
  if (only.has('statistics')) await runStatisticsBench();
  console.log(`\nUtväg bench (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end; other work on the machine counts in every figure)`);
  console.log(scenarioTable(recordedScenarios()));
  console.log(figureLines(recordedFigures()));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
