import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { describe, expect, test } from 'vitest';
import { securityHeaderOptions, securityHeaders } from './security-headers.ts';

/** What @fastify/helmet sets on an answer with the given options (the headers Fastify itself adds left out). */
async function helmetHeaders(production: boolean): Promise<Record<string, string>> {
  const app = Fastify();
  await app.register(helmet, securityHeaderOptions(production));
  app.get('/x', async () => ({ ok: true }));
  const res = await app.inject({ method: 'GET', url: '/x' });
  await app.close();
  const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries(Object.entries(res.headers).filter(([k]) => !own.has(k)).map(([k, v]) => [k, String(v)]));
}

describe('security headers computed once', () => {
  test.each([false, true])('are the headers @fastify/helmet sets on every answer (production: %s)', async (production) => {
    const once = Object.fromEntries(securityHeaders(securityHeaderOptions(production)).map(([k, v]) => [k.toLowerCase(), v]));
    const expected = await helmetHeaders(production);
    expect(Object.keys(expected).length).toBeGreaterThan(5);
    expect(once).toEqual(expected);
    expect('strict-transport-security' in once).toBe(production);
  });

  test('a per-request option (a directive function) is refused rather than frozen', () => {
    const options = securityHeaderOptions(false);
    const directives = { ...options.contentSecurityPolicy.directives, scriptSrc: ["'self'", (() => "'nonce-x'") as unknown as string] };
    const withFunction = { ...options, contentSecurityPolicy: { useDefaults: false, directives } };
    expect(() => securityHeaders(withFunction as typeof options)).toThrow(/per request/);
  });
});
