import { makeKeyring, newTotpKey } from '../auth/totp-keys.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { capabilities, retentionRules } from '../../capabilities.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { startTestApp } from '../../testing/app.ts';
import type { TestClient } from '../../testing/client.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';
import { buildServer, type App, type AppDeps, type JobsStatus } from './server.ts';
import type { Capability } from '../capability.ts';

/**
 * The HTTP edge: security headers and CSP on every answer, validation with translated messages that
 * changes nothing, errors without internals, the OpenAPI document and the health check.
 */

const testConfig = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const webIndex = path.resolve(import.meta.dirname, '../../../dist/web/index.html');

function csp(header: unknown): Map<string, string[]> {
  expect(typeof header, 'a Content-Security-Policy header').toBe('string');
  const directives = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  const raw = String(headers['content-security-policy']);
  expect(raw, what).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  const d = csp(headers['content-security-policy']);
  expect(d.get('default-src'), what).toEqual(["'self'"]);
  expect(d.get('script-src'), what).toEqual(["'self'"]);
  expect(d.get('style-src'), what).toEqual(["'self'"]);
  expect(d.get('object-src'), what).toEqual(["'none'"]);
  expect(d.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(d.get('base-uri'), what).toEqual(["'none'"]);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-powered-by'], what).toBeUndefined();
}

/** A server with the real capabilities plus a route that fails, to see what a failure shows. */
function failingCapability(): Capability {
  return {
    name: 'failing',
    routes(app: App, deps: AppDeps) {
      app.route({
        method: 'GET',
        url: '/api/test/boom',
        config: { access: 'public' },
        schema: { response: { 200: z.object({}) } },
        handler: async () => {
          throw new Error('Internal detail: Anna Fiktiv 19121212-1212 at /srv/utvag/secret.ts');
        },
      });
      app.route({
        method: 'GET',
        url: '/api/test/db-error',
        config: { access: 'public' },
        schema: { response: { 200: z.object({}) } },
        handler: async () => {
          // A database error quotes the value in its detail; neither the caller nor the log may see it.
          await deps.db.insertInto('units').values({ name: 'Nexus – vuxna', kind: 'other' }).execute();
          await deps.db.insertInto('units').values({ name: 'Nexus – vuxna', kind: 'other' }).execute();
          return {};
        },
      });
    },
  };
}

describe.each(databaseTargets())('HTTP edge ($name)', (target) => {
  const t = useTestApp(target);
  let admin: TestClient;

  beforeAll(async () => {
    admin = await t.signedIn([{ role: 'administrator' }]);
  });

  const unitCount = async () => Number((await t.db.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const auditCount = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  describe('security headers and CSP', () => {
    test('on API answers, successful or not', async () => {
      for (const [method, url] of [
        ['GET', '/api/health'],
        ['GET', '/api/auth/me'],
        ['GET', '/api/no-such-route'],
        ['POST', '/api/auth/sign-in'],
      ] as const) {
        const res = await t.app.app.inject({ method, url });
        expectSecurityHeaders(res.headers, `${method} ${url} (${res.statusCode})`);
        expect(res.headers['cache-control'], `${method} ${url}`).toBe('no-store');
      }
      const users = await admin.get('/api/organisation/users');
      expect(users.status).toBe(200);
      expectSecurityHeaders(users.headers, 'a signed-in answer with personal data');
      expect(users.headers['cache-control']).toBe('no-store');
    });

    test('on the web app and its assets', async () => {
      expect(existsSync(webIndex), `the built web app at ${webIndex} (the test setup builds it; alone: npx vite build)`).toBe(true);
      for (const url of ['/', '/logga-in', '/organisation/anvandare']) {
        const res = await t.app.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expect(res.body).toContain('<div id="root">');
        expectSecurityHeaders(res.headers, url);
      }
      const asset = readFileSync(webIndex, 'utf8').match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
      const res = await t.app.app.inject({ method: 'GET', url: asset });
      expect(res.statusCode).toBe(200);
      expectSecurityHeaders(res.headers, asset);
    });

    test('the built index.html has no inline script, style or event handler', () => {
      expect(existsSync(webIndex), `the built web app at ${webIndex} (the test setup builds it; alone: npx vite build)`).toBe(true);
      const html = readFileSync(webIndex, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs, 'every script has a src').toMatch(/\bsrc="\/assets\//);
        expect(body!.trim(), 'and no body').toBe('');
      }
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).not.toMatch(/https?:\/\//i); // nothing from a third party
    });
  });

  describe('validation', () => {
    const badUnit = { name: 'x', kind: 'no-such-kind' };

    test('a bad body is 400 with a message in Swedish, and changes nothing', async () => {
      const [units, audit] = [await unitCount(), await auditCount()];
      const res = await admin.post('/api/organisation/units', badUnit);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation');
      expect(res.body.message).toMatch(/^Uppgifterna är inte giltiga: /);
      expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['kind', 'name']);
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules|stack/i);
      expect(await unitCount()).toBe(units);
      expect(await auditCount()).toBe(audit);
    });

    test('in English with Accept-Language: en, and the field messages really differ', async () => {
      const sv = await admin.post('/api/organisation/units', badUnit);
      const en = await admin.request('POST', '/api/organisation/units', badUnit, { 'accept-language': 'en' });
      expect(en.status).toBe(400);
      expect(en.body.message).toMatch(/^The data is not valid: /);
      const svIssues = sv.body.issues as Array<{ path: string; message: string }>;
      const enIssues = en.body.issues as Array<{ path: string; message: string }>;
      for (const field of ['name', 'kind']) {
        const s = svIssues.find((i) => i.path === field)!.message;
        const e = enIssues.find((i) => i.path === field)!.message;
        expect(s, field).not.toBe('');
        expect(e, field).not.toBe('');
        expect(s, `${field}: Swedish and English differ`).not.toBe(e);
      }
      // zod's own Swedish and English texts, not a fallback.
      expect(svIssues.find((i) => i.path === 'name')!.message).toBe('För lite(t): förväntade string att ha >=2 tecken');
      expect(enIssues.find((i) => i.path === 'name')!.message).toBe('Too small: expected string to have >=2 characters');
    });

    test.each([
      ['a wrong type', { name: 123, kind: 'other' }, 'name'],
      ['a missing field', { kind: 'other' }, 'name'],
      ['a string too long', { name: 'x'.repeat(121), kind: 'other' }, 'name'],
    ])('%s has its own message in both languages', async (_what, body, field) => {
      const sv = await admin.post('/api/organisation/units', body);
      const en = await admin.request('POST', '/api/organisation/units', body, { 'accept-language': 'en' });
      expect(sv.status).toBe(400);
      const svMessage = (sv.body.issues as Array<{ path: string; message: string }>).find((i) => i.path === field)?.message;
      const enMessage = (en.body.issues as Array<{ path: string; message: string }>).find((i) => i.path === field)?.message;
      expect(svMessage).toBeTruthy();
      expect(enMessage).toBeTruthy();
      expect(svMessage).not.toBe(enMessage);
    });

    test('a bad uuid in the query string is explained in both languages', async () => {
      const sv = await admin.get('/api/organisation/users?unitId=inte-ett-id');
      const en = await admin.request('GET', '/api/organisation/users?unitId=inte-ett-id', undefined, { 'accept-language': 'en-GB,en;q=0.9' });
      expect(sv.body.issues).toEqual([{ path: 'unitId', message: expect.any(String) }]);
      expect(en.body.issues).toEqual([{ path: 'unitId', message: expect.any(String) }]);
      expect(sv.body.issues[0].message).not.toBe(en.body.issues[0].message);
    });

    test('a bad query string or path parameter is 400 too', async () => {
      const query = await admin.get('/api/organisation/users?unitId=not-a-uuid');
      expect(query.status).toBe(400);
      expect(query.body.error).toBe('validation');
      const param = await admin.patch('/api/organisation/units/not-a-uuid', { name: 'Ny enhet' });
      expect(param.status).toBe(400);
      expect(await t.db.selectFrom('units').select('id').where('name', '=', 'Ny enhet').executeTakeFirst()).toBeUndefined();
    });

    test('malformed JSON and a wrong content type are 4xx with a clear message', async () => {
      const cookie = admin.cookieHeader();
      const token = admin.csrfToken()!;
      const broken = await t.app.app.inject({
        method: 'POST',
        url: '/api/organisation/units',
        headers: { cookie, 'x-csrf-token': token, 'content-type': 'application/json' },
        payload: '{"name": "Trasig',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json()).toEqual({ error: 'badRequest', message: 'Förfrågan kunde inte läsas. Kontrollera uppgifterna och försök igen.' });
      const wrongType = await t.app.app.inject({
        method: 'POST',
        url: '/api/organisation/units',
        headers: { cookie, 'x-csrf-token': token, 'content-type': 'application/xml', 'accept-language': 'en' },
        payload: '<unit><name>Trasig</name></unit>',
      });
      expect(wrongType.statusCode).toBe(415);
      expect(wrongType.json()).toEqual({ error: 'unsupportedMediaType', message: 'The format of the data is not supported.' });
      const tooLarge = await t.app.app.inject({
        method: 'POST',
        url: '/api/organisation/units',
        headers: { cookie, 'x-csrf-token': token, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'Trasig', kind: 'other', padding: 'x'.repeat(1024 * 1024) }),
      });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json()).toEqual({ error: 'payloadTooLarge', message: 'Uppgifterna är för stora.' });
      expect(await t.db.selectFrom('units').select('id').where('name', 'like', 'Trasig%').executeTakeFirst()).toBeUndefined();
    });
  });

  describe('errors', () => {
    test('an unknown API route is 404 JSON', async () => {
      for (const [method, url] of [
        ['GET', '/api/no-such-route'],
        ['DELETE', '/api/organisation/units'],
      ] as const) {
        const res = await admin.request(method, url);
        expect(res.status, `${method} ${url}`).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toEqual({ error: 'notFound', message: 'Hittades inte.' });
      }
    });

    test('an internal error is 500 with a generic message: no detail, no stack', async () => {
      let logged = '';
      const failing = await buildServer(
        {
          config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }),
          db: t.db,
          databaseUrl: t.url,
          jobs: { state: () => 'disabled' },
          sessionSecret: 'x'.repeat(32), sealAudit: async () => 0, totpKeys: makeKeyring(newTotpKey()),
          retentionRules,
          capabilities: [...capabilities, failingCapability()],
          logDestination: new Writable({ write: (chunk, _enc, cb) => ((logged += String(chunk)), cb()) }),
        });
      try {
        for (const url of ['/api/test/boom', '/api/test/db-error']) {
          for (const [lang, message] of [
            ['sv', 'Något gick fel hos oss. Försök igen om en stund.'],
            ['en', 'Something went wrong on our side. Please try again shortly.'],
          ]) {
            const res = await failing.inject({ method: 'GET', url, headers: { 'accept-language': lang! } });
            expect(res.statusCode, url).toBe(500);
            expect(res.json(), url).toEqual({ error: 'internal', message });
            expect(res.body).not.toMatch(/Anna|1912|secret|srv|Nexus|duplicate|unique|stack/i);
            expectSecurityHeaders(res.headers, url);
          }
        }
        // The thrown error is logged by type and place, not by its message (built from a record here).
        const failures = logged.split('\n').filter((l) => l.includes('"msg":"request failed"')).map((l) => JSON.parse(l) as { err: { type: string; at: string[] } });
        expect(failures.length).toBe(4);
        expect(failures[0]!.err.type).toBe('Error');
        expect(failures[0]!.err.at[0]).toMatch(/server\.test\.ts:\d+/);
        expect(logged).not.toMatch(/Anna|1912|secret\.ts/);
        // The database error is logged by its code and constraint, never by its detail (which quotes the value).
        const dbErrors = logged.split('\n').filter((l) => l.includes('"23505"'));
        expect(dbErrors.length).toBeGreaterThan(0);
        expect(dbErrors.join('\n')).toContain('units_name_key');
        expect(dbErrors.join('\n')).not.toContain('Nexus');
      } finally {
        await failing.close();
      }
    });
  });

  describe('rate limit on unauthenticated routes', () => {
    test('every public API route is limited per minute (PUBLIC_RATE_LIMIT_PER_MINUTE)', async () => {
      const limited = await startTestApp(t.url, { PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
      try {
        const publicGets = limited.app.utvagRoutes.filter((r) => r.access === 'public' && r.method === 'GET' && r.url.startsWith('/api/') && !r.url.includes('oidc'));
        expect(publicGets.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/csrf', '/api/auth/options', '/api/openapi.json']));
        for (const r of publicGets) {
          const statuses: number[] = [];
          // Counted in the database, shared with the other instances on it: from an address of this test's own.
          for (let i = 0; i < 3; i++) statuses.push((await limited.app.inject({ method: 'GET', url: r.url, remoteAddress: '192.0.2.90', headers: { 'accept-language': 'en' } })).statusCode);
          expect(statuses, r.url).toEqual([expect.any(Number), expect.any(Number), 429]);
          expect(statuses.slice(0, 2).every((s) => s !== 429), r.url).toBe(true);
        }
        const res = await limited.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '192.0.2.90' });
        expect(res.json()).toEqual({ error: 'rateLimited', message: 'För många förfrågningar. Vänta en stund och försök igen.' });
        expectSecurityHeaders(res.headers, '429');
      } finally {
        await limited.stop();
      }
    });

    test('a forwarded-for header is believed only from a trusted proxy', async () => {
      const from = (client: string) => ({ method: 'GET' as const, url: '/api/health', remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': client } });
      const direct = await startTestApp(t.url, { PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
      const behindProxy = await startTestApp(t.url, { PUBLIC_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.5' });
      try {
        // Without TRUST_PROXY a caller cannot dodge the limit by making up addresses.
        const spoofed = [];
        for (const client of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) spoofed.push((await direct.app.inject(from(client))).statusCode);
        expect(spoofed).toEqual([200, 200, 429]);
        // Behind the trusted balancer, each client has a limit of its own.
        const clients = [];
        for (const client of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.1', '192.0.2.1']) clients.push((await behindProxy.app.inject(from(client))).statusCode);
        expect(clients).toEqual([200, 200, 200, 200, 429]);
      } finally {
        await direct.stop();
        await behindProxy.stop();
      }
    });
  });

  describe('OpenAPI document', () => {
    test('a valid OpenAPI 3 document with every registered API route, each stating its access', async () => {
      const res = await t.app.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      const validator = new Validator();
      const result = await validator.validate(structuredClone(doc));
      expect(result.errors ?? [], 'schema errors').toEqual([]);
      expect(result.valid).toBe(true);

      const apiRoutes = t.app.app.utvagRoutes.filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json');
      expect(apiRoutes.length).toBeGreaterThan(10);
      const missing: string[] = [];
      for (const r of apiRoutes) {
        const openapiPath = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        const operation = doc.paths?.[openapiPath]?.[r.method.toLowerCase()];
        if (!operation) {
          missing.push(`${r.method} ${r.url}`);
          continue;
        }
        expect(operation['x-access'], `${r.method} ${r.url}`).toBe(r.access);
        expect(Object.keys(operation.responses ?? {}).length, `${r.method} ${r.url} responses`).toBeGreaterThan(0);
      }
      expect(missing).toEqual([]);
      // And nothing in the document that is not a registered route.
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
      const registered = new Set(apiRoutes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
      expect(documented.filter((d) => !registered.has(d))).toEqual([]);
    });
  });

  describe('health', () => {
    test('reports the database and the job runner', async () => {
      const res = await t.app.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: 'ok', jobs: 'disabled' });
    });

    test.each([
      ['a stopped job runner', 'stopped', true, { status: 'degraded', database: 'ok', jobs: 'stopped' }],
      ['an unreachable database', 'running', false, { status: 'degraded', database: 'unavailable', jobs: 'running' }],
    ] as const)('is 503 with %s', async (_what, jobs, reachable, expected) => {
      const unreachable = reachable ? undefined : openDatabase('postgres://nobody@127.0.0.1:1/none', 1);
      const server = await buildServer(
        { config: testConfig, db: unreachable?.db ?? t.db, databaseUrl: reachable ? t.url : 'postgres://nobody@127.0.0.1:1/none', jobs: { state: () => jobs } satisfies JobsStatus, sessionSecret: 'x'.repeat(32), sealAudit: async () => 0, totpKeys: makeKeyring(newTotpKey()), retentionRules, capabilities });
      try {
        const res = await server.inject({ method: 'GET', url: '/api/health' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual(expected);
      } finally {
        await server.close();
        await unreachable?.close();
      }
    });
  });
});
