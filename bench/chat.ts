/**
 * Chat relay benchmark: 1 000 anonymous visitors, each in conversation with a counsellor who holds
 * two or three chats (400 counsellors by default), on one Utväg process (the compiled server, in a
 * process of its own as `npm start` runs it) against a fresh database on the PostgreSQL server;
 * every participant writes about once every few seconds. The sockets of the load live in this process.
 *
 * Every message sent is accounted for: delivered (the other side received it), still queued (stored
 * in a chat no counsellor has taken yet), refused (the server answered with an error frame, e.g.
 * tooFast) or lost (none of these). Storage is checked against the database after the run: a
 * message acknowledged but not in chat_messages counts as lost.
 *
 * The limit the relay is held to: a WebSocket echo server that durably inserts each message into
 * PostgreSQL (a pool of 8 like the chat's write pool, the server's commit settings) before echoing
 * it, at the same message rate, also in a process of its own (bench/echo-server.ts). A bare echo
 * (no database) is measured as well, for reference.
 *
 *   npx tsx bench/chat.ts        (BENCH_PG_URL or TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_CHAT_VISITORS, BENCH_CHAT_COUNSELLORS, BENCH_CHAT_SECONDS, BENCH_CHAT_EVERY (seconds between two messages)
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { capabilities } from '../src/capabilities.ts';
import { buildServer, SERVER_BUNDLE } from '../src/cli/build-server.ts';
import { openDatabase, type Db } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { makeUser, TEST_TOTP_KEY } from '../src/testing/app.ts';
import { HttpSession } from '../src/testing/http-session.ts';
import { freePort, runTs, type ChildRun } from '../src/testing/processes.ts';
import { setOpeningHours } from '../src/chat/store.ts';
import { percentiles, rssKb } from './load.ts';

export interface ChatBenchOptions {
  visitors?: number;
  counsellors?: number;
  measureSeconds?: number;
  /** Mean seconds between two messages of one participant in one chat. */
  everySeconds?: number;
  log?: (line: string) => void;
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface ChatBenchResult {
  visitors: number;
  counsellors: number;
  /** Chats active with a counsellor when the measurement began (from the database). */
  inConversation: number;
  /** Chats still waiting in a queue when the measurement began (from the database). */
  waiting: number;
  chatsPerCounsellor: { min: number; max: number };
  sent: number;
  delivered: number;
  /** Stored in a chat that no counsellor had taken: it reaches the counsellor who takes it. */
  stillQueued: number;
  refused: number;
  refusedCodes: Record<string, number>;
  /** Neither delivered, stored in a queued chat, nor refused; includes acknowledged-but-not-stored. */
  lost: number;
  acknowledged: number;
  /** Acknowledged to the sender but absent from chat_messages (must be 0). */
  acknowledgedNotStored: number;
  storedInDatabase: number;
  messageRate: number;
  relay: Latency;
  /** From a participant's send to the acknowledgement that the message is stored. */
  stored: Latency;
  /** The load generator's own event-loop delay (the server runs in a process of its own). */
  eventLoopDelayP99: number;
  echo: Latency & { messages: number };
  durableEcho: Latency & { messages: number; stored: number; sent: number };
  /** The app's relay against the durable echo (the limit). */
  ratioP50: number;
  ratioP99: number;
  /** The growth of the server's resident memory while the chats opened, per chat (no forced GC: an upper bound). */
  memoryPerChatKiB: number;
  /** The bare echo server's resident memory per connection. */
  memoryPerIdleEchoConnectionKiB: number;
  databaseSettings: string;
}

type Frame = Record<string, any>;

function stats(values: number[]): Latency {
  const { p50, p99, max } = percentiles(values);
  return { p50, p99, max };
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

const jitter = (meanSeconds: number) => meanSeconds * 1000 * (0.5 + Math.random());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An echo load: `clients` sockets, each sending a message every ~`every` s for `seconds`, timing
 * each until its echo comes back, against bench/echo-server.ts in a process of its own (as the
 * application runs in one). With `databaseUrl` the server stores each message before it echoes it.
 */
async function echoLoad(clients: number, seconds: number, every: number, databaseUrl?: string) {
  const server = runTs([], databaseUrl ? { ECHO_DATABASE_URL: databaseUrl } : {}, 'bench/echo-server.ts');
  try {
    await server.waitForOutput(/echo server ready on port \d+/);
    const port = Number(/echo server ready on port (\d+)/.exec(server.output())![1]);
    const before = await rssKb(server.child.pid!);
    const sockets = await inBatches(clients, 100, () => open(`ws://127.0.0.1:${port}`));
    await sleep(500);
    const perConnection = (((await rssKb(server.child.pid!)) - before) * 1024) / clients;
    const latencies: number[] = [];
    let sent = 0;
    for (const ws of sockets) ws.on('message', (d) => {
      const t = Number(String(d).split(':')[1]);
      if (Number.isFinite(t)) latencies.push(performance.now() - t);
    });
    let running = true;
    const timers = sockets.map((ws, i) => {
      let n = 0;
      const tick = () => {
        if (!running) return;
        sent += 1;
        ws.send(`e:${performance.now()}:${i}-${++n}`);
        t = setTimeout(tick, jitter(every));
      };
      let t = setTimeout(tick, jitter(every));
      return () => clearTimeout(t);
    });
    await sleep(seconds * 1000);
    running = false;
    timers.forEach((stop) => stop());
    await sleep(2000);
    for (const ws of sockets) ws.terminate();
    return { ...stats(latencies), messages: latencies.length, sent, perConnection };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/** The limit: each message is inserted (and committed) into PostgreSQL before it is echoed. */
async function durableEcho(url: string, clients: number, seconds: number, every: number) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('create table bench_echo (id bigserial primary key, client_id text not null, body text not null, created_at timestamptz not null default now())');
  try {
    // As the chat's write pool: 8 connections, the server's own commit settings (synchronous_commit, fsync).
    const out = await echoLoad(clients, seconds, every, url);
    const stored = Number((await setup.query('select count(*) from bench_echo')).rows[0].count);
    return { ...out, stored };
  } finally {
    await setup.query('drop table bench_echo');
    await setup.end();
  }
}

/** Counsellors as distinct accounts: the first made as tests make users, the rest share its password hash and sealed TOTP secret. */
async function makeCounsellors(db: Db, n: number): Promise<Array<{ username: string; totpSecret: string }>> {
  const first = await makeUser(db, [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
  const row = await db.selectFrom('users').select(['password_hash', 'totp_secret']).where('id', '=', first.id).executeTakeFirstOrThrow();
  const grant = await db.selectFrom('user_roles').select(['role', 'unit_id']).where('user_id', '=', first.id).executeTakeFirstOrThrow();
  const tag = randomBytes(3).toString('hex');
  const rest = n > 1
    ? await db
        .insertInto('users')
        .values(Array.from({ length: n - 1 }, (_, i) => ({ username: `bench_${tag}_${i}`, display_name: `Bench counsellor ${i}`, email: null, kind: 'staff' as const, partner_organisation: null, password_hash: row.password_hash, totp_secret: row.totp_secret, totp_enabled_at: new Date() })))
        .returning(['id', 'username'])
        .execute()
    : [];
  if (rest.length) await db.insertInto('user_roles').values(rest.map((r) => ({ user_id: r.id, role: grant.role, unit_id: grant.unit_id }))).execute();
  return [first, ...rest.map((r) => ({ username: r.username, totpSecret: first.totpSecret }))];
}

export async function runChatBench(options: ChatBenchOptions = {}): Promise<ChatBenchResult> {
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const visitors = options.visitors ?? env('BENCH_CHAT_VISITORS') ?? 1000;
  // A realistic load: two or three chats per counsellor.
  const counsellors = options.counsellors ?? env('BENCH_CHAT_COUNSELLORS') ?? Math.ceil(visitors / 2.5);
  const measure = options.measureSeconds ?? env('BENCH_CHAT_SECONDS') ?? 40;
  const every = options.everySeconds ?? env('BENCH_CHAT_EVERY') ?? 4;
  const log = options.log ?? ((l: string) => console.log(l));
  const quota = (i: number) => Math.floor(visitors / counsellors) + (i < visitors % counsellors ? 1 : 0);
  // Both sides of every chat write at `every`: the message rate the echo servers get too.
  const rate = (2 * visitors) / every;
  const echoClients = visitors + counsellors;
  const echoEvery = echoClients / rate;
  const echoSeconds = Math.max(10, Math.round(measure / 2));
  log(`Chat bench: ${visitors} chats, ${counsellors} counsellors (${Math.floor(visitors / counsellors)}–${Math.ceil(visitors / counsellors)} chats each), ~${rate.toFixed(0)} messages/s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${cpus().length} cores)`);

  log(`bare ws echo: ${echoClients} clients, ~${rate.toFixed(0)} messages/s, ${echoSeconds} s`);
  const echo = await echoLoad(echoClients, echoSeconds, echoEvery);

  const adminUrl = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `utvag_bench_chat_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let utvag: ChildRun | undefined;
  let owner: ReturnType<typeof openDatabase> | undefined;
  try {
    const settings = (await admin.query(`select string_agg(name || '=' || setting, ', ' order by name) as s from pg_settings where name in ('fsync', 'synchronous_commit', 'wal_sync_method')`)).rows[0].s as string;
    log(`durable ws echo (insert + commit, then echo): ${echoClients} clients, ~${rate.toFixed(0)} messages/s, ${echoSeconds} s; ${settings}`);
    const durable = await durableEcho(url.href, echoClients, echoSeconds, echoEvery);

    await migrate(url.href, capabilities);
    owner = openDatabase(url.href, 4, { asAppRole: false });
    const db = owner.db;
    await db.transaction().execute((tx) => setOpeningHours(tx, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }))));
    // The server in a process of its own, as `npm start` runs it (and as the echo servers run): the
    // load's 1 400 sockets and their garbage are not the server's.
    await buildServer();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    utvag = runTs(['start'], { NODE_ENV: 'test', DATABASE_URL: url.href, LOG_LEVEL: 'warn', RUN_JOBS: 'false', HOST: '127.0.0.1', PORT: String(port), DATABASE_POOL_SIZE: '30', CHAT_COUNSELLOR_GRACE_SECONDS: '60', CHAT_QUEUE_CAP: '100', PUBLIC_URL: base, PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000', SESSION_SECRET: randomBytes(24).toString('hex'), TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY }, SERVER_BUNDLE, { compiled: true });
    await utvag.waitForOutput('Utväg is ready', 120_000);
    const serverPid = utvag.child.pid!;

    log(`signing in ${counsellors} counsellors and opening their consoles`);
    const accounts = await makeCounsellors(db, counsellors);
    const staff = await inBatches(counsellors, 10, async (i) => {
      const client = await new HttpSession(base).signIn(accounts[i]!);
      // The console's hello is listened for before the socket opens: it can come in the same read
      // as the upgrade's answer, and then 'message' fires before code after `await open` runs.
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/chat/console/socket`, { headers: { cookie: client.cookieHeader, origin: base }, perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        const seen: string[] = [];
        const timer = setTimeout(() => reject(new Error(`console ${i}: no hello in 60 s (frames: ${seen.join(' | ')})`)), 60_000);
        ws.once('error', reject);
        ws.once('close', (code, reason) => reject(new Error(`console ${i} closed: ${code} ${String(reason)} (frames: ${seen.join(' | ')})`)));
        const onHello = (d: WebSocket.RawData) => {
          seen.push(String(d).slice(0, 120));
          if ((JSON.parse(String(d)) as Frame).type !== 'hello') return;
          clearTimeout(timer);
          ws.off('message', onHello);
          resolve();
        };
        ws.on('message', onHello);
      });
      return { ws, quota: quota(i), chats: [] as string[] };
    });

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

    // Visitors arrive in waves no larger than the queues hold (CHAT_QUEUE_CAP 100 × 4 queues); after
    // each wave the counsellors with room take chats until the queues are empty.
    log(`opening ${visitors} anonymous chats in waves, counsellors taking them`);
    const before = await rssKb(serverPid);
    const chats: Array<{ ws: WebSocket }> = [];
    const WAVE = 200;
    for (let from = 0; from < visitors; from += WAVE) {
      chats.push(
        ...(await inBatches(Math.min(WAVE, visitors - from), 50, async (j) => {
          const i = from + j;
          const res = await fetch(`${base}/api/chat/visitor/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targetGroup: ['selling', 'young', 'relative', 'professional'][i % 4], language: 'sv' }) });
          if (!res.ok) throw new Error(`starting chat ${i}: ${res.status} ${await res.text()}`);
          const { token } = (await res.json()) as { token: string };
          const ws = await open(`ws://127.0.0.1:${port}/api/chat/visitor/socket`);
          const ready = new Promise((r) => ws.once('message', r));
          ws.send(JSON.stringify({ type: 'hello', token, after: 0 }));
          await ready;
          return { ws };
        })),
      );
      await Promise.all(
        staff.map(async (s) => {
          while (s.chats.length < s.quota) {
            const id = await take(s);
            if (!id) break;
            // The console's frame limit (8 at once, then 2 a second) applies to taking chats too.
            if (id === 'wait') await sleep(600);
            else s.chats.push(id);
          }
        }),
      );
    }
    await sleep(1000);
    const perChat = (((await rssKb(serverPid)) - before) * 1024) / visitors;
    const counts = await db.selectFrom('chat_sessions').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const inConversation = Number(counts.find((c) => c.status === 'active')?.n ?? 0);
    const waiting = Number(counts.find((c) => c.status === 'queued')?.n ?? 0);
    const held = staff.map((s) => s.chats.length);
    log(`${inConversation} chats in conversation, ${waiting} waiting (database); ${Math.min(...held)}–${Math.max(...held)} chats per counsellor; measuring for ${measure} s`);

    const latencies: number[] = [];
    const sentAt = new Map<string, number>();
    const received = new Set<string>();
    const acked = new Map<string, number>();
    const refusedCodes: Record<string, number> = {};
    const refused = new Set<string>();
    let measuring = true;
    const onFrame = (from: 'visitor' | 'counsellor') => (d: WebSocket.RawData) => {
      const f = JSON.parse(String(d)) as Frame;
      if (f.type === 'ack' && sentAt.has(f.clientId)) acked.set(f.clientId, performance.now() - sentAt.get(f.clientId)!);
      else if (f.type === 'error' && typeof f.clientId === 'string' && sentAt.has(f.clientId)) {
        refused.add(f.clientId);
        refusedCodes[f.code] = (refusedCodes[f.code] ?? 0) + 1;
      } else if (f.type === 'message' && f.sender === from && typeof f.body === 'string' && f.body.startsWith('b:')) {
        const [, at, clientId] = f.body.split(':');
        latencies.push(performance.now() - Number(at));
        received.add(clientId!);
      }
    };
    chats.forEach((c) => c.ws.on('message', onFrame('counsellor')));
    staff.forEach((s) => s.ws.on('message', onFrame('visitor')));
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
    let n = 0;
    const send = (ws: WebSocket, clientId: string, extra: Record<string, unknown> = {}) => {
      const now = performance.now();
      sentAt.set(clientId, now);
      ws.send(JSON.stringify({ type: 'message', ...extra, clientId, body: `b:${now}:${clientId}` }));
    };
    chats.forEach((c, i) => loop(() => send(c.ws, `v${i}-${++n}`), every));
    // A counsellor writes in each of their chats as often as its visitor does.
    staff.forEach((s, i) => {
      if (s.chats.length) loop(() => send(s.ws, `c${i}-${++n}`, { sessionId: s.chats[Math.floor(Math.random() * s.chats.length)] }), every / s.chats.length);
    });
    const began = performance.now();
    await sleep(measure * 1000);
    measuring = false;
    stops.forEach((s) => s());
    const elapsed = (performance.now() - began) / 1000;
    await sleep(3000);
    loopDelay.disable();

    // Against the database: which of the messages sent are stored, and in which chat's state.
    const rows = await db
      .selectFrom('chat_messages as m')
      .innerJoin('chat_sessions as s', 's.id', 'm.session_id')
      .select(['m.client_id', 's.status'])
      .where('m.body', 'like', 'b:%')
      .execute();
    const storedStatus = new Map(rows.map((r) => [r.client_id!, r.status]));
    let delivered = 0;
    let stillQueued = 0;
    let lost = 0;
    let acknowledgedNotStored = 0;
    for (const clientId of sentAt.keys()) {
      if (acked.has(clientId) && !storedStatus.has(clientId)) acknowledgedNotStored++;
      if (received.has(clientId) && storedStatus.has(clientId)) delivered++;
      else if (storedStatus.get(clientId) === 'queued') stillQueued++;
      else if (refused.has(clientId) && !storedStatus.has(clientId)) continue;
      else lost++;
    }

    const relay = stats(latencies);
    const result: ChatBenchResult = {
      visitors,
      counsellors,
      inConversation,
      waiting,
      chatsPerCounsellor: { min: Math.min(...held), max: Math.max(...held) },
      sent: sentAt.size,
      delivered,
      stillQueued,
      refused: refused.size,
      refusedCodes,
      lost,
      acknowledged: acked.size,
      acknowledgedNotStored,
      storedInDatabase: storedStatus.size,
      messageRate: sentAt.size / elapsed,
      relay,
      stored: stats([...acked.values()]),
      eventLoopDelayP99: loopDelay.percentile(99) / 1e6,
      echo: { p50: echo.p50, p99: echo.p99, max: echo.max, messages: echo.messages },
      durableEcho: { p50: durable.p50, p99: durable.p99, max: durable.max, messages: durable.messages, stored: durable.stored, sent: durable.sent },
      ratioP50: relay.p50 / durable.p50,
      ratioP99: relay.p99 / durable.p99,
      memoryPerChatKiB: perChat / 1024,
      memoryPerIdleEchoConnectionKiB: echo.perConnection / 1024,
      databaseSettings: settings,
    };
    for (const c of chats) c.ws.terminate();
    for (const s of staff) s.ws.terminate();
    return result;
  } catch (err) {
    // What the server said is in its own process's output.
    if (utvag) console.error(`server output (last 4 000 characters):\n${utvag.output().slice(-4000)}`);
    throw err;
  } finally {
    if (utvag) {
      utvag.child.kill('SIGTERM');
      await utvag.exited;
    }
    await owner?.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

function report(r: ChatBenchResult): string {
  const f = (n: number) => n.toFixed(2);
  const codes = Object.entries(r.refusedCodes).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `chat relay: ${r.inConversation} of ${r.visitors} chats in conversation (${r.waiting} waiting), ${r.counsellors} counsellors holding ${r.chatsPerCounsellor.min}–${r.chatsPerCounsellor.max} chats each; ${r.messageRate.toFixed(0)} messages/s sent`,
    `  messages sent ${r.sent}: delivered ${r.delivered}, still queued ${r.stillQueued}, refused ${r.refused}${codes ? ` (${codes})` : ''}, lost ${r.lost} (target 0: ${r.lost === 0 ? 'met' : 'NOT MET'})`,
    `  database: ${r.storedInDatabase} stored; ${r.acknowledged} acknowledged, ${r.acknowledgedNotStored} of them not stored (must be 0); ${r.databaseSettings}`,
    `  relay latency     p50 ${f(r.relay.p50)} ms   p99 ${f(r.relay.p99)} ms   max ${f(r.relay.max)} ms`,
    `  stored (ack)      p50 ${f(r.stored.p50)} ms   p99 ${f(r.stored.p99)} ms   max ${f(r.stored.max)} ms;  load generator's event-loop delay p99 ${f(r.eventLoopDelayP99)} ms`,
    `  durable ws echo   p50 ${f(r.durableEcho.p50)} ms   p99 ${f(r.durableEcho.p99)} ms   max ${f(r.durableEcho.max)} ms   (${r.durableEcho.messages} of ${r.durableEcho.sent} echoed, ${r.durableEcho.stored} stored)`,
    `  bare ws echo      p50 ${f(r.echo.p50)} ms   p99 ${f(r.echo.p99)} ms   max ${f(r.echo.max)} ms   (${r.echo.messages} messages; reference only)`,
    `  relay / durable echo  p50 ${f(r.ratioP50)}x   p99 ${f(r.ratioP99)}x   (target within 2x: ${r.ratioP50 <= 2 && r.ratioP99 <= 2 ? 'met' : 'NOT MET'})`,
    `  server RSS growth over opening the chats, per chat ${f(r.memoryPerChatKiB)} KiB (no forced GC: an upper bound); bare echo server, per connection ${f(r.memoryPerIdleEchoConnectionKiB)} KiB`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  runChatBench()
    .then((r) => {
      console.log(report(r));
      console.log(`  (${Math.round((Date.now() - started) / 1000)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end)`);
      process.exit(0);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

export { report as reportChatBench };
