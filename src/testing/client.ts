import { generate } from 'otplib';
import type { App } from '../core/http/server.ts';
import { currentTotp } from '../core/auth/totp.ts';
import { CSRF_COOKIE } from '../core/auth/sessions.ts';
import { TEST_PASSWORD, type TestUser } from './app.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Response<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  /** The body's bytes (a PDF, a file, an image). */
  raw: Buffer;
}

/**
 * A browser-like API client over Fastify's inject: keeps cookies, fetches and sends the CSRF
 * token, and signs in with password + TOTP as a real user does.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  private remoteAddress: string | undefined;

  constructor(
    private app: App,
    private language = 'sv',
  ) {}

  /**
   * Sends from this client address (the socket's, as Fastify sees it). Rate limits are counted in the
   * database, shared by every instance on it: a test with a low limit uses an address of its own.
   */
  from(address: string): this {
    this.remoteAddress = address;
    return this;
  }

  async request<T = any>(method: Method, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response<T>> {
    if (method !== 'GET' && this.csrf === undefined) await this.refreshCsrf();
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.remoteAddress,
      headers: {
        'accept-language': this.language,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...extraHeaders,
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.cookies) {
      // A new CSRF secret (the sign-in rotates it) makes the token fetched before it worthless.
      if (c.name === CSRF_COOKIE) this.csrf = undefined;
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers, raw: res.rawPayload };
  }

  async refreshCsrf(): Promise<void> {
    const r = await this.app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress: this.remoteAddress, headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of r.cookies) this.cookies.set(c.name, c.value);
    this.csrf = (JSON.parse(r.body) as { token: string }).token;
  }

  get = <T = any>(url: string) => this.request<T>('GET', url);
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body ?? {});
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, body ?? {});
  patch = <T = any>(url: string, body?: unknown) => this.request<T>('PATCH', url, body ?? {});
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);

  /** Password + TOTP sign-in; throws when it does not end in a session. */
  async signIn(user: Pick<TestUser, 'username' | 'totpSecret'>, password = TEST_PASSWORD): Promise<this> {
    const first = await this.post<{ next: string }>('/api/auth/sign-in', { username: user.username, password });
    if (first.status !== 200 || first.body.next !== 'totp') throw new Error(`sign-in failed: ${first.status} ${JSON.stringify(first.body)}`);
    let second = await this.post('/api/auth/totp', { code: await currentTotp(user.totpSecret) });
    if (second.status === 401) {
      // The same account signed in already in this 30-second step: the replay guard refuses the code
      // again. Utväg accepts one step of clock drift, so a person whose phone runs a little ahead
      // would come in with the next step's code; the test does that instead of waiting up to 30 s.
      // A wrong password, secret or code fails again here.
      const again = await this.post<{ next: string }>('/api/auth/sign-in', { username: user.username, password });
      if (again.status !== 200 || again.body.next !== 'totp') throw new Error(`sign-in failed: ${again.status} ${JSON.stringify(again.body)}`);
      second = await this.post('/api/auth/totp', { code: await generate({ secret: user.totpSecret, epoch: Math.floor(Date.now() / 1000) + 30 }) });
    }
    if (second.status !== 200) throw new Error(`totp failed: ${second.status} ${JSON.stringify(second.body)}`);
    return this;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /** The Cookie header this client sends: for WebSockets opened as this user and requests made around the client. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  csrfToken(): string | undefined {
    return this.csrf;
  }
}
