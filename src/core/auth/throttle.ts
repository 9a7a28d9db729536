import { createHmac } from 'node:crypto';

/**
 * Lock-out after repeated failed sign-ins, with back-off. A pure rule: the store keeps the count.
 * The first FREE_ATTEMPTS failures cost nothing but a growing delay; then each failure locks for
 * twice as long as the one before, from one minute up to an hour.
 *
 * Failures are counted per username and client (the address Fastify sees, behind TRUST_PROXY):
 * someone who knows a username can lock it only for their own address, and the real user signs
 * in from theirs. Both are kept only as keyed hashes, so the table holds neither addresses nor
 * the usernames people typed (which may be another person's, or a password typed in the wrong field).
 */
export const FREE_ATTEMPTS = 5;
const MAX_LOCK_MINUTES = 60;
/** A counter is forgotten this long after its last failure or the end of its lock. */
export const THROTTLE_TTL_MINUTES = 60;

export function lockMinutesAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failures - FREE_ATTEMPTS));
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 3200;

/** How long the answer to a failed attempt waits: nothing for the first, then doubling, capped. */
export function delayMsAfter(failures: number): number {
  if (failures < 2) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - 2));
}

export interface ThrottleKeys {
  /** The typed username, normalised (spellings of one username count together), as a keyed hash. */
  username(username: string): string;
  /** The client's address as a keyed hash. */
  client(ip: string): string;
}

/** Keyed (HMAC) so that a copy of the table cannot be reversed by hashing every address or name. */
export function throttleKeys(secret: string): ThrottleKeys {
  const mac = (kind: string, value: string) => createHmac('sha256', secret).update(`sign-in throttle\0${kind}\0${value}`).digest('base64url').slice(0, 32);
  return {
    username: (username) => mac('username', normaliseUsername(username)),
    client: (ip) => mac('client', ip),
  };
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}
