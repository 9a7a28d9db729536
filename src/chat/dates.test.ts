import { describe, expect, test } from 'vitest';
import { isOpen, localTime, swedishDate } from './rules.ts';

/**
 * The chat's calendar is Stockholm's (issue 17): the date an outcome counts on and whether the chat
 * is open are Swedish, at every hour of the night and across both daylight-saving changes.
 * 2026: summer time starts Sunday 29 March at 01:00 UTC (02:00 → 03:00), ends Sunday 25 October
 * at 01:00 UTC (03:00 → 02:00).
 */
const at = (iso: string) => new Date(iso);

describe('the Swedish date and time of an instant', () => {
  test.each([
    // instant (UTC)            Swedish date   ISO weekday  local time
    ['2026-01-15T22:30:00Z', '2026-01-15', 4, '23:30'], // 23:30 in winter: still Thursday, though 22:30 UTC
    ['2026-01-15T23:05:00Z', '2026-01-16', 5, '00:05'], // just after midnight: Friday, while UTC is still Thursday
    ['2026-06-15T21:30:00Z', '2026-06-15', 1, '23:30'], // 23:30 in summer (UTC+2)
    ['2026-06-15T22:05:00Z', '2026-06-16', 2, '00:05'], // just after midnight in summer
    ['2026-03-28T23:30:00Z', '2026-03-29', 7, '00:30'], // the night summer time starts, before the change
    ['2026-03-29T00:59:00Z', '2026-03-29', 7, '01:59'], // the last minute of winter time
    ['2026-03-29T01:00:00Z', '2026-03-29', 7, '03:00'], // 02:00 never happens
    ['2026-03-29T21:59:00Z', '2026-03-29', 7, '23:59'], // the short day's last minute
    ['2026-03-29T22:00:00Z', '2026-03-30', 1, '00:00'],
    ['2026-10-24T21:30:00Z', '2026-10-24', 6, '23:30'], // the night summer time ends
    ['2026-10-24T22:30:00Z', '2026-10-25', 7, '00:30'],
    ['2026-10-25T00:30:00Z', '2026-10-25', 7, '02:30'], // 02:30 summer time …
    ['2026-10-25T01:30:00Z', '2026-10-25', 7, '02:30'], // … and 02:30 again, winter time
    ['2026-10-25T22:59:00Z', '2026-10-25', 7, '23:59'], // the long day's last minute
    ['2026-10-25T23:00:00Z', '2026-10-26', 1, '00:00'],
  ])('%s is %s, weekday %i, %s in Stockholm', (instant, date, weekday, hhmm) => {
    expect(swedishDate(at(instant))).toBe(date);
    const [h, m] = hhmm.split(':').map(Number);
    expect(localTime(at(instant))).toEqual({ weekday, minute: h! * 60 + m! });
  });
});

describe('opening hours at night and across the changes', () => {
  const evenings = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '18:00', closes: '24:00' }));
  test('open at 23:30 Stockholm time, closed at 00:05, whatever the UTC date', () => {
    expect(isOpen(evenings, at('2026-01-15T22:30:00Z'))).toBe(true);
    expect(isOpen(evenings, at('2026-01-15T23:05:00Z'))).toBe(false);
    expect(isOpen(evenings, at('2026-06-15T21:30:00Z'))).toBe(true);
    expect(isOpen(evenings, at('2026-06-15T22:05:00Z'))).toBe(false);
    // 22:30 UTC is 00:30 in summer: closed, though 22:30 would be "open" in UTC.
    expect(isOpen(evenings, at('2026-06-15T22:30:00Z'))).toBe(false);
  });
  test('the night summer time starts: open until 02:00 means until the change', () => {
    const sundayNight = [{ weekday: 7, opens: '00:00', closes: '02:00' }];
    expect(isOpen(sundayNight, at('2026-03-29T00:59:00Z'))).toBe(true);
    expect(isOpen(sundayNight, at('2026-03-29T01:00:00Z'))).toBe(false);
  });
  test('the night summer time ends: 02:00–03:00 is open in both of its hours', () => {
    const twoToThree = [{ weekday: 7, opens: '02:00', closes: '03:00' }];
    expect(isOpen(twoToThree, at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isOpen(twoToThree, at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(isOpen(twoToThree, at('2026-10-25T02:00:00Z'))).toBe(false);
  });
});
