import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';

/** The options Utväg gives helmet (the subset of its options it uses). */
export type SecurityHeaderOptions = FastifyHelmetOptions & {
  contentSecurityPolicy: { useDefaults: boolean; directives: Record<string, string[]> };
};

/** Utväg's security headers: a strict CSP (nothing inline, nothing from elsewhere), no referrer, HSTS in production. */
export function securityHeaderOptions(production: boolean): SecurityHeaderOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    hsts: production ? { maxAge: 31536000, includeSubDomains: true } : false,
  };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The helmet that @fastify/helmet uses (its own dependency, not a second copy of it). */
function loadHelmet(): (options: object) => Middleware {
  const fromPlugin = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'));
  return fromPlugin('helmet') as (options: object) => Middleware;
}

/**
 * The security headers of every answer, computed once. @fastify/helmet calls `helmet(options)` on
 * every request, which parses and validates the CSP directives and builds every header again
 * (a visible share of a small read's CPU). Utväg's options hold no per-request parts (no nonces,
 * no directive functions), so the headers helmet sets are the same for every request: helmet's
 * middleware runs once here, its headers are recorded, and each answer gets that list.
 */
export function securityHeaders(options: SecurityHeaderOptions): ReadonlyArray<readonly [string, string]> {
  for (const [name, values] of Object.entries(options.contentSecurityPolicy.directives)) {
    if (values.some((v) => typeof v !== 'string')) throw new Error(`CSP directive ${name} is computed per request: its headers cannot be computed once`);
  }
  const set = new Map<string, string>();
  const res = {
    setHeader(name: string, value: string | number | string[]) {
      set.set(name, String(value));
      return res;
    },
    removeHeader(name: string) {
      set.delete(name);
    },
    getHeader: () => undefined,
  };
  let failed: unknown;
  loadHelmet()(options)({} as IncomingMessage, res as unknown as ServerResponse, (err) => {
    failed = err;
  });
  if (failed) throw failed;
  return [...set];
}
