import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Application logs must never hold personal data. Requests are logged by method, route pattern and
 * status only: no paths, no query strings (searches carry names), no bodies, no cookies. Errors are
 * logged by type, code and where they were thrown, never by their message (a database error's
 * detail quotes values; `JSON.parse` quotes its input; a message may be built from a record).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'], remove: true },
      serializers: {
        // The route pattern, never the path: a path that matches no route is whatever the caller
        // typed, and may hold a personnummer (GET /api/personer/19121212-1212).
        req: (req: { method: string; routeOptions?: { url?: string }; id: string }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url ?? '(no route)',
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
    ...(isDatabaseError ? { constraint: e.constraint, table: e.table } : { at: stackFrames(e.stack) }),
  };
}

/** The stack without its first line, which repeats the message. */
function stackFrames(stack: string | undefined): string[] {
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 10)
    .map((line) => line.trim());
}
