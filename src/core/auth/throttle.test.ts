import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { delayMsAfter, FREE_ATTEMPTS, lockMinutesAfter, throttleKeys } from './throttle.ts';

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

describe('progressive delay', () => {
  test('none for the first failure, then doubling from 100 ms, capped at 3.2 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(delayMsAfter)).toEqual([0, 0, 100, 200, 400, 800, 1600, 3200, 3200]);
  });
  test('never decreases', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (a, b) => delayMsAfter(Math.min(a, b)) <= delayMsAfter(Math.max(a, b))));
  });
});

describe('throttle keys', () => {
  const keys = throttleKeys('test-secret-test-secret-test-secret-123');
  test('count spellings of one username together', () => {
    expect(keys.username('  Handlaggare ')).toBe(keys.username('handlaggare'));
    expect(keys.username('HANDLAGGARE')).toBe(keys.username('handlaggare'));
    expect(keys.username('handlaggare')).not.toBe(keys.username('handlaggare2'));
  });
  test('hold neither the username nor the address, and depend on the secret', () => {
    expect(keys.username('handlaggare')).not.toContain('handlaggare');
    expect(keys.client('203.0.113.7')).not.toContain('203.0.113');
    expect(keys.client('203.0.113.7')).not.toBe(keys.client('203.0.113.8'));
    expect(throttleKeys('another-secret-another-secret-12345').client('203.0.113.7')).not.toBe(keys.client('203.0.113.7'));
  });
});
