/**
 * Lock-out after repeated failed sign-ins, with back-off. A pure rule: the store keeps the count.
 * The first FREE_ATTEMPTS failures cost nothing; then each failure locks for twice as long as the
 * one before, from one minute up to an hour.
 */
export const FREE_ATTEMPTS = 5;
const MAX_LOCK_MINUTES = 60;

export function lockMinutesAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failures - FREE_ATTEMPTS));
}

/** The key failures are counted under: the typed username, normalised, whether it exists or not. */
export function throttleKey(username: string): string {
  return username.trim().toLowerCase();
}
