import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { FREE_ATTEMPTS, lockMinutesAfter, throttleKey } from './throttle.ts';

describe('lock-out with back-off', () => {
  test('the first failures cost nothing', () => {
    for (let n = 0; n < FREE_ATTEMPTS; n++) expect(lockMinutesAfter(n), `${n} failures`).toBe(0);
  });

  test('then each failure doubles the lock, from one minute', () => {
    expect(lockMinutesAfter(FREE_ATTEMPTS)).toBe(1);
    expect(lockMinutesAfter(FREE_ATTEMPTS + 1)).toBe(2);
    expect(lockMinutesAfter(FREE_ATTEMPTS + 2)).toBe(4);
    expect(lockMinutesAfter(FREE_ATTEMPTS + 5)).toBe(32);
  });

  test('capped at an hour', () => {
    expect(lockMinutesAfter(FREE_ATTEMPTS + 6)).toBe(60);
    expect(lockMinutesAfter(10_000)).toBe(60);
  });

  test('never decreases as failures grow', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return lockMinutesAfter(lo) <= lockMinutesAfter(hi) && lockMinutesAfter(hi) <= 60;
      }),
    );
  });
});

describe('throttle key', () => {
  test('counts spellings of one username together', () => {
    expect(throttleKey('  Handlaggare ')).toBe('handlaggare');
    expect(throttleKey('HANDLAGGARE')).toBe(throttleKey('handlaggare'));
  });
});
