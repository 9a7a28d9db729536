/**
 * The rules of reception booking, without I/O. The one that matters most: victims and buyers are
 * never booked on the same day at the same reception (seed 000: the specialised reception sees
 * them on different days so that a victim never risks meeting a buyer, and says so openly).
 */
import { addDays, minutesOf, stockholmInstant, weekdayOf } from '../core/time/stockholm.ts';

export const BOOKING_GROUPS = ['victims', 'buyers'] as const;
export type BookingGroup = (typeof BOOKING_GROUPS)[number];

export const RECEPTION_KINDS = ['regular', 'mini_kast'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];

/** One row of a reception's week: on this weekday, this group, in this room, with these hours and slots. */
export interface WeekRow {
  weekday: number;
  targetGroup: BookingGroup;
  opens: string;
  closes: string;
  slotMinutes: number;
  roomId: string;
  staffUserId: string | null;
}

export interface Slot {
  localDate: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string;
  staffUserId: string | null;
  targetGroup: BookingGroup;
}

export type SeparationProblem = 'wrongGroupDay' | 'otherGroupBookedThatDay';

/**
 * Whether a person of `group` may be booked on a day of a reception: the day's group in the
 * published week (null: the week has no hours that day) and the groups already booked that day.
 * Every booking path asks this — public, staff and staff overrides alike; an override changes the
 * time and room a booking may have, never this.
 */
export function separationProblem(day: { dayGroup: BookingGroup | null; groupsBookedThatDay: readonly BookingGroup[] }, group: BookingGroup): SeparationProblem | null {
  if (day.dayGroup !== null && day.dayGroup !== group) return 'wrongGroupDay';
  if (day.groupsBookedThatDay.some((g) => g !== group)) return 'otherGroupBookedThatDay';
  return null;
}

/** The group a date belongs to in the week (all rows of a weekday serve one group), or null. */
export function dayGroup(week: readonly WeekRow[], date: string): BookingGroup | null {
  return week.find((r) => r.weekday === weekdayOf(date))?.targetGroup ?? null;
}

/** What is wrong with a week as a reception wants to publish it (error codes). */
export function weekProblems(week: readonly WeekRow[], kind: ReceptionKind): string[] {
  const problems = new Set<string>();
  for (const r of week) {
    if (!Number.isInteger(r.weekday) || r.weekday < 1 || r.weekday > 7) problems.add('badWeekday');
    const opens = minutesOf(r.opens);
    const closes = minutesOf(r.closes);
    if (!(opens < closes) || closes > 1440) problems.add('badHours');
    if (r.slotMinutes < 15 || r.slotMinutes > closes - opens) problems.add('badSlotLength');
    if (week.some((o) => o.weekday === r.weekday && o.targetGroup !== r.targetGroup)) problems.add('mixedGroupsOnADay');
    if (week.some((o) => o !== r && o.weekday === r.weekday && o.roomId === r.roomId && minutesOf(o.opens) < closes && opens < minutesOf(o.closes))) problems.add('roomTwiceAtOnce');
    if (kind === 'mini_kast' && r.targetGroup !== 'buyers') problems.add('miniKastIsForBuyers');
  }
  return [...problems];
}

/**
 * A new week must not contradict the bookings already made: a booked day whose weekday would serve
 * the other group (or no group at all) would put a booked person on the wrong day. The dates of
 * such bookings, each once, in order; an empty list means the week may be published.
 */
export function weekContradictsBookings(week: readonly WeekRow[], booked: ReadonlyArray<{ localDate: string; targetGroup: BookingGroup }>): string[] {
  const dates = new Set<string>();
  for (const b of booked) if (dayGroup(week, b.localDate) !== b.targetGroup) dates.add(b.localDate);
  return [...dates].sort();
}

/**
 * The slots of one date: each week row's hours cut into slots of its length, as instants in
 * Swedish time (a slot whose time does not exist the night summer time starts is left out).
 */
export function slotsOn(week: readonly WeekRow[], date: string): Slot[] {
  const weekday = weekdayOf(date);
  const slots: Slot[] = [];
  for (const r of week) {
    if (r.weekday !== weekday) continue;
    const closes = minutesOf(r.closes);
    for (let m = minutesOf(r.opens); m + r.slotMinutes <= closes; m += r.slotMinutes) {
      const startsAt = stockholmInstant(date, m);
      const endsAt = stockholmInstant(date, m + r.slotMinutes) ?? (startsAt && new Date(startsAt.getTime() + r.slotMinutes * 60_000));
      if (startsAt && endsAt) slots.push({ localDate: date, startsAt, endsAt, roomId: r.roomId, staffUserId: r.staffUserId, targetGroup: r.targetGroup });
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** A booked time that blocks slots: its room and staff member, as instants in milliseconds. */
export interface Taken {
  roomId: string;
  staffUserId: string | null;
  startsMs: number;
  endsMs: number;
  localDate: string;
  targetGroup: BookingGroup;
}

/** Whether a slot's room, or its staff member, is taken at any moment of the slot. */
export function slotBusy(slot: { startsAt: Date; endsAt: Date; roomId: string; staffUserId: string | null }, taken: readonly Taken[]): boolean {
  const s = slot.startsAt.getTime();
  const e = slot.endsAt.getTime();
  for (const t of taken) {
    if (t.startsMs < e && s < t.endsMs && (t.roomId === slot.roomId || (slot.staffUserId !== null && t.staffUserId === slot.staffUserId))) return true;
  }
  return false;
}

/** The weekdays (ISO) on which a week serves a group: the only days its free slots can fall on. */
export function weekdaysOf(week: readonly WeekRow[], group: BookingGroup): number[] {
  return [...new Set(week.filter((r) => r.targetGroup === group).map((r) => r.weekday))].sort();
}

/**
 * The free slots of a group from a date for a number of days: only that group's days, only after
 * `now`, within the reception's period (mini-KAST), not on a day where the other group is booked,
 * and neither the room nor the staff member taken. One entry per start time (the first free room).
 */
export function freeSlots(
  week: readonly WeekRow[],
  group: BookingGroup,
  { from, days, now, taken, validFrom, validTo }: { from: string; days: number; now: Date; taken: readonly Taken[]; validFrom?: string | null; validTo?: string | null },
): Slot[] {
  const out: Slot[] = [];
  const byDate = new Map<string, Taken[]>();
  for (const t of taken) {
    const list = byDate.get(t.localDate);
    if (list) list.push(t);
    else byDate.set(t.localDate, [t]);
  }
  const days_ = new Set(weekdaysOf(week, group));
  const nowMs = now.getTime();
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    if ((validFrom && date < validFrom) || (validTo && date > validTo)) continue;
    // A day of no week row of this group has no slot for it (the separation rule below says why not).
    if (!days_.has(weekdayOf(date))) continue;
    const booked = byDate.get(date) ?? [];
    if (separationProblem({ dayGroup: dayGroup(week, date), groupsBookedThatDay: booked.map((t) => t.targetGroup) }, group)) continue;
    const seen = new Set<number>();
    for (const s of slotsOn(week, date)) {
      const at = s.startsAt.getTime();
      if (at <= nowMs || seen.has(at) || slotBusy(s, booked)) continue;
      seen.add(at);
      out.push(s);
    }
  }
  return out;
}

/**
 * Whether a requested time is a published slot of the group (the public path: a slot as offered)
 * or, for a staff override, lies within the opening hours of that day's week rows.
 * Returns the matching slots (rooms) or the reason it is refused.
 */
export function matchSlot(
  week: readonly WeekRow[],
  request: { date: string; startsAt: Date; endsAt?: Date; override: boolean },
): { slots: Slot[] } | { problem: 'outsideOpeningHours' } {
  const slots = slotsOn(week, request.date);
  if (!request.override) {
    const exact = slots.filter((s) => s.startsAt.getTime() === request.startsAt.getTime() && (!request.endsAt || s.endsAt.getTime() === request.endsAt.getTime()));
    return exact.length ? { slots: exact } : { problem: 'outsideOpeningHours' };
  }
  const weekday = weekdayOf(request.date);
  const endsAt = request.endsAt ?? new Date(request.startsAt.getTime() + 60 * 60_000);
  const within = week
    .filter((r) => r.weekday === weekday)
    .flatMap((r) => {
      const opens = stockholmInstant(request.date, minutesOf(r.opens));
      const closes = stockholmInstant(request.date, minutesOf(r.closes));
      return opens && closes && opens <= request.startsAt && endsAt <= closes && request.startsAt < endsAt
        ? [{ localDate: request.date, startsAt: request.startsAt, endsAt, roomId: r.roomId, staffUserId: r.staffUserId, targetGroup: r.targetGroup }]
        : [];
    });
  return within.length ? { slots: within } : { problem: 'outsideOpeningHours' };
}

/** What the published schedule says about the separation, in plain words. */
export const SEPARATION_TEXT = {
  sv: 'Vi tar emot personer som säljer sex eller är utsatta och personer som köper sex på olika dagar. Samma dag tas aldrig båda grupperna emot här, så att ingen riskerar att möta den andra gruppen.',
  en: 'We see people who sell sex or are exploited and people who buy sex on different days. The two groups are never seen here on the same day, so nobody risks meeting the other group.',
} as const;
