import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { SESSION_CHANNEL } from '../core/auth/session-cache.ts';
import { APP_ROLE, type Db } from '../core/db/database.ts';
import { Listener } from '../core/db/listener.ts';
import { translate, type Language } from '../core/i18n/server.ts';
import { CHANNEL, counsellorsOnDuty, decodeNotice, messagesAfter, notify, offlineAwaitingAnswer, queuePosition, sessionById, waitingChats, type ChatSession, type Notice, type QueueEntry } from './store.ts';
import { expectedWaitMinutes, MAX_MESSAGE_LENGTH, RateLimiter } from './rules.ts';

/**
 * One participant's view of one chat: the client has everything up to `floor`, and the recent ids in
 * `sent`. Ids are not sent in id order when two messages commit out of order, so a set, not a maximum.
 */
export interface Subscription {
  side: 'visitor' | 'staff';
  floor: number;
  sent: Set<number>;
  send(frame: object): void;
}

const RECENT_IDS = 256;

export function newSubscription(side: 'visitor' | 'staff', after: number, send: (frame: object) => void): Subscription {
  return { side, floor: after, sent: new Set(), send };
}

type Row = { id: number; sender: string; body: string; at: Date };

function offer(sub: Subscription, sessionId: string, r: Row): void {
  if (r.id <= sub.floor || sub.sent.has(r.id)) return;
  sub.sent.add(r.id);
  if (sub.sent.size > RECENT_IDS) {
    const oldest = sub.sent.values().next().value!;
    sub.sent.delete(oldest);
    sub.floor = Math.max(sub.floor, oldest);
  }
  if (sub.side === 'staff' || r.sender !== 'note') sub.send({ type: 'message', sessionId, id: r.id, sender: r.sender, body: r.body, at: r.at });
}

export interface VisitorConn {
  kind: 'visitor';
  ws: WebSocket;
  sessionId: string;
  language: Language;
  sub: Subscription;
}

export interface StaffConn {
  kind: 'staff';
  ws: WebSocket;
  socketId: string;
  userId: string;
  queues: readonly string[];
  subs: Map<string, Subscription>;
  /** Reads the socket's session again (not as activity) and closes the socket if it no longer holds. */
  recheck(): Promise<void>;
}

export interface HubSettings {
  visitorGraceSeconds: number;
  counsellorGraceSeconds: number;
  /** Wait for the WAL flush before acknowledging a chat message (config CHAT_SYNCHRONOUS_COMMIT). */
  synchronousCommit: boolean;
  /** How often this instance refreshes its consoles' presence and returns the chats of dead ones (CHAT_PRESENCE_SWEEP_SECONDS). */
  presenceSweepSeconds: number;
  /** Waiting chats per queue (CHAT_QUEUE_CAP). */
  queueCap: number;
}

export function sendFrame(ws: WebSocket, frame: object): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

/** A frame already encoded (the same one for many sockets). */
function sendEncoded(ws: WebSocket, text: string): void {
  if (ws.readyState === ws.OPEN) ws.send(text);
}

export function errorFrame(lang: Language, code: string, extra: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  return { type: 'error', code, message: translate(lang, code, params), ...extra };
}

/** Parses a frame: malformed JSON or a frame not matching the schema gives null. */
export function parseFrame<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  let data: unknown;
  try {
    data = JSON.parse(String(raw));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export const Body = z.string().trim().min(1).max(MAX_MESSAGE_LENGTH);

/** Frames per connection: a burst of 8, then 2 a second; a flood beyond that closes the socket. */
export function newLimiter(): RateLimiter {
  return new RateLimiter(8, 2, Date.now());
}

/**
 * The chat's delivery within one app instance. Every instance LISTENs on one PostgreSQL channel;
 * a NOTIFY carries only ids, and each instance reads the messages from the table and sends them
 * to the sockets it holds. A socket only ever receives ids above what it was last sent, so a
 * missed notice (a listener reconnect) is repaired by the next delivery or a client's resume.
 */
export class ChatHub {
  /** The chat's channel, on the process's one LISTEN connection (shared with the session listener). */
  private readonly channelListener: Listener;
  /** Whether notices were missed since the channel was last heard: a gap to repair on reconnect. */
  private channelLost = false;
  /** Chat messages are written through a small pool of their own, so their commit setting is theirs alone. */
  readonly writePool: pg.Pool;
  private stopped = false;
  private readonly bySession = new Map<string, Set<Subscription>>();
  private readonly visitors = new Map<string, VisitorConn>();
  private readonly staff = new Set<StaffConn>();
  private readonly running = new Map<string, Promise<void>>();
  /** Work asked for and not yet started, by session and kind: a second request joins it. */
  private readonly pending = new Map<string, Promise<void>>();
  private announced: number[] = [];
  private queueTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  /**
   * The core announces every session revocation (sign-out, deactivation, a grant change, a session
   * set back) on `utvag_sessions` with the user's id: that user's consoles on this instance read
   * their session again at once, and close when it no longer holds.
   */
  private readonly sessionListener: Listener;

  constructor(
    readonly db: Db,
    private readonly databaseUrl: string,
    readonly log: FastifyBaseLogger,
    readonly settings: HubSettings,
    /** The calendar clock: the Swedish date an outcome is counted on. Liveness (presence, grace) uses the database's time. */
    readonly now: () => Date = () => new Date(),
  ) {
    this.writePool = new pg.Pool({
      connectionString: databaseUrl,
      max: 8,
      idleTimeoutMillis: 30_000,
      options: `-c TimeZone=UTC -c role=${APP_ROLE}${settings.synchronousCommit ? '' : ' -c synchronous_commit=off'}`,
    });
    this.writePool.on('error', () => {});
    this.channelListener = new Listener(
      databaseUrl,
      CHANNEL,
      {
        notification: (payload) => {
          const notice = decodeNotice(payload);
          if (notice) this.onNotice(notice);
        },
        // Back after a gap: deliver what each socket has not been sent yet.
        connected: () => {
          if (!this.channelLost) return;
          this.channelLost = false;
          if (!this.stopped) this.resyncAll();
        },
        lost: () => {
          this.log.warn('chat listener lost its connection; reconnecting');
          this.channelLost = true;
        },
      },
      log,
    );
    this.sessionListener = new Listener(
      databaseUrl,
      SESSION_CHANNEL,
      {
        notification: (userId) => this.recheckStaff((c) => c.userId === userId),
        // Notices sent while the listener was away are lost: every console is checked once it is back.
        connected: () => this.recheckStaff(() => true),
        lost: () => {},
      },
      log,
    );
  }

  private recheckStaff(which: (c: StaffConn) => boolean): void {
    for (const c of this.staff) {
      if (which(c)) c.recheck().catch((err) => this.log.warn({ err: { code: (err as { code?: string }).code, name: (err as Error).name } }, 'console session check failed'));
    }
  }

  /** Starts listening; while the database cannot be reached, keeps trying in the background. */
  async startOrRetry(): Promise<void> {
    await this.sessionListener.start();
    await this.channelListener.start();
  }

  /** After a gap in notices: deliver whatever each socket has not been sent yet, and each open chat's state. */
  private resyncAll(): void {
    for (const id of this.bySession.keys()) {
      void this.schedule(id, 'deliver', () => this.deliver(id));
      void this.sessionChanged(id);
    }
    this.scheduleQueueBroadcast();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.queueTimer) clearTimeout(this.queueTimer);
    await Promise.allSettled([...this.running.values()]);
    await this.sessionListener.stop();
    await this.channelListener.stop();
    await this.writePool.end().catch(() => {});
  }

  /** Runs a timer that the hub cancels on stop. */
  later(ms: number, fn: () => Promise<unknown>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn().catch((err) => this.log.warn({ err: { code: (err as { code?: string }).code, name: (err as Error).name } }, 'chat timer failed'));
    }, ms);
    this.timers.add(t);
  }

  private onNotice(n: Notice): void {
    if (n.kind === 'm') {
      this.queueMessage(n.sessionId, n.messageId);
    } else if (n.kind === 's') {
      void this.sessionChanged(n.sessionId);
    } else if (n.kind === 't') {
      for (const sub of this.bySession.get(n.sessionId) ?? []) {
        if ((n.side === 'v') === (sub.side === 'staff')) sub.send({ type: 'typing', sessionId: n.sessionId });
      }
    } else {
      this.scheduleQueueBroadcast();
    }
  }

  /**
   * Work on one session runs one at a time, in order. A delivery asked for while one is queued
   * is the same delivery (it reads everything not yet sent), so it is not queued twice. The
   * promise settles when the work that answers this request has run.
   */
  private schedule(sessionId: string, coalesceKey: 'deliver' | 'state', work: () => Promise<void>): Promise<void> {
    const key = `${sessionId}:${coalesceKey}`;
    const queued = this.pending.get(key);
    if (queued) return queued;
    const prev = this.running.get(sessionId) ?? Promise.resolve();
    const next = prev
      .then(() => {
        this.pending.delete(key);
        return this.stopped ? undefined : work();
      })
      .catch((err) => this.log.warn({ err: { code: (err as { code?: string }).code, name: (err as Error).name } }, 'chat delivery failed'))
      .finally(() => {
        if (this.running.get(sessionId) === next) this.running.delete(sessionId);
      });
    this.pending.set(key, next);
    this.running.set(sessionId, next);
    return next;
  }

  /**
   * A chat's state changed: its visitor and the consoles on this instance are brought up to date
   * (opened in the console it now belongs to, closed in the one it left). Called for each NOTIFY,
   * and awaited by the console action that made the change, so that the console has the result
   * before its answer: the NOTIFY travels on the listener's own connection and can come back
   * after the counsellor's next action (a chat taken and at once transferred was then never opened,
   * so never closed, in the first console).
   */
  sessionChanged(sessionId: string): Promise<void> {
    return this.schedule(sessionId, 'state', () => this.onSessionChanged(sessionId));
  }

  /** Catch-up for one chat: everything above the lowest floor of its local subscribers. */
  private async deliver(sessionId: string): Promise<void> {
    const subs = this.bySession.get(sessionId);
    if (!subs || subs.size === 0) return;
    let after = Infinity;
    let staffWatching = false;
    for (const s of subs) {
      after = Math.min(after, s.floor);
      if (s.side === 'staff') staffWatching = true;
    }
    const rows = await messagesAfter(this.db, sessionId, after, staffWatching);
    for (const r of rows) for (const s of subs) offer(s, sessionId, r);
    if (rows.length === 500) void this.schedule(sessionId, 'deliver', () => this.deliver(sessionId));
  }

  /** New messages announced in one turn of the event loop are read with one query. */
  private queueMessage(sessionId: string, messageId: number): void {
    const subs = this.bySession.get(sessionId);
    // Written on this instance: its sockets already have it (see delivered); the others read it.
    if (!subs || [...subs].every((s) => messageId <= s.floor || s.sent.has(messageId))) return;
    this.announced.push(messageId);
    if (this.announced.length === 1) setImmediate(() => void this.flushAnnounced());
  }

  private async flushAnnounced(): Promise<void> {
    const ids = this.announced;
    this.announced = [];
    if (this.stopped || ids.length === 0) return;
    try {
      const { rows } = await this.writePool.query<Row & { sessionId: string }>({ name: 'chat_messages_by_id', text: 'select id, session_id as "sessionId", sender, body, created_at as at from chat_messages where id = any($1::bigint[]) order by id', values: [ids] });
      for (const r of rows) {
        const id = Number(r.id);
        for (const s of this.bySession.get(r.sessionId) ?? []) offer(s, r.sessionId, { ...r, id });
      }
    } catch (err) {
      this.log.warn({ err: { code: (err as { code?: string }).code } }, 'chat delivery failed; catching up');
      this.resyncAll();
    }
  }

  /**
   * A message this instance has just committed goes straight to this instance's sockets of the
   * chat, without reading it back; other instances hear the NOTIFY sent with the same statement.
   */
  delivered(sessionId: string, row: Row): void {
    for (const s of this.bySession.get(sessionId) ?? []) offer(s, sessionId, row);
  }

  subscribe(sessionId: string, sub: Subscription): void {
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Set()));
    set.add(sub);
    void this.schedule(sessionId, 'deliver', () => this.deliver(sessionId));
  }

  unsubscribe(sessionId: string, sub: Subscription): void {
    const set = this.bySession.get(sessionId);
    set?.delete(sub);
    if (set && set.size === 0) this.bySession.delete(sessionId);
  }

  addVisitor(conn: VisitorConn): void {
    const old = this.visitors.get(conn.sessionId);
    if (old && old.ws !== conn.ws) {
      this.unsubscribe(old.sessionId, old.sub);
      sendFrame(old.ws, { type: 'replaced' });
      old.ws.close(4009, 'replaced');
    }
    this.visitors.set(conn.sessionId, conn);
    this.subscribe(conn.sessionId, conn.sub);
  }

  removeVisitor(conn: VisitorConn): boolean {
    this.unsubscribe(conn.sessionId, conn.sub);
    if (this.visitors.get(conn.sessionId) !== conn) return false;
    this.visitors.delete(conn.sessionId);
    return true;
  }

  addStaff(conn: StaffConn): void {
    this.staff.add(conn);
  }

  removeStaff(conn: StaffConn): void {
    this.staff.delete(conn);
    for (const [id, sub] of conn.subs) this.unsubscribe(id, sub);
    conn.subs.clear();
  }

  /** Opens a chat in a counsellor's console: the whole transcript, notes included. */
  openForStaff(conn: StaffConn, sessionId: string): void {
    if (conn.subs.has(sessionId)) return;
    const sub = newSubscription('staff', 0, (f) => sendFrame(conn.ws, f));
    conn.subs.set(sessionId, sub);
    this.subscribe(sessionId, sub);
  }

  private closeForStaff(conn: StaffConn, sessionId: string): void {
    const sub = conn.subs.get(sessionId);
    if (!sub) return;
    conn.subs.delete(sessionId);
    this.unsubscribe(sessionId, sub);
  }

  /** Resumes a socket's stream of one chat after the last message id the client has. */
  resume(sub: Subscription, sessionId: string, after: number): void {
    sub.floor = after;
    sub.sent.clear();
    void this.schedule(sessionId, 'deliver', () => this.deliver(sessionId));
  }

  private async onSessionChanged(sessionId: string): Promise<void> {
    const visitor = this.visitors.get(sessionId);
    const watching = [...this.staff].filter((c) => c.subs.has(sessionId));
    const maybeNew = this.staff.size > 0;
    if (!visitor && watching.length === 0 && !maybeNew) return;
    const s = await sessionById(this.db, sessionId);
    if (visitor) {
      if (!s) {
        sendFrame(visitor.ws, errorFrame(visitor.language, 'unknownChat'));
      } else {
        const frame: Record<string, unknown> = { type: 'state', status: s.status, reason: s.endReason };
        if (s.status === 'queued') Object.assign(frame, await this.positionOf(s.id, s.queue));
        sendFrame(visitor.ws, frame);
      }
    }
    for (const conn of this.staff) {
      const mine = !!s && s.counsellorId === conn.userId && (s.status === 'active' || (s.status === 'ended' && s.kind === 'live' && !s.outcomeRecorded));
      if (mine && !conn.subs.has(sessionId)) {
        sendFrame(conn.ws, { type: 'chat', chat: chatMeta(s) });
        this.openForStaff(conn, sessionId);
      } else if (conn.subs.has(sessionId)) {
        if (mine) sendFrame(conn.ws, { type: 'chat', chat: chatMeta(s) });
        else {
          sendFrame(conn.ws, { type: 'chatClosed', sessionId, status: s?.status ?? 'deleted' });
          this.closeForStaff(conn, sessionId);
        }
      }
    }
  }

  private async positionOf(sessionId: string, queue: string): Promise<{ position: number; expectedWaitMinutes: number | null }> {
    const [place, duty] = await Promise.all([queuePosition(this.db, sessionId), counsellorsOnDuty(this.db)]);
    const position = place?.position ?? 0;
    return { position, expectedWaitMinutes: expectedWaitMinutes(position, duty.filter((d) => d.queues.includes(queue)).length) };
  }

  /** Queue changes come in bursts (a hundred visitors in a minute); one snapshot answers a burst. */
  private scheduleQueueBroadcast(): void {
    if (this.queueTimer || this.stopped) return;
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null;
      this.broadcastQueues().catch((err) => this.log.warn({ err: { code: (err as { code?: string }).code } }, 'queue broadcast failed'));
    }, 150);
  }

  private async broadcastQueues(): Promise<void> {
    const waitingVisitors = [...this.visitors.values()];
    if (this.staff.size === 0 && waitingVisitors.length === 0) return;
    const [waiting, duty, offline] = await Promise.all([waitingChats(this.db, 'all'), counsellorsOnDuty(this.db), offlineAwaitingAnswer(this.db)]);
    const names = this.staff.size && duty.length ? await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', duty.map((d) => d.userId)).execute() : [];
    const byId = new Map<string, QueueEntry>(waiting.map((w) => [w.id, w]));
    const onDutyIn = new Map<string, number>();
    for (const d of duty) for (const q of d.queues) onDutyIn.set(q, (onDutyIn.get(q) ?? 0) + 1);
    for (const v of waitingVisitors) {
      const w = byId.get(v.sessionId);
      if (w) sendFrame(v.ws, { type: 'queue', position: w.position, expectedWaitMinutes: expectedWaitMinutes(w.position, onDutyIn.get(w.queue) ?? 0) });
    }
    // Every console gets the whole list of who is on duty, and consoles on the same queues get the
    // same frame: each distinct frame is built and encoded once per broadcast, not once per console
    // (with hundreds of consoles open that was quadratic and held the event loop for a second).
    const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
    const onDuty = duty.map((d) => ({ userId: d.userId, name: nameOf.get(d.userId) ?? '', queues: d.queues }));
    const encoded = new Map<string, string>();
    for (const c of this.staff) {
      const key = c.queues.join('\n');
      let text = encoded.get(key);
      if (text === undefined) {
        text = JSON.stringify({
          type: 'queues',
          waiting: waiting.filter((w) => c.queues.includes(w.queue)).map((w) => ({ id: w.id, queue: w.queue, targetGroup: w.targetGroup, language: w.language, queuedAt: w.queuedAt, position: w.position })),
          offline: offline.filter((o) => c.queues.includes(o.queue)),
          onDuty,
        });
        encoded.set(key, text);
      }
      sendEncoded(c.ws, text);
    }
  }

  notify(...notices: Notice[]): Promise<void> {
    return notify(this.db, ...notices);
  }

  /** Tells the other instances that this one's consoles are still open. */
  async refreshPresence(): Promise<void> {
    const ids = [...this.staff].map((c) => c.socketId);
    if (ids.length) await this.db.updateTable('chat_presence').set({ seen_at: new Date() }).where('socket_id', 'in', ids).execute();
  }

  get localCounts() {
    return { visitors: this.visitors.size, staff: this.staff.size, sessions: this.bySession.size };
  }

  newSocketId(): string {
    return randomUUID();
  }
}

/** What a console is told about one of its chats. */
export function chatMeta(s: ChatSession) {
  return { id: s.id, queue: s.queue, targetGroup: s.targetGroup, language: s.language, status: s.status, kind: s.kind, endReason: s.endReason };
}
