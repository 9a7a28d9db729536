import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import Provider from 'oidc-provider';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';
import { freePort } from '../../testing/processes.ts';

/**
 * Sign-in through OpenID Connect against a real provider (oidc-provider) on 127.0.0.1, driven over
 * real HTTP: Utväg's redirect to the provider, the provider's login and consent, the code back to
 * Utväg's callback, and the token exchange between the two servers.
 */

const CLIENT_ID = 'utvag-test';
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider-only';

interface TestProvider {
  issuer: string;
  /** The account the provider's login step signs in next (the person at the keyboard). */
  loginAs(accountId: string): void;
  stop(): Promise<void>;
}

/**
 * A provider with a fixed set of fictional accounts. Its login interaction signs in whichever account
 * the test chose, and its consent interaction grants what the client asked for.
 */
async function startProvider(redirectUri: string, accounts: Record<string, { preferred_username: string; name: string }>): Promise<TestProvider> {
  let current = Object.keys(accounts)[0]!;
  let provider: Provider | undefined;
  const server = http.createServer((req, res) => {
    if (!provider) return res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/')) return void interact(provider, req, res, current);
    return void provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'test' }] },
    cookies: { keys: ['provider-cookie-key-for-tests-only'] },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'] },
    pkce: { required: () => true },
    ttl: { AccessToken: 300, AuthorizationCode: 60, Grant: 300, IdToken: 300, Interaction: 300, Session: 300 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  return {
    issuer,
    loginAs: (accountId) => {
      current = accountId;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function interact(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse, accountId: string) {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
  }
}

/** Cookies per origin, as a browser keeps them (enough for these two servers). */
class CookieJar {
  private jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.jars.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(url: URL, res: Response): void {
    const jar = this.jars.get(url.host) ?? new Map<string, string>();
    this.jars.set(url.host, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const expired = attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  get(url: URL, name: string): string | undefined {
    return this.jars.get(url.host)?.get(name);
  }
}

interface FlowResult {
  /** Where Utväg finally sent the browser (a page of the web app). */
  landing: URL;
  jar: CookieJar;
}

/**
 * Follows the redirects a browser would, from Utväg's /api/auth/oidc/start until Utväg sends the
 * browser to one of its pages. `beforeCallback` may change the URL the provider sends back.
 */
async function signInThroughProvider(baseUrl: string, beforeCallback: (url: URL) => URL = (u) => u): Promise<FlowResult> {
  const jar = new CookieJar();
  let url = new URL('/api/auth/oidc/start', baseUrl);
  for (let hop = 0; hop < 20; hop++) {
    if (url.pathname === '/api/auth/oidc/callback') url = beforeCallback(url);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url), 'accept-language': 'sv' } });
    jar.store(url, res);
    const location = res.headers.get('location');
    if (!location || res.status < 300 || res.status >= 400) throw new Error(`the flow stopped at ${url.pathname} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const next = new URL(location, url);
    if (next.port === new URL(baseUrl).port && !next.pathname.startsWith('/api/')) return { landing: next, jar };
    url = next;
  }
  throw new Error('too many redirects');
}

describe.each(databaseTargets())('sign-in through OpenID Connect ($name)', (target) => {
  let provider: TestProvider;
  let baseUrl: string;
  // The provider must know the callback URL, so the port is chosen before Utväg starts.
  const t = useTestApp(target, {
    listen: true,
    env: async () => {
      const port = await freePort();
      baseUrl = `http://localhost:${port}`;
      provider = await startProvider(`${baseUrl}/api/auth/oidc/callback`, {
        'acc-anna': { preferred_username: 'Anna.Oidc', name: 'Anna Fiktiv' },
        'acc-okand': { preferred_username: 'finns.inte', name: 'Okänd Fiktiv' },
      });
      return { PORT: String(port), PUBLIC_URL: baseUrl, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_ALLOW_INSECURE_ISSUER: 'true' };
    },
  });
  afterAll(async () => {
    await provider?.stop();
  });

  const sessionCount = async (userId?: string) => {
    let q = t.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n'));
    if (userId) q = q.where('user_id', '=', userId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  test('the sign-in options offer OIDC', async () => {
    const res = await fetch(new URL('/api/auth/options', baseUrl));
    expect(await res.json()).toEqual({ oidc: true });
  });

  test('a known username signs in: session, subject bound, audit entry', async () => {
    const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }], { username: 'anna.oidc' });
    provider.loginAs('acc-anna');

    const { landing, jar } = await signInThroughProvider(baseUrl);
    expect(landing.pathname).toBe('/');
    expect(landing.search).toBe('');
    const session = jar.get(new URL(baseUrl), 'utvag_session');
    expect(session).toBeTruthy();

    const me = await fetch(new URL('/api/auth/me', baseUrl), { headers: { cookie: `utvag_session=${session}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: user.id, username: 'anna.oidc', grants: [{ role: 'caseworker' }] });

    const row = await t.db.selectFrom('users').select('oidc_subject').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.oidc_subject).toBe(`${provider.issuer}#acc-anna`);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'sign_in')
      .where('record_id', '=', user.id)
      .execute();
    expect(audit).toEqual([{ actor_user_id: user.id, details: { method: 'oidc' } }]);

    // The next time the bound subject finds the account even if the username claim changed.
    await t.db.updateTable('users').set({ username: 'anna.omdopt' }).where('id', '=', user.id).execute();
    const again = await signInThroughProvider(baseUrl);
    expect(again.landing.pathname).toBe('/');
    expect(await sessionCount(user.id)).toBe(2);
  });

  test('an account the provider knows but Utväg does not is refused', async () => {
    provider.loginAs('acc-okand');
    const before = await sessionCount();
    const { landing, jar } = await signInThroughProvider(baseUrl);
    expect(landing.pathname).toBe('/logga-in');
    expect(landing.searchParams.get('fel')).toBe('oidcUnknownUser');
    expect(jar.get(new URL(baseUrl), 'utvag_session')).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  test('an inactive account is refused', async () => {
    const user = await t.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }], { username: 'finns.inte' });
    await t.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    provider.loginAs('acc-okand');
    const { landing } = await signInThroughProvider(baseUrl);
    expect(landing.searchParams.get('fel')).toBe('oidcUnknownUser');
    expect(await sessionCount(user.id)).toBe(0);
    const row = await t.db.selectFrom('users').select('oidc_subject').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.oidc_subject).toBeNull();
  });

  test('a tampered state is refused', async () => {
    provider.loginAs('acc-anna');
    const before = await sessionCount();
    const { landing, jar } = await signInThroughProvider(baseUrl, (url) => {
      const tampered = new URL(url);
      tampered.searchParams.set('state', 'forged-state-value');
      return tampered;
    });
    expect(landing.pathname).toBe('/logga-in');
    expect(landing.searchParams.get('fel')).toBe('oidcFailed');
    expect(jar.get(new URL(baseUrl), 'utvag_session')).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  test('a callback without the flow cookie (another browser) is refused', async () => {
    provider.loginAs('acc-anna');
    const before = await sessionCount();
    const { landing } = await signInThroughProvider(baseUrl, (url) => {
      // Replaying the code from a browser that never started the flow: no utvag_oidc cookie.
      const copy = new URL(url);
      copy.hostname = '127.0.0.1';
      return copy;
    });
    expect(landing.searchParams.get('fel')).toBe('oidcFailed');
    expect(await sessionCount()).toBe(before);
  });
});
