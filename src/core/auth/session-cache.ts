import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.ts';
import { Listener } from '../db/listener.ts';
import { readSession, SESSION_TOUCH_AFTER_MS, tokenId, touchSession, type SessionUser } from './sessions.ts';

export const SESSION_CHANNEL = 'utvag_sessions';

interface Entry {
  user: SessionUser;
  /** Times on this process's monotonic clock (performance.now()). */
  validUntil: number;
  idleUntil: number;
  touchAt: number;
}

/**
 * Keeps the session lookup off the hot path: a session and its grants, once read, are trusted for
 * a few seconds on this instance. Revocation stays immediate: every change that ends or narrows a
 * session (sign-out, deactivation, a grant change — see migration 0002) is announced by the
 * database on `utvag_sessions`, and each instance drops that user's entries when it hears it.
 * While the listener is not connected nothing is cached, so a missed notice cannot keep a revoked
 * session alive. Idle expiry is checked against the time left that the database reported.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly listener: Listener;
  /** Bumped by every notice: a read that started before one must not be cached after it. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    databaseUrl: string,
    private readonly idleMinutes: number,
    log: Pick<FastifyBaseLogger, 'warn'>,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.listener = new Listener(databaseUrl, SESSION_CHANNEL, {
      notification: (userId) => this.forgetUser(userId),
      connected: () => this.forgetAll(),
      lost: () => this.forgetAll(),
    }, log);
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  async stop(): Promise<void> {
    await this.listener.stop();
    this.forgetAll();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The session's user; a background request (see BACKGROUND_HEADER) never restarts its idle clock. */
  async load(token: string, options: { background?: boolean } = {}): Promise<SessionUser | null> {
    const id = tokenId(token);
    const now = this.now();
    const cached = this.entries.get(id);
    if (cached && now < cached.validUntil && now < cached.idleUntil) {
      if (now >= cached.touchAt && !options.background) {
        // The one write a session makes, at most once a minute: its idle clock restarts.
        await touchSession(this.db, id);
        cached.idleUntil = now + this.idleMinutes * 60_000;
        cached.touchAt = now + SESSION_TOUCH_AFTER_MS;
      }
      return cached.user;
    }
    this.forget(id);
    const generation = this.generation;
    const loaded = await readSession(this.db, token, this.idleMinutes, options);
    if (!loaded || !this.listener.listening || generation !== this.generation) return loaded?.user ?? null;
    const after = this.now();
    this.remember(id, {
      user: loaded.user,
      validUntil: after + Math.min(this.ttlMs, loaded.lifetimeLeftMs),
      idleUntil: after + loaded.idleLeftMs,
      touchAt: after + loaded.touchInMs,
    });
    return loaded.user;
  }

  private remember(id: string, entry: Entry): void {
    this.entries.set(id, entry);
    let ids = this.byUser.get(entry.user.id);
    if (!ids) this.byUser.set(entry.user.id, (ids = new Set()));
    ids.add(id);
  }

  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.byUser.get(entry.user.id)?.delete(id);
  }

  /** Drops the user's cached sessions: called by this instance's own revoking paths, and on every notice. */
  forgetUser(userId: string): void {
    this.generation += 1;
    for (const id of this.byUser.get(userId) ?? []) this.entries.delete(id);
    this.byUser.delete(userId);
  }

  private forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
    this.byUser.clear();
  }
}
