import { CSRF_COOKIE } from '../core/auth/sessions.ts';
import { currentTotp } from '../core/auth/totp.ts';
import { TEST_PASSWORD, type TestUser } from './app.ts';

/**
 * A signed-in session against an Utväg running as a separate process (over real HTTP, unlike
 * TestClient which injects): keeps cookies, sends the CSRF token, signs in with password + TOTP.
 */
export class HttpSession {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    if (method !== 'GET' && this.csrf === undefined) await this.refreshCsrf();
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        cookie: this.cookieHeader,
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.keepCookies(res);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  private keepCookies(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      // A new CSRF secret (the sign-in rotates it) makes the token fetched before it worthless.
      if (name === CSRF_COOKIE) this.csrf = undefined;
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async refreshCsrf(): Promise<void> {
    const res = await fetch(this.baseUrl + '/api/auth/csrf', { headers: { cookie: this.cookieHeader } });
    this.keepCookies(res);
    this.csrf = ((await res.json()) as { token: string }).token;
  }

  get csrfToken(): string | undefined {
    return this.csrf;
  }

  async signIn(user: Pick<TestUser, 'username' | 'totpSecret'>, password = TEST_PASSWORD): Promise<this> {
    const first = await this.request<{ next: string }>('POST', '/api/auth/sign-in', { username: user.username, password });
    if (first.status !== 200 || first.body.next !== 'totp') throw new Error(`sign-in failed: ${first.status} ${JSON.stringify(first.body)}`);
    const second = await this.request('POST', '/api/auth/totp', { code: await currentTotp(user.totpSecret) });
    if (second.status !== 200) throw new Error(`totp failed: ${second.status} ${JSON.stringify(second.body)}`);
    return this;
  }
}
