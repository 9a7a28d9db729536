import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Application logs must never hold personal data. Requests are logged by method, route and
 * status only: no query strings (searches carry names), no bodies, no cookies. Database errors
 * are logged by code and constraint, never by their message or detail (which quote values).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'], remove: true },
      serializers: {
        req: (req: { method: string; url: string; routeOptions?: { url?: string }; id: string }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url ?? req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: safeError,
      },
    },
    destination,
  );
}

export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: string; constraint?: string; table?: string; statusCode?: number };
  const isDatabaseError = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e;
  return {
    type: e.name,
    code: e.code,
    statusCode: e.statusCode,
    ...(isDatabaseError ? { constraint: e.constraint, table: e.table } : { message: e.message, stack: e.stack }),
  };
}
