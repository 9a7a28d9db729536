import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeNotice, encodeNotice, type Notice } from './store.ts';
import { expectedWaitMinutes, formatCode, isOpen, normaliseCode, queueFor, RateLimiter, swedishDate, TARGET_GROUPS, transferAllowed } from './rules.ts';

describe('queues', () => {
  test('buyers go to the KAST queue; nobody else does', () => {
    for (const g of TARGET_GROUPS) expect(queueFor(g) === 'kast').toBe(g === 'buying');
  });
  test('a transfer never crosses between KAST and the other queues', () => {
    expect(transferAllowed('selling', 'young')).toBe(true);
    expect(transferAllowed('kast', 'kast')).toBe(true);
    expect(transferAllowed('selling', 'kast')).toBe(false);
    expect(transferAllowed('kast', 'relative')).toBe(false);
  });
});

describe('opening hours in Swedish time', () => {
  const weekdays = [{ weekday: 1, opens: '09:00', closes: '21:00' }];
  test('open on a Monday at 10:00 Stockholm time (08:00 UTC in summer)', () => {
    expect(isOpen(weekdays, new Date('2026-06-01T08:00:00Z'))).toBe(true);
    expect(isOpen(weekdays, new Date('2026-06-01T06:59:00Z'))).toBe(false);
  });
  test('closing time is exclusive; 24:00 means until midnight', () => {
    expect(isOpen(weekdays, new Date('2026-06-01T19:00:00Z'))).toBe(false);
    expect(isOpen([{ weekday: 7, opens: '00:00', closes: '24:00' }], new Date('2026-01-04T22:59:00Z'))).toBe(true);
  });
  test('no hours, never open', () => {
    expect(isOpen([], new Date())).toBe(false);
  });
  test('statistics dates are Swedish dates', () => {
    expect(swedishDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('expected wait', () => {
  test('unknown without counsellors, at least a minute when queued', () => {
    expect(expectedWaitMinutes(3, 0)).toBeNull();
    expect(expectedWaitMinutes(1, 50)).toBe(1);
    expect(expectedWaitMinutes(6, 2)).toBeGreaterThan(expectedWaitMinutes(2, 2)!);
  });
});

describe('rate limiter', () => {
  test('a burst, then the refill rate', () => {
    const r = new RateLimiter(3, 1, 0);
    expect([r.take(0), r.take(0), r.take(0), r.take(0)]).toEqual([true, true, true, false]);
    expect(r.take(999)).toBe(false);
    expect(r.take(1001)).toBe(true);
  });
});

describe('offline codes', () => {
  test('whatever way a code is typed, it reads back as the code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.constantFrom('', ' ', '-'), fc.boolean(), (bytes, sep, lower) => {
        const code = formatCode(bytes);
        expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){2}$/);
        let typed = code.replace(/-/g, sep);
        if (lower) typed = typed.toLowerCase();
        expect(normaliseCode(` ${typed} `)).toBe(code);
      }),
    );
  });
});

describe('notices', () => {
  test('encode and decode are inverse; junk decodes to nothing', () => {
    const notices: Notice[] = [{ kind: 'q' }, { kind: 's', sessionId: 'a' }, { kind: 'm', sessionId: 'b', messageId: 12 }, { kind: 't', sessionId: 'c', side: 'v' }];
    for (const n of notices) expect(decodeNotice(encodeNotice(n))).toEqual(n);
    fc.assert(fc.property(fc.string(), (s) => {
      const n = decodeNotice(s);
      if (n) expect(['q', 's', 'm', 't']).toContain(n.kind);
    }));
  });
});
