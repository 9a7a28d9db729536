import { describe, expect, test } from 'vitest';
import { addDays, hhmmOf, stockholmInstant, todayInStockholm, weekdayOf } from './stockholm.ts';

/** 2026: summer time starts Sunday 29 March 02:00 → 03:00, ends Sunday 25 October 03:00 → 02:00. */
describe('Stockholm wall-clock times as instants', () => {
  test.each([
    ['2026-01-15', '09:00', '2026-01-15T08:00:00.000Z'],
    ['2026-06-15', '09:00', '2026-06-15T07:00:00.000Z'],
    ['2026-03-28', '10:00', '2026-03-28T09:00:00.000Z'], // the Saturday before the change: winter time
    ['2026-03-29', '01:30', '2026-03-29T00:30:00.000Z'],
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['2026-03-30', '10:00', '2026-03-30T08:00:00.000Z'], // the Monday after: summer time
    ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'], // happens twice: the first (summer time)
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
    ['2026-10-26', '10:00', '2026-10-26T09:00:00.000Z'],
    ['2026-01-15', '00:00', '2026-01-14T23:00:00.000Z'],
  ])('%s %s in Stockholm is %s', (date, hhmm, iso) => {
    const [h, m] = hhmm.split(':').map(Number);
    expect(stockholmInstant(date, h! * 60 + m!)?.toISOString()).toBe(iso);
  });
  test('02:30 the night summer time starts does not exist', () => {
    expect(stockholmInstant('2026-03-29', 150)).toBeNull();
  });
  test('calendar arithmetic', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-03-29')).toBe(7);
    expect(weekdayOf('2026-03-30')).toBe(1);
    expect(hhmmOf(545)).toBe('09:05');
  });
});

describe('todayInStockholm', () => {
  test('is the Swedish date, not UTC’s: half past midnight in Stockholm is already the next day', () => {
    expect(todayInStockholm(new Date('2026-12-04T23:30:00Z'))).toBe('2026-12-05');
    expect(todayInStockholm(new Date('2026-07-04T21:59:00Z'))).toBe('2026-07-04');
    expect(todayInStockholm(new Date('2026-07-04T22:00:00Z'))).toBe('2026-07-05');
  });
});
