/**
 * Swedish local time (Europe/Stockholm), for every capability that speaks of days and hours: the
 * chat's opening hours and the date an outcome counts on, a reception's week and its slots.
 * Moved here from the chat (`src/chat/rules.ts` re-exports the chat's names).
 */
export const STOCKHOLM = 'Europe/Stockholm';

/** Weekday (ISO, 1 = Monday) and minute of the day in Swedish local time. */
export function localTime(now: Date, timeZone = STOCKHOLM): { weekday: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** 'HH:MM' as minutes after midnight ('24:00' is 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Minutes after midnight as 'HH:MM'. */
export function hhmmOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The Swedish date (YYYY-MM-DD) of an instant. */
export function swedishDate(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: STOCKHOLM, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A calendar date plus (or minus) whole days; dates are plain YYYY-MM-DD, no time zone. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function weekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/**
 * The instant at which clocks in Stockholm show this date and minute of the day. Null for a time
 * that does not exist (02:00–02:59 the night summer time starts); the earlier of the two instants
 * for a time that happens twice (02:00–02:59 the night summer time ends).
 */
export function stockholmInstant(date: string, minute: number): Date | null {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  // Sweden is UTC+2 in summer and UTC+1 in winter: try the earlier instant first.
  for (const offsetMinutes of [120, 60]) {
    const candidate = new Date(wall - offsetMinutes * 60_000);
    const local = localTime(candidate);
    if (swedishDate(candidate) === date && local.minute === minute % 1440) return candidate;
  }
  return null;
}
