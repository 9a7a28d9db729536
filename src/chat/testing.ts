import WebSocket from 'ws';
import { makeUser, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import type { Role } from '../core/access/policy.ts';
import { hashToken, setOpeningHours } from './store.ts';

export type Frame = Record<string, any>;

/** A WebSocket in a test: every frame kept, and a wait for the next one that matches. */
export class WsClient {
  readonly frames: Frame[] = [];
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.match(f) ? (w.resolve(f), false) : true));
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const c = new WsClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  /** Any frame so far or to come that matches, regardless of what was already waited for. */
  seen(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const found = this.frames.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after those already waited for) that matches. */
  next(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const start = this.cursor;
    const found = this.frames.slice(start).findIndex(match);
    if (found >= 0) {
      this.cursor = start + found + 1;
      return Promise.resolve(this.frames[start + found]!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          this.cursor = this.frames.length;
          resolve(f);
        },
      });
    });
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

export const type = (t: string) => (f: Frame) => f.type === t;

export function wsUrl(app: TestApp, path: string): string {
  const port = (app.app.server.address() as { port: number }).port;
  return `ws://127.0.0.1:${port}${path}`;
}

export async function openAllWeek(app: TestApp): Promise<void> {
  await app.db.transaction().execute((tx) => setOpeningHours(tx, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }))));
}

export async function startVisitor(app: TestApp, targetGroup = 'selling', language = 'sv'): Promise<{ token: string; sessionId: string; ws: WsClient }> {
  const res = await app.app.inject({ method: 'POST', url: '/api/chat/visitor/sessions', payload: { targetGroup, language } });
  if (res.statusCode !== 201) throw new Error(`start failed ${res.statusCode} ${res.body}`);
  const { token } = JSON.parse(res.body) as { token: string };
  const ws = await WsClient.open(wsUrl(app, '/api/chat/visitor/socket'));
  ws.send({ type: 'hello', token, after: 0 });
  await ws.next(type('ready'));
  const { id: sessionId } = await app.db.selectFrom('chat_sessions').select('id').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
  return { token, sessionId, ws };
}

export async function counsellor(app: TestApp, roles: Array<{ role: Role; unit?: string | null }> = [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }], path = '/api/chat/console/socket') {
  const user = await makeUser(app.db, roles);
  const client = await new TestClient(app.app).signIn(user);
  const ws = await WsClient.open(wsUrl(app, path), { cookie: client.cookieHeader() });
  await ws.next(type('hello'));
  return { user, client, ws };
}

let request = 0;
/** Sends a console action and waits for its result (or its error). */
export async function act(ws: WsClient, frame: Frame): Promise<Frame> {
  const requestId = `r${++request}`;
  ws.send({ ...frame, requestId });
  return ws.next((f) => f.requestId === requestId && (f.type === 'result' || f.type === 'error'));
}
