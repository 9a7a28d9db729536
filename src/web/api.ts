/**
 * The one way the web app talks to the API: JSON, the session cookie, the CSRF token on every
 * change, the user's language, and errors as ApiError with the server's translated message.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
    /** The whole answer, for errors that carry more than a message (e.g. the warnings of an exit-plan change). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
/** When the user last made a request that keeps the session alive (not a background poll). */
let lastActivity = Date.now();
export const lastActivityAt = (): number => lastActivity;
let onUnauthenticated: ((code: string) => void) | undefined;

/** Called when the server no longer knows the session (idle timeout, signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (code: string) => void): void {
  onUnauthenticated = handler;
}

async function csrf(): Promise<string> {
  if (!csrfToken) {
    const res = await fetch('/api/auth/csrf', { credentials: 'same-origin' });
    csrfToken = ((await res.json()) as { token: string }).token;
  }
  return csrfToken;
}

export function resetCsrf(): void {
  csrfToken = undefined;
}

/**
 * The Idempotency-Key of the action now starting (set by the kit's useAction around the synchronous
 * start of an action): the POST it sends carries it, so a repeated send of the same action is
 * answered with the first result instead of a second record.
 */
let actionKey: string | undefined;
export function withActionKey<T>(key: string, start: () => T): T {
  actionKey = key;
  try {
    return start();
  } finally {
    actionKey = undefined;
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, options: { background?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': document.documentElement.lang || 'sv' };
  // A request no person asked for (polling) does not count as activity: the session still times out.
  if (options.background) headers['x-utvag-background'] = '1';
  else lastActivity = Date.now();
  if (method === 'POST' && actionKey) headers['idempotency-key'] = actionKey;
  if (method !== 'GET') headers['x-csrf-token'] = await csrf();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; issues?: ApiError['issues'] };
  if (!res.ok) {
    if (res.status === 401 && !url.startsWith('/api/auth/')) onUnauthenticated?.(data.error ?? 'unauthenticated');
    if (data.error === 'csrf') resetCsrf();
    throw new ApiError(res.status, data.error ?? 'error', data.message ?? res.statusText, data.issues ?? [], data);
  }
  return data as T;
}

export const get = <T,>(url: string) => api<T>('GET', url);
/** A GET made on a timer, without a person acting: it does not keep the session alive. */
export const poll = <T,>(url: string) => api<T>('GET', url, undefined, { background: true });
export const post = <T,>(url: string, body: unknown = {}) => api<T>('POST', url, body);
export const put = <T,>(url: string, body: unknown = {}) => api<T>('PUT', url, body);
export const patch = <T,>(url: string, body: unknown = {}) => api<T>('PATCH', url, body);
