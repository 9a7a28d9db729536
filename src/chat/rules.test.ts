import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeNotice, encodeNotice, type Notice } from './store.ts';
import {
  cannedText,
  consentWithdrawalProblem,
  escalationTargetKinds,
  escalationTargetProblem,
  EVERY_QUEUE,
  expectedWaitMinutes,
  formatCode,
  isEscalationExpired,
  isOpen,
  isQueueOpen,
  normaliseCode,
  queueFor,
  RateLimiter,
  swedishDate,
  TARGET_GROUPS,
  transferAllowed,
  WHERE_TO_TURN,
  type HoursException,
  type QueueHours,
} from './rules.ts';

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

describe('opening hours per queue with holiday exceptions', () => {
  const hours: QueueHours[] = [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ queue: EVERY_QUEUE, weekday, opens: '09:00', closes: '21:00' })),
    { queue: 'young', weekday: 5, opens: '15:00', closes: '24:00' },
  ];
  const midsummerEve: HoursException = { date: '2026-06-19', queue: EVERY_QUEUE, opens: null, closes: null };
  const christmasYoung: HoursException = { date: '2026-12-24', queue: 'young', opens: '10:00', closes: '14:00' };
  const christmasAll: HoursException = { date: '2026-12-24', queue: EVERY_QUEUE, opens: null, closes: null };

  test('a queue with hours of its own follows them; the others follow the hours of every queue', () => {
    // Friday 2026-03-06, 10:00 in Stockholm (winter time, UTC+1) = 09:00 UTC.
    const fridayMorning = new Date('2026-03-06T09:00:00Z');
    expect(isQueueOpen('selling', hours, [], fridayMorning)).toBe(true);
    expect(isQueueOpen('young', hours, [], fridayMorning)).toBe(false);
    // Friday 23:30 Stockholm = 22:30 UTC: only the young people's queue.
    const fridayNight = new Date('2026-03-06T22:30:00Z');
    expect(isQueueOpen('young', hours, [], fridayNight)).toBe(true);
    expect(isQueueOpen('selling', hours, [], fridayNight)).toBe(false);
  });
  test('Stockholm time across summer time: 08:30 UTC is 09:30 in winter and 10:30 in summer; 20:30 UTC is open in winter, closed in summer', () => {
    // The last Sunday of March 2026 is the 29th: Monday 23 March is winter time, Monday 30 March summer time.
    expect(isQueueOpen('selling', hours, [], new Date('2026-03-23T07:30:00Z'))).toBe(false); // 08:30 CET
    expect(isQueueOpen('selling', hours, [], new Date('2026-03-30T07:30:00Z'))).toBe(true); // 09:30 CEST
    expect(isQueueOpen('selling', hours, [], new Date('2026-03-23T19:30:00Z'))).toBe(true); // 20:30 CET
    expect(isQueueOpen('selling', hours, [], new Date('2026-03-30T19:30:00Z'))).toBe(false); // 21:30 CEST
    // 23:30 UTC on Thursday 25 June 2026 is already Friday in Stockholm.
    expect(swedishDate(new Date('2026-06-25T23:30:00Z'))).toBe('2026-06-26');
  });
  test('an exception closes the day or changes its hours; a queue’s own exception wins over every queue’s', () => {
    const midsummerNoon = new Date('2026-06-19T10:00:00Z'); // Friday 12:00 CEST
    expect(isQueueOpen('selling', hours, [], midsummerNoon)).toBe(true);
    expect(isQueueOpen('selling', hours, [midsummerEve], midsummerNoon)).toBe(false);
    // The exception is by the Swedish date: 23:30 UTC on the 18th is 01:30 on the 19th in Stockholm.
    expect(isQueueOpen('young', [{ queue: 'young', weekday: 4, opens: '00:00', closes: '24:00' }, { queue: 'young', weekday: 5, opens: '00:00', closes: '24:00' }], [midsummerEve], new Date('2026-06-18T23:30:00Z'))).toBe(false);
    const christmasEveNoon = new Date('2026-12-24T11:00:00Z'); // Thursday 12:00 CET
    expect(isQueueOpen('young', hours, [christmasAll, christmasYoung], christmasEveNoon)).toBe(true);
    expect(isQueueOpen('selling', hours, [christmasAll, christmasYoung], christmasEveNoon)).toBe(false);
    expect(isQueueOpen('young', hours, [christmasAll, christmasYoung], new Date('2026-12-24T14:00:00Z'))).toBe(false); // 15:00
  });
  test('outside hours every group is told to call 112 first, young people BRIS, buyers PrevenTell', () => {
    for (const g of TARGET_GROUPS) expect(WHERE_TO_TURN[g][0]).toBe('emergency');
    expect(WHERE_TO_TURN.young).toContain('bris');
    expect(WHERE_TO_TURN.buying).toContain('preventell');
    expect(WHERE_TO_TURN.buying).not.toContain('kvinnofridslinjen');
  });
});

describe('escalation', () => {
  test('the target unit fits the visitor’s age group and role', () => {
    expect(escalationTargetProblem({ targetGroup: 'selling', ageBand: '15_17' }, 'adult')).toBe('unitDoesNotFitVisitor');
    expect(escalationTargetProblem({ targetGroup: 'selling', ageBand: '15_17' }, 'children')).toBeNull();
    expect(escalationTargetProblem({ targetGroup: 'buying', ageBand: '15_17' }, 'kast')).toBe('unitDoesNotFitVisitor');
    expect(escalationTargetProblem({ targetGroup: 'buying', ageBand: '26_plus' }, 'kast')).toBeNull();
    expect(escalationTargetProblem({ targetGroup: 'buying', ageBand: '26_plus' }, 'adult')).toBe('unitDoesNotFitVisitor');
    expect(escalationTargetProblem({ targetGroup: 'selling', ageBand: '18_21' }, 'kast')).toBe('unitDoesNotFitVisitor');
    expect(escalationTargetProblem({ targetGroup: 'selling', ageBand: '18_21' }, 'adult')).toBeNull();
    expect(escalationTargetProblem({ targetGroup: 'young', ageBand: 'unknown' }, 'adult')).toBe('unitDoesNotFitVisitor');
    expect(escalationTargetKinds({ targetGroup: 'selling', ageBand: 'unknown' })).toEqual(['adult', 'children']);
  });
  test('an escalation nobody took expires after N days; one taken into a case never does', () => {
    const now = new Date('2026-05-20T12:00:00Z');
    expect(isEscalationExpired({ status: 'awaiting_intake', createdAt: new Date('2026-05-06T11:59:00Z') }, now)).toBe(true);
    expect(isEscalationExpired({ status: 'awaiting_intake', createdAt: new Date('2026-05-06T12:01:00Z') }, now)).toBe(false);
    expect(isEscalationExpired({ status: 'awaiting_intake', createdAt: new Date('2026-05-18T12:00:00Z') }, now, 1)).toBe(true);
    expect(isEscalationExpired({ status: 'taken_into_case', createdAt: new Date('2026-01-01T00:00:00Z') }, now)).toBe(false);
  });
  test('consent can be withdrawn until the escalation is taken into a case', () => {
    expect(consentWithdrawalProblem(undefined)).toBeNull();
    expect(consentWithdrawalProblem({ status: 'awaiting_intake' })).toBeNull();
    expect(consentWithdrawalProblem({ status: 'taken_into_case' })).toBe('escalationAlreadyTaken');
  });
});

describe('a canned answer pointing at a directory entry', () => {
  const entry = { name: 'Stödlinjen (fiktiv)', phone: '020-10 10 10', email: null, web: 'https://stodlinjen.example.se', address: null, openingHours: 'Alla dagar 10–22.' };
  test('inserting it adds the entry’s name and how to reach it, in the answer’s language', () => {
    expect(cannedText('Ring gärna.', entry, 'sv')).toBe('Ring gärna.\n\nStödlinjen (fiktiv): telefon 020-10 10 10, webb https://stodlinjen.example.se. Öppet: Alla dagar 10–22.');
    expect(cannedText('Please call.', { ...entry, email: 'hej@example.se', openingHours: '' }, 'en')).toBe('Please call.\n\nStödlinjen (fiktiv): phone 020-10 10 10, email hej@example.se, web https://stodlinjen.example.se.');
  });
  test('without an entry (or one with no way to reach it) the body stays as written', () => {
    expect(cannedText('Hej!', null, 'sv')).toBe('Hej!');
    expect(cannedText('Hej!', { name: 'X', phone: null, email: null, web: null, address: null, openingHours: '' }, 'sv')).toBe('Hej!\n\nX.');
  });
});
