/**
 * Swedish local time (Europe/Stockholm), for every capability that speaks of days and hours: the
 * chat's opening hours and the date an outcome counts on, a reception's week and its slots.
 * Moved here from the chat (`src/chat/rules.ts` re-exports the chat's names).
 */
export const STOCKHOLM = 'Europe/Stockholm';

/** Weekday (ISO, 1 = Monday) and minute of the day in Swedish local time. */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = timeFormats.get(timeZone);
  if (!f) timeFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f;
}
const dateFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: STOCKHOLM, year: 'numeric', month: '2-digit', day: '2-digit' });

export function localTime(now: Date, timeZone = STOCKHOLM): { weekday: number; minute: number } {
  const parts = timeFormat(timeZone).formatToParts(now);
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
export function swedishDate(now: Date, timeZone = STOCKHOLM): string {
  return timeZone === STOCKHOLM ? dateFormat.format(now) : new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A calendar date plus (or minus) whole days; dates are plain YYYY-MM-DD, no time zone. */
/** Today's date in Stockholm as YYYY-MM-DD: the date a caseworker sees (UTC's date is yesterday's until 01/02 at night). */
export function todayInStockholm(now: Date = new Date()): string {
  return swedishDate(now);
}

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
  // Most days have one offset all day: the wall clock minus that offset, checked once per date.
  const whole = wholeDayOffset(date);
  if (whole !== null) return new Date(Date.parse(`${date}T00:00:00Z`) + (minute - whole) * 60_000);
  return carefulInstant(date, minute);
}

const offsets = new Map<string, number | null>();

/** The UTC offset in minutes that holds all of a date in Stockholm, or null on a changeover day. */
function wholeDayOffset(date: string): number | null {
  let known = offsets.get(date);
  if (known !== undefined) return known;
  const start = carefulInstant(date, 0);
  const end = carefulInstant(date, 1439);
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const startOffset = start ? (midnight - start.getTime()) / 60_000 : null;
  const endOffset = end ? (midnight + 1439 * 60_000 - end.getTime()) / 60_000 : null;
  known = startOffset !== null && startOffset === endOffset ? startOffset : null;
  if (offsets.size > 5000) offsets.clear();
  offsets.set(date, known);
  return known;
}

function carefulInstant(date: string, minute: number): Date | null {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  // Sweden is UTC+2 in summer and UTC+1 in winter: try the earlier instant first.
  for (const offsetMinutes of [120, 60]) {
    const candidate = new Date(wall - offsetMinutes * 60_000);
    const local = localTime(candidate);
    if (swedishDate(candidate) === date && local.minute === minute % 1440) return candidate;
  }
  return null;
}
