import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { APP_ROLE } from './database.ts';

export interface ListenerEvents {
  notification(payload: string): void;
  /** Listening (again): notifications from now on arrive. */
  connected(): void;
  /** The connection is gone: notifications sent from now until `connected` are lost. */
  lost(): void;
}

type Log = Pick<FastifyBaseLogger, 'warn'>;

/**
 * One LISTEN connection per database URL in this process, shared by every Listener on it (the
 * session cache, the chat's consoles, …): each channel is a LISTEN on the same connection. A
 * PostgreSQL connection costs a backend process (10–15 MB resident), so one per channel was the
 * larger part of the idle memory. Reconnects after losing its server; every listener hears `lost`
 * and `connected` alike.
 */
class SharedListenConnection {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  readonly members = new Set<Listener>();

  constructor(
    private readonly databaseUrl: string,
    private log: Log,
  ) {}

  get listening(): boolean {
    return this.client !== null;
  }

  async join(member: Listener, log: Log): Promise<void> {
    this.log = log;
    this.members.add(member);
    if (this.client) {
      await this.client.query(`listen ${member.channel}`);
      if (this.members.has(member)) member.events.connected();
      return;
    }
    await this.connect();
  }

  async leave(member: Listener): Promise<void> {
    if (!this.members.delete(member)) return;
    const client = this.client;
    if (this.members.size > 0) {
      if (client && ![...this.members].some((m) => m.channel === member.channel)) await client.query(`unlisten ${member.channel}`).catch(() => {});
      return;
    }
    shared.delete(this.databaseUrl);
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, options: `-c role=${APP_ROLE}` });
    client.on('notification', (n) => {
      if (n.payload === undefined) return;
      for (const m of this.members) if (m.channel === n.channel) m.events.notification(n.payload);
    });
    client.on('error', (err) => {
      this.log.warn({ err: { code: (err as { code?: string }).code } }, 'listener lost its connection; reconnecting');
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    const first = new Set([...this.members].map((m) => m.channel));
    try {
      await client.connect();
      for (const channel of first) await client.query(`listen ${channel}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.members.size === 0) {
      await client.end().catch(() => {});
      return;
    }
    // A listener that joined while the connection was being opened: its channel too.
    const listened = first;
    for (;;) {
      const missing = [...new Set([...this.members].map((m) => m.channel))].filter((c) => !listened.has(c));
      if (missing.length === 0) break;
      for (const channel of missing) {
        await client.query(`listen ${channel}`);
        listened.add(channel);
      }
    }
    this.client = client;
    for (const m of this.members) m.events.connected();
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    for (const m of this.members) m.events.lost();
    client.end().catch(() => {});
    this.retryLater();
  }

  retryLater(): void {
    if (this.members.size === 0 || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.members.size === 0 || this.client) return;
      this.connect().catch(() => this.retryLater());
    }, 1000);
    this.retry.unref();
  }
}

const shared = new Map<string, SharedListenConnection>();

/**
 * LISTENs on one channel and hears again after its connection is lost and back. The connection is
 * shared with the process's other listeners on the same database (see SharedListenConnection).
 * Whoever relies on notifications must treat the time between `lost` and `connected` as blind.
 */
export class Listener {
  private connection: SharedListenConnection | null = null;

  constructor(
    private readonly databaseUrl: string,
    readonly channel: string,
    readonly events: ListenerEvents,
    private readonly log: Log,
  ) {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  }

  get listening(): boolean {
    return this.connection?.listening ?? false;
  }

  /** Starts listening; while the database cannot be reached, keeps trying in the background. */
  async start(): Promise<void> {
    if (this.connection) return;
    let connection = shared.get(this.databaseUrl);
    if (!connection) shared.set(this.databaseUrl, (connection = new SharedListenConnection(this.databaseUrl, this.log)));
    this.connection = connection;
    await connection.join(this, this.log).catch((err: unknown) => {
      this.log.warn({ err: { code: (err as { code?: string }).code }, channel: this.channel }, 'listener could not connect; retrying');
      connection.retryLater();
    });
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.leave(this);
  }
}
