import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { DestinationStream } from 'pino';
import { jsonSchemaTransform, ResponseSerializationError, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { pickLanguage, translate } from '../i18n/server.ts';
import type { RetentionRule } from '../retention-framework/framework.ts';
import type { Capability, Services } from '../capability.ts';
import { PERMISSIONS, type Permission } from '../access/policy.ts';
import { createLogger } from '../logging.ts';
import { BACKGROUND_HEADER, CSRF_COOKIE, SESSION_COOKIE, type SessionUser } from '../auth/sessions.ts';
import { SessionCache } from '../auth/session-cache.ts';
import type { TotpKeyring } from '../auth/totp-keys.ts';
import { authorize, routeAccess, type Access } from './access.ts';
import { makeCaller } from './context.ts';
import { postgresRateLimitStore } from './rate-limit-store.ts';
import { securityHeaderOptions, securityHeaders } from './security-headers.ts';
import { AnswerShapeError, answerWriter } from './serializer.ts';
import { claimOf, IDEMPOTENCY_HEADER } from './idempotency.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface JobsStatus {
  state(): 'running' | 'stopped' | 'disabled';
}

export interface AppDeps {
  config: Config;
  /**
   * This instance's session cache. Whoever ends or narrows a user's sessions calls
   * `forgetUser` after the commit, so this instance refuses them at once; the other instances
   * hear it from the database (a trigger NOTIFYs) within milliseconds.
   */
  sessions: {
    forgetUser(userId: string): void;
    /** The session behind a token, from this instance's cache when it holds it (no database read). */
    load(token: string, options?: { background?: boolean }): Promise<SessionUser | null>;
  };
  /** Links new audit entries into the hash chain, as the sealer's own login role (the app may not write seals). */
  sealAudit(): Promise<number>;
  /** Every capability's manifest, for the parts of the core and capabilities that list them (audit labels, retention). */
  capabilities: readonly Capability[];
  retentionRules: readonly RetentionRule[];
  db: Db;
  /** The database's connection URL, for capabilities that need a dedicated connection (LISTEN). */
  databaseUrl: string;
  jobs: JobsStatus;
  sessionSecret: string;
  /** Encrypts and decrypts TOTP secrets at rest (the key is never in the database). */
  totpKeys: TotpKeyring;
  logDestination?: DestinationStream;
  /**
   * The calendar clock: what day it is in Sweden, whether the chat is open, retention cut-offs.
   * Tests set it to fixed instants (absent: the system clock, see `clockOf`). Liveness (sessions,
   * presence, grace periods) keeps the database's time.
   */
  clock?: () => Date;
}

const systemClock = () => new Date();

/** The app's calendar clock: the one it was given, or the system's. */
export function clockOf(deps: Pick<AppDeps, 'clock'>): () => Date {
  return deps.clock ?? systemClock;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
  capability: string;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const CLIENT_ERRORS: Record<number, string> = { 404: 'notFound', 413: 'payloadTooLarge', 415: 'unsupportedMediaType', 429: 'rateLimited' };

/**
 * Builds the HTTP server: security headers, cookies, CSRF, rate limits, validation, the access
 * rule of every route, error translation, OpenAPI, and the web app's files.
 */
export async function buildServer(depsWithoutSessions: Omit<AppDeps, 'sessions'>): Promise<App & { utvagRoutes: RegisteredRoute[] }> {
  const { config } = depsWithoutSessions;
  const app = Fastify({
    loggerInstance: createLogger(config.logLevel, depsWithoutSessions.logDestination) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  const sessions = new SessionCache(depsWithoutSessions.db, depsWithoutSessions.databaseUrl, config.sessionIdleMinutes, app.log);
  const deps: AppDeps = { ...depsWithoutSessions, sessions };
  app.setValidatorCompiler(validatorCompiler);
  // Answers are written from their zod contract, compiled once per route (see serializer.ts).
  app.setSerializerCompiler(({ schema, method, url }) => {
    const contract = contractOf(schema);
    const write = answerWriter(contract);
    return (data) => {
      try {
        return write(data);
      } catch (err) {
        if (!(err instanceof AnswerShapeError)) throw err;
        // zod's own verdict and error, as before; what zod accepts is written as zod writes it.
        const result = z.safeEncode(contract, data as never);
        if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
        return JSON.stringify(result.data);
      }
    };
  });

  const registered: RegisteredRoute[] = [];
  // The capability whose routes are being registered: its name and audit purpose go on each route.
  let registering: Pick<Capability, 'name' | 'auditPurpose'> = { name: 'core' };
  const socketRoutes: Array<{ url: string; access: Access; summary: string; description: string }> = [];
  // Deny by default: a route without a declared rule stops the start.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    route.config!.capability = registering.name;
    route.config!.purpose ??= registering.auditPurpose ?? registering.name;
    if (access === 'public' && route.config && !('rateLimit' in route.config)) {
      (route.config as Record<string, unknown>).rateLimit = { max: config.publicRateLimitPerMinute, timeWindow: '1 minute' };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') registered.push({ method, url: route.url, access, capability: registering.name });
    // @fastify/websocket hides its routes from the OpenAPI document; we add them back ourselves.
    if ((route as { websocket?: boolean }).websocket) {
      const schema = (route.schema ?? {}) as { summary?: string; description?: string };
      socketRoutes.push({ url: route.url, access, summary: schema.summary ?? 'WebSocket', description: schema.description ?? 'WebSocket upgrade' });
    }
  });

  // Helmet's headers, computed once (see securityHeaders) and set on every answer as helmet would.
  const headers = securityHeaders(securityHeaderOptions(config.env === 'production'));
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  await app.register(cookie, { secret: deps.sessionSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', secure: true, path: '/' },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(rateLimit, {
    global: false,
    // Counted in PostgreSQL, shared by every instance (a keyed hash of the address, kept for the
    // window and a minute): several instances behind a balancer do not multiply the budget.
    // A database that cannot count does not turn every public answer into a 500: /api/health must
    // still say 'degraded' to the balancer. Every limited route but health needs the database anyway.
    skipOnError: true,
    store: postgresRateLimitStore(deps.db, deps.sessionSecret, (err) => app.log.warn({ err }, 'rate-limit counters could not be cleaned up')),
    errorResponseBuilder: (request, context) =>
      new AppError(context.statusCode, 'rateLimited', { seconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Utväg API', version: '1.0.0', description: 'The API of Utväg. Every route states the permission it needs (x-access).' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      return { ...out, schema: { ...out.schema, 'x-access': access } as typeof out.schema };
    },
    transformObject: (documents) => {
      const doc = (documents as { openapiObject: { paths?: Record<string, Record<string, unknown>> } }).openapiObject;
      doc.paths ??= {};
      for (const s of socketRoutes) {
        doc.paths[s.url] = {
          ...doc.paths[s.url],
          get: { summary: s.summary, description: s.description, 'x-access': s.access, responses: { 101: { description: 'Switching Protocols' } } },
        };
      }
      return doc as never;
    },
  });

  app.decorate('stoppingServices', new Set<string>());
  registerServices(app, 'sessions', sessions);
  app.decorate('sessionCache', sessions);
  app.decorateRequest('user', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    // API answers carry personal data: no copy in the browser's cache on a shared computer.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    const access = routeAccess(request);
    if (!access) return; // no route: the 404 handler answers
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await sessions.load(token, { background: request.headers[BACKGROUND_HEADER] === '1' }) : null;
    if (token && !request.user && access !== 'public') throw new AppError(401, 'sessionExpired');
    request.actor = authorize(access, request.user);
    if (request.user && request.actor) {
      const permission = isPermission(access) ? access : null;
      const claim = claimOf(request.method, request.url, request.headers[IDEMPOTENCY_HEADER], request.user.id);
      request.caller = makeCaller(deps.db, request.user, request.actor, permission, request.routeOptions.config.purpose ?? 'core', claim);
    }
    if (UNSAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
      // Synchronous: it calls back on success, and on failure sends the error (answered as 403).
      let passed = false;
      app.csrfProtection(request, reply, () => {
        passed = true;
      });
      if (!passed) return reply;
    }
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const lang = pickLanguage(request.headers['accept-language']);
    if (error instanceof AppError) {
      if (error.status === 401) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(error.status).send({ error: error.code, message: translate(lang, error.code, error.params) });
    }
    const fe = error as FastifyError & { validation?: ValidationItem[] };
    if (fe.validation) {
      const issues = fe.validation.map((v) => ({ path: v.instancePath?.replace(/^\//, '').replace(/\//g, '.') || fe.validationContext || '', message: localizedIssue(lang, v) }));
      const details = issues.map((i) => `${i.path}${i.path ? ': ' : ''}${i.message}`).join('; ');
      return reply.status(400).send({ error: 'validation', message: translate(lang, 'validation', { details }), issues });
    }
    if (fe.code?.startsWith('FST_CSRF')) {
      return reply.status(403).send({ error: 'csrf', message: translate(lang, 'csrf') });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own client errors (unreadable JSON, wrong content type, too large): a message
      // the user can act on, not Fastify's internal code.
      const code = CLIENT_ERRORS[fe.statusCode] ?? 'badRequest';
      return reply.status(fe.statusCode).send({ error: code, message: translate(lang, code) });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: translate(lang, 'internal') });
  });
  app.setNotFoundHandler((request, reply) => {
    const lang = pickLanguage(request.headers['accept-language']);
    if (request.url.startsWith('/api/')) return reply.status(404).send({ error: 'notFound', message: translate(lang, 'notFound') });
    return sendWebApp(reply);
  });

  app.route({
    method: 'GET',
    url: '/api/openapi.json',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
  app.route({
    method: 'GET',
    url: '/api/health',
    config: { access: 'public' },
    schema: {
      summary: 'Database and job runner status',
      response: { 200: HealthSchema, 503: HealthSchema },
    },
    handler: async (_request, reply) => {
      const database = await deps.db
        .selectNoFrom((eb) => eb.val(1).as('one'))
        .execute()
        .then(() => 'ok' as const)
        .catch(() => 'unavailable' as const);
      const jobs = deps.jobs.state();
      const ok = database === 'ok' && jobs !== 'stopped';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, jobs });
    },
  });
  app.route({
    method: 'GET',
    url: '/api/auth/csrf',
    config: { access: 'public' },
    schema: { summary: 'A CSRF token to send as x-csrf-token on every change', response: { 200: z.object({ token: z.string() }) } },
    handler: async (_request, reply) => ({ token: reply.generateCsrf() }),
  });

  for (const capability of deps.capabilities) {
    const services = capability.services?.(app, deps);
    if (services) registerServices(app, capability.name, services);
    registering = capability;
    await capability.routes?.(app, deps, services);
    registering = { name: 'core' };
  }

  // The web app: built files when present (npm run build), served under strict CSP.
  const webRoot = path.resolve(import.meta.dirname, '../../../dist/web');
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  await app.register(fastifyStatic, { root: hasWeb ? webRoot : import.meta.dirname, serve: false });
  function sendWebApp(reply: import('fastify').FastifyReply) {
    if (!hasWeb) return reply.status(404).type('text/plain').send('The web app is not built. Run: npm run build');
    return reply.header('cache-control', 'no-store').sendFile('index.html');
  }
  app.route({
    method: 'GET',
    url: '/assets/*',
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
    handler: async (request, reply) => {
      if (!hasWeb) return reply.status(404).send();
      const file = (request.params as { '*': string })['*'];
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(path.join('assets', file));
    },
  });

  return Object.assign(app, { utvagRoutes: registered });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's session cache (tests look at its size). */
    sessionCache: SessionCache;
    /** The services whose stop has begun and not ended (named in the log of a stop that misses its deadline). */
    stoppingServices: Set<string>;
  }
}

/** A route's response schema: a zod schema, or (as the type provider allows) one under `properties`. */
function contractOf(schema: unknown): z.core.$ZodType {
  if (schema instanceof z.core.$ZodType) return schema;
  const inner = (schema as { properties?: unknown } | null)?.properties;
  if (inner instanceof z.core.$ZodType) return inner;
  throw new Error(`a response schema that is not a zod schema: ${JSON.stringify(schema)}`);
}

function isPermission(access: Access): access is Permission {
  return (PERMISSIONS as readonly string[]).includes(access);
}

/** A capability's services start when the server is ready and stop when it closes (before the database). */
function registerServices(app: App, name: string, services: Services): void {
  app.addHook('onReady', async () => {
    await services.start();
  });
  app.addHook('onClose', async () => {
    app.stoppingServices.add(name);
    await services.stop().catch((err: unknown) => app.log.warn({ err, capability: name }, 'services did not stop cleanly'));
    app.stoppingServices.delete(name);
  });
}

interface ValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const zodMessages = { sv: z.locales.sv().localeError, en: z.locales.en().localeError };

/** Zod's own translations of its issue messages, in the caller's language. */
function localizedIssue(lang: 'sv' | 'en', v: ValidationItem): string {
  const issue = { code: v.keyword, ...v.params, message: undefined } as unknown as Parameters<(typeof zodMessages)['sv']>[0];
  const out = zodMessages[lang](issue);
  return (typeof out === 'string' ? out : out?.message) ?? v.message ?? '';
}

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unavailable']),
  jobs: z.enum(['running', 'stopped', 'disabled']),
});
