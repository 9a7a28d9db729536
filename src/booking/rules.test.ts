import { describe, expect, test } from 'vitest';
import { freeSlots, matchSlot, separationProblem, slotBusy, slotsOn, weekContradictsBookings, weekProblems, type Slot, type Taken, type WeekRow } from './rules.ts';

const row = (weekday: number, targetGroup: 'victims' | 'buyers', extra: Partial<WeekRow> = {}): WeekRow => ({
  weekday,
  targetGroup,
  opens: '09:00',
  closes: '12:00',
  slotMinutes: 60,
  roomId: 'room-1',
  staffUserId: 'staff-1',
  ...extra,
});
// Victims Monday and Wednesday, buyers Tuesday and Thursday.
const week = [row(1, 'victims'), row(3, 'victims'), row(2, 'buyers'), row(4, 'buyers')];

describe('victims and buyers are never booked on the same day', () => {
  test('a group may be booked only on its own days', () => {
    expect(separationProblem({ dayGroup: 'victims', groupsBookedThatDay: [] }, 'buyers')).toBe('wrongGroupDay');
    expect(separationProblem({ dayGroup: 'victims', groupsBookedThatDay: ['victims'] }, 'victims')).toBeNull();
    expect(separationProblem({ dayGroup: 'buyers', groupsBookedThatDay: [] }, 'victims')).toBe('wrongGroupDay');
  });
  test('a day without published hours takes one group only: whoever was booked first', () => {
    expect(separationProblem({ dayGroup: null, groupsBookedThatDay: [] }, 'buyers')).toBeNull();
    expect(separationProblem({ dayGroup: null, groupsBookedThatDay: ['victims'] }, 'buyers')).toBe('otherGroupBookedThatDay');
    expect(separationProblem({ dayGroup: null, groupsBookedThatDay: ['buyers', 'buyers'] }, 'buyers')).toBeNull();
  });
  test('a week may not mix the groups on one day; a mini-KAST week is for buyers only', () => {
    expect(weekProblems(week, 'regular')).toEqual([]);
    expect(weekProblems([row(1, 'victims'), row(1, 'buyers', { roomId: 'room-2' })], 'regular')).toContain('mixedGroupsOnADay');
    expect(weekProblems([row(1, 'victims')], 'mini_kast')).toContain('miniKastIsForBuyers');
    expect(weekProblems([row(1, 'victims', { opens: '12:00', closes: '09:00' })], 'regular')).toContain('badHours');
    expect(weekProblems([row(1, 'victims'), row(1, 'victims', { opens: '11:00', closes: '13:00' })], 'regular')).toContain('roomTwiceAtOnce');
  });
});

describe('slots in Swedish time', () => {
  test('a morning cut into hour slots, in winter UTC+1', () => {
    expect(slotsOn(week, '2026-01-12').map((s) => s.startsAt.toISOString())).toEqual(['2026-01-12T08:00:00.000Z', '2026-01-12T09:00:00.000Z', '2026-01-12T10:00:00.000Z']);
  });
  test('the week summer time starts: Friday 09:00 is 08:00 UTC, Monday 09:00 is 07:00 UTC', () => {
    const fri = [row(5, 'victims', { closes: '10:00' }), row(1, 'victims', { closes: '10:00' })];
    expect(slotsOn(fri, '2026-03-27')[0]!.startsAt.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(slotsOn(fri, '2026-03-30')[0]!.startsAt.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
  test('a night reception the night summer time starts loses the hour that does not exist', () => {
    const night = [row(7, 'buyers', { opens: '01:00', closes: '04:00' })];
    expect(slotsOn(night, '2026-03-29').map((s) => s.startsAt.toISOString())).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });
  test('the night summer time ends, a slot 01:00–03:00 lasts three hours of real time', () => {
    const s = slotsOn([row(7, 'buyers', { opens: '01:00', closes: '03:00', slotMinutes: 120 })], '2026-10-25')[0]!;
    expect((s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000).toBe(3);
  });
});

const takenAt = (s: Slot, extra: Partial<Taken> = {}): Taken => ({ roomId: s.roomId, staffUserId: s.staffUserId, startsMs: s.startsAt.getTime(), endsMs: s.endsAt.getTime(), localDate: s.localDate, targetGroup: s.targetGroup, ...extra });

describe('free slots', () => {
  const now = new Date('2026-01-11T12:00:00Z'); // a Sunday
  test('a buyer sees only buyer days', () => {
    const slots = freeSlots(week, 'buyers', { from: '2026-01-12', days: 7, now, taken: [] });
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2026-01-13', '2026-01-15']));
  });
  test('a taken room is not offered; the past is not offered', () => {
    const first = slotsOn(week, '2026-01-12')[0]!;
    const slots = freeSlots(week, 'victims', { from: '2026-01-12', days: 1, now, taken: [takenAt(first)] });
    expect(slots).toHaveLength(2);
    expect(freeSlots(week, 'victims', { from: '2026-01-12', days: 1, now: new Date('2026-01-12T09:30:00Z'), taken: [] })).toHaveLength(1);
  });
  test('a slot is busy when its room or its staff member is taken at any moment of it, not when they are free', () => {
    const [nine, ten] = slotsOn(week, '2026-01-12');
    const half = 30 * 60_000;
    expect(slotBusy(nine!, [takenAt(nine!, { staffUserId: null })])).toBe(true);
    expect(slotBusy(nine!, [takenAt(nine!, { roomId: 'room-2' })])).toBe(true);
    expect(slotBusy(nine!, [takenAt(nine!, { roomId: 'room-2', staffUserId: 'staff-2' })])).toBe(false);
    expect(slotBusy(nine!, [takenAt(ten!, { startsMs: ten!.startsAt.getTime() - half, staffUserId: null })])).toBe(true);
    expect(slotBusy(nine!, [takenAt(ten!, { staffUserId: null })])).toBe(false);
  });
  test('a day the other group is already booked offers nothing, even on a day without published hours', () => {
    const first = slotsOn(week, '2026-01-12')[0]!;
    expect(freeSlots(week, 'victims', { from: '2026-01-12', days: 1, now, taken: [takenAt(first, { roomId: 'room-9', staffUserId: null, targetGroup: 'buyers' })] })).toEqual([]);
  });
  test('a mini-KAST period bounds the dates', () => {
    const slots = freeSlots(week, 'buyers', { from: '2026-01-12', days: 14, now, taken: [], validFrom: '2026-01-14', validTo: '2026-01-20' });
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2026-01-15', '2026-01-20']));
  });
});

describe('a requested time', () => {
  const monday = '2026-01-12';
  test('the public path takes only a published slot', () => {
    expect(matchSlot(week, { date: monday, startsAt: new Date('2026-01-12T08:00:00Z'), override: false })).toHaveProperty('slots');
    expect(matchSlot(week, { date: monday, startsAt: new Date('2026-01-12T08:30:00Z'), override: false })).toEqual({ problem: 'outsideOpeningHours' });
    expect(matchSlot(week, { date: monday, startsAt: new Date('2026-01-12T12:00:00Z'), override: false })).toEqual({ problem: 'outsideOpeningHours' });
  });
  test('a staff override may choose the time within the opening hours, never outside', () => {
    expect(matchSlot(week, { date: monday, startsAt: new Date('2026-01-12T08:30:00Z'), endsAt: new Date('2026-01-12T09:15:00Z'), override: true })).toHaveProperty('slots');
    expect(matchSlot(week, { date: monday, startsAt: new Date('2026-01-12T10:30:00Z'), endsAt: new Date('2026-01-12T11:30:00Z'), override: true })).toEqual({ problem: 'outsideOpeningHours' });
    expect(matchSlot(week, { date: '2026-01-17', startsAt: new Date('2026-01-17T09:00:00Z'), override: true })).toEqual({ problem: 'outsideOpeningHours' });
  });
});

describe('a new week and the bookings already made', () => {
  // 2026-03-30 is a Monday, 2026-03-31 a Tuesday.
  const booked = [
    { localDate: '2026-03-30', targetGroup: 'victims' as const },
    { localDate: '2026-03-30', targetGroup: 'victims' as const },
    { localDate: '2026-03-31', targetGroup: 'buyers' as const },
  ];
  test('a week that keeps each booked day’s group may be published', () => {
    expect(weekContradictsBookings([row(1, 'victims'), row(2, 'buyers'), row(3, 'victims')], booked)).toEqual([]);
  });
  test('a booked day that would serve the other group, or close, is named once', () => {
    expect(weekContradictsBookings([row(1, 'buyers'), row(2, 'buyers')], booked)).toEqual(['2026-03-30']);
    expect(weekContradictsBookings([row(3, 'victims')], booked)).toEqual(['2026-03-30', '2026-03-31']);
    expect(weekContradictsBookings([], [])).toEqual([]);
  });
});
