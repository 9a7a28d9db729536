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

/**
 * A dedicated connection that LISTENs on one channel and reconnects after losing its server.
 * Whoever relies on notifications must treat the time between `lost` and `connected` as blind.
 */
export class Listener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly events: ListenerEvents,
    private readonly log: Pick<FastifyBaseLogger, 'warn'>,
  ) {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  }

  get listening(): boolean {
    return this.client !== null;
  }

  /** Starts listening; while the database cannot be reached, keeps trying in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((err: unknown) => {
      this.log.warn({ err: { code: (err as { code?: string }).code }, channel: this.channel }, 'listener could not connect; retrying');
      this.retryLater();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, options: `-c role=${APP_ROLE}` });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload !== undefined) this.events.notification(n.payload);
    });
    client.on('error', (err) => {
      this.log.warn({ err: { code: (err as { code?: string }).code }, channel: this.channel }, 'listener lost its connection; reconnecting');
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    await client.connect();
    await client.query(`listen ${this.channel}`);
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.events.connected();
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.events.lost();
    client.end().catch(() => {});
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stopped) return;
      this.connect().catch(() => this.retryLater());
    }, 1000);
    this.retry.unref();
  }
}
