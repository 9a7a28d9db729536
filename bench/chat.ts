/**
 * Chat relay benchmark: 1 000 anonymous visitors and 50 counsellors on one Utväg process against a
 * fresh database on the PostgreSQL server, each sending a message every few seconds. Prints relay
 * latency p50/p99 beside a bare `ws` echo server measured in the same run, and memory per idle chat.
 *
 *   npx tsx bench/chat.ts        (BENCH_PG_URL or TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import { capabilities, retentionRules } from '../src/capabilities.ts';
import { startUtvag } from '../src/core/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { makeUser } from '../src/testing/app.ts';
import { TestClient } from '../src/testing/client.ts';
import { setOpeningHours } from '../src/chat/store.ts';

export interface ChatBenchOptions {
  visitors?: number;
  counsellors?: number;
  measureSeconds?: number;
  /** Mean seconds between two messages of one participant. */
  everySeconds?: number;
  log?: (line: string) => void;
}

export interface ChatBenchResult {
  visitors: number;
  counsellors: number;
  messages: number;
  relay: { p50: number; p99: number; max: number };
  /** From a visitor's send to the acknowledgement that the message is stored. */
  stored: { p50: number; p99: number; max: number };
  eventLoopDelayP99: number;
  echo: { p50: number; p99: number; max: number; messages: number };
  ratioP50: number;
  ratioP99: number;
  memoryPerIdleChatKiB: number;
  memoryPerIdleEchoConnectionKiB: number;
  lost: number;
}

type Frame = Record<string, any>;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function heapAfterGc(): Promise<number> {
  await new Promise((r) => setTimeout(r, 200));
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}

const jitter = (mean: number) => mean * 1000 * (0.5 + Math.random());

/** The baseline: the same number of clients, the same rate, against a server that only echoes. */
async function echoBaseline(clients: number, seconds: number, every: number) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  server.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const before = await heapAfterGc();
  const sockets = await inBatches(clients, 100, () => open(`ws://127.0.0.1:${port}`));
  const perConnection = ((await heapAfterGc()) - before) / clients;
  const latencies: number[] = [];
  for (const ws of sockets) ws.on('message', (d) => latencies.push(performance.now() - Number(String(d).split(':')[1])));
  const timers = sockets.map((ws) => {
    const tick = () => {
      ws.send(`e:${performance.now()}`);
      t = setTimeout(tick, jitter(every));
    };
    let t = setTimeout(tick, jitter(every));
    return () => clearTimeout(t);
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  timers.forEach((stop) => stop());
  await new Promise((r) => setTimeout(r, 500));
  for (const ws of sockets) ws.terminate();
  await new Promise((r) => server.close(r));
  return { ...stats(latencies), messages: latencies.length, perConnection };
}

export async function runChatBench(options: ChatBenchOptions = {}): Promise<ChatBenchResult> {
  const visitors = options.visitors ?? 1000;
  const counsellors = options.counsellors ?? 50;
  const measure = options.measureSeconds ?? 40;
  const every = options.everySeconds ?? 4;
  const log = options.log ?? ((l: string) => console.log(l));

  log(`echo baseline: ${visitors + counsellors} clients, a message every ~${every} s each, ${Math.round(measure / 3)} s`);
  const echo = await echoBaseline(visitors + counsellors, Math.round(measure / 3), every);

  const adminUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `utvag_bench_chat_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.href, capabilities);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', RUN_JOBS: 'false', HOST: '127.0.0.1', PORT: '0', DATABASE_POOL_SIZE: '30', CHAT_COUNSELLOR_GRACE_SECONDS: '60', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000', SESSION_SECRET: randomBytes(24).toString('hex') });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const utvag = await startUtvag(config, { capabilities, ownerUrl: url.href, logDestination: sink });
  const port = (utvag.app.server.address() as { port: number }).port;
  const db = utvag.database.db;
  try {
    await db.transaction().execute((tx) => setOpeningHours(tx, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }))));

    log(`starting ${counsellors} counsellors`);
    const staff = await inBatches(counsellors, 10, async () => {
      const user = await makeUser(db, [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
      const client = await new TestClient(utvag.app).signIn(user);
      const ws = await open(`ws://127.0.0.1:${port}/api/chat/console/socket`, { cookie: client.cookieHeader(), origin: `http://127.0.0.1:${port}` });
      return { ws, chats: [] as string[] };
    });

    log(`starting ${visitors} anonymous chats`);
    const before = await heapAfterGc();
    const chats = await inBatches(visitors, 50, async (i) => {
      const res = await utvag.app.inject({ method: 'POST', url: '/api/chat/visitor/sessions', payload: { targetGroup: ['selling', 'young', 'relative', 'professional'][i % 4], language: 'sv' } });
      const { token } = JSON.parse(res.body) as { token: string };
      const ws = await open(`ws://127.0.0.1:${port}/api/chat/visitor/socket`);
      const ready = new Promise((r) => ws.once('message', r));
      ws.send(JSON.stringify({ type: 'hello', token, after: 0 }));
      await ready;
      return { ws };
    });
    await new Promise((r) => setTimeout(r, 1000));
    const perIdleChat = ((await heapAfterGc()) - before) / visitors;

    log('counsellors take the chats');
    let request = 0;
    const take = (s: (typeof staff)[number]) =>
      new Promise<string | null>((resolve) => {
        const requestId = `t${++request}`;
        const onMessage = (d: WebSocket.RawData) => {
          const f = JSON.parse(String(d)) as Frame;
          if (f.requestId !== requestId) return;
          s.ws.off('message', onMessage);
          resolve(f.type === 'result' ? f.sessionId : f.code === 'tooFast' ? 'wait' : null);
        };
        s.ws.on('message', onMessage);
        s.ws.send(JSON.stringify({ type: 'take', requestId }));
      });
    await Promise.all(
      staff.map(async (s) => {
        for (;;) {
          const id = await take(s);
          if (!id) break;
          // The console's frame rate limit (8 at once, then 2 a second) applies to taking chats too.
          if (id === 'wait') await new Promise((r) => setTimeout(r, 600));
          else s.chats.push(id);
        }
      }),
    );
    const taken = staff.reduce((n, s) => n + s.chats.length, 0);
    log(`${taken} chats taken; measuring for ${measure} s`);

    const latencies: number[] = [];
    let sent = 0;
    let measuring = true;
    const received = new Set<string>();
    const sentAt = new Map<string, number>();
    const acks: number[] = [];
    for (const c of chats) c.ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as Frame;
      if (f.type === 'ack' && sentAt.has(f.clientId)) acks.push(performance.now() - sentAt.get(f.clientId)!);
      if (f.sender === 'counsellor' && typeof f.body === 'string' && f.body.startsWith('b:')) {
        latencies.push(performance.now() - Number(f.body.slice(2).split(':')[0]));
        received.add(f.body);
      }
    });
    for (const s of staff) s.ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as Frame;
      if (f.sender === 'visitor' && typeof f.body === 'string' && f.body.startsWith('b:')) {
        latencies.push(performance.now() - Number(f.body.slice(2).split(':')[0]));
        received.add(f.body);
      }
    });
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const stops: Array<() => void> = [];
    const loop = (fn: () => void, mean: number) => {
      let t = setTimeout(function tick() {
        if (!measuring) return;
        fn();
        t = setTimeout(tick, jitter(mean));
      }, jitter(mean));
      stops.push(() => clearTimeout(t));
    };
    chats.forEach((c, i) => loop(() => {
      sent += 1;
      sentAt.set(`v${i}-${sent}`, performance.now());
      c.ws.send(JSON.stringify({ type: 'message', clientId: `v${i}-${sent}`, body: `b:${performance.now()}:v${i}-${sent}` }));
    }, every));
    staff.forEach((s, i) => loop(() => {
      const sessionId = s.chats[Math.floor(Math.random() * s.chats.length)];
      if (!sessionId) return;
      sent += 1;
      s.ws.send(JSON.stringify({ type: 'message', sessionId, clientId: `c${i}-${sent}`, body: `b:${performance.now()}:c${i}-${sent}` }));
    }, every / (visitors / counsellors / 4)));
    await new Promise((r) => setTimeout(r, measure * 1000));
    measuring = false;
    stops.forEach((s) => s());
    await new Promise((r) => setTimeout(r, 2000));

    const relay = stats(latencies);
    const stored = stats(acks);
    const result: ChatBenchResult = {
      visitors,
      counsellors,
      messages: latencies.length,
      relay,
      stored,
      eventLoopDelayP99: loopDelay.percentile(99) / 1e6,
      echo: { p50: echo.p50, p99: echo.p99, max: echo.max, messages: echo.messages },
      ratioP50: relay.p50 / echo.p50,
      ratioP99: relay.p99 / echo.p99,
      memoryPerIdleChatKiB: perIdleChat / 1024,
      memoryPerIdleEchoConnectionKiB: echo.perConnection / 1024,
      lost: sent - received.size,
    };
    for (const c of chats) c.ws.terminate();
    for (const s of staff) s.ws.terminate();
    return result;
  } finally {
    await utvag.stop();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

function report(r: ChatBenchResult): string {
  const f = (n: number) => n.toFixed(2);
  return [
    `chat relay (${r.visitors} visitors, ${r.counsellors} counsellors, ${r.messages} messages relayed, ${r.lost} lost)`,
    `  relay latency  p50 ${f(r.relay.p50)} ms   p99 ${f(r.relay.p99)} ms   max ${f(r.relay.max)} ms   (target p99 < 50 ms)`,
 `  stored (ack)   p50 ${f(r.stored.p50)} ms   p99 ${f(r.stored.p99)} ms   max ${f(r.stored.max)} ms;  event-loop delay p99 ${f(r.eventLoopDelayP99)} ms`,
    `  ws echo        p50 ${f(r.echo.p50)} ms   p99 ${f(r.echo.p99)} ms   max ${f(r.echo.max)} ms   (${r.echo.messages} messages)`,
    `  ratio to echo  p50 ${f(r.ratioP50)}x   p99 ${f(r.ratioP99)}x   (target within 2x)`,
    `  memory per idle chat ${f(r.memoryPerIdleChatKiB)} KiB heap (visitor socket on both ends, in one process); a bare echo connection ${f(r.memoryPerIdleEchoConnectionKiB)} KiB`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  runChatBench()
    .then((r) => {
      console.log(report(r));
      console.log(`  (${Math.round((Date.now() - started) / 1000)} s)`);
      process.exit(0);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

export { report as reportChatBench };
