import type { Db } from '../core/db/database.ts';
import { addDays, swedishDate, weekdayOf } from '../core/time/stockholm.ts';
import type { BookingGroup } from './rules.ts';

interface DemoReception {
  unit: string;
  name: string;
  place: string;
  kind: 'regular' | 'mini_kast';
  public: boolean;
  period?: { fromInDays: number; days: number };
  rooms: string[];
  week: Array<{ weekdays: number[]; group: BookingGroup; opens: string; closes: string; slotMinutes: number; room: string; staff?: string }>;
}

/** The demo week (fictional places): victims' days and buyers' days never the same day. */
export const DEMO_RECEPTIONS: readonly DemoReception[] = [
  {
    unit: 'Nexus – vuxna',
    name: 'Specialiserade mottagningen',
    place: 'Exempelgatan 12, 2 tr (fiktiv adress)',
    kind: 'regular',
    public: true,
    rooms: ['Samtalsrum 1', 'Samtalsrum 2'],
    week: [
      { weekdays: [1, 3, 5], group: 'victims', opens: '09:00', closes: '16:00', slotMinutes: 60, room: 'Samtalsrum 1', staff: 'handlaggare' },
      { weekdays: [1, 3, 5], group: 'victims', opens: '10:00', closes: '15:00', slotMinutes: 60, room: 'Samtalsrum 2' },
      { weekdays: [2, 4], group: 'buyers', opens: '09:00', closes: '16:00', slotMinutes: 60, room: 'Samtalsrum 1' },
    ],
  },
  {
    unit: 'KAST',
    name: 'KAST-mottagningen',
    place: 'Provvägen 3 (fiktiv adress)',
    kind: 'regular',
    public: true,
    rooms: ['KAST samtalsrum'],
    week: [{ weekdays: [2, 4], group: 'buyers', opens: '13:00', closes: '17:00', slotMinutes: 45, room: 'KAST samtalsrum', staff: 'kast' }],
  },
  {
    unit: 'Uppsökande',
    name: 'Mini-KAST under insatsveckan',
    place: 'Tillfälligt samtalsrum vid polisens insatsvecka (fiktiv adress)',
    kind: 'mini_kast',
    public: false,
    period: { fromInDays: 14, days: 7 },
    rooms: ['Mini-KAST rum'],
    week: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], group: 'buyers', opens: '18:00', closes: '22:00', slotMinutes: 30, room: 'Mini-KAST rum' }],
  },
];

export async function seedBookingDemo(db: Db): Promise<void> {
  if (await db.selectFrom('receptions').select('id').limit(1).executeTakeFirst()) return;
  const today = swedishDate(new Date());
  // The action week starts on a Monday two weeks ahead.
  const monday = addDays(today, 14 - (weekdayOf(today) - 1));
  await db.transaction().execute(async (tx) => {
    for (const r of DEMO_RECEPTIONS) {
      const unit = await tx.selectFrom('units').select('id').where('name', '=', r.unit).executeTakeFirst();
      if (!unit) continue;
      const reception = await tx
        .insertInto('receptions')
        .values({ unit_id: unit.id, name: r.name, place: r.place, kind: r.kind, public: r.public, valid_from: r.period ? monday : null, valid_to: r.period ? addDays(monday, r.period.days - 1) : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rooms = new Map<string, string>();
      for (const name of r.rooms) rooms.set(name, (await tx.insertInto('reception_rooms').values({ reception_id: reception.id, name }).returning('id').executeTakeFirstOrThrow()).id);
      for (const w of r.week) {
        const staff = w.staff ? await tx.selectFrom('users').select('id').where('username', '=', w.staff).executeTakeFirst() : undefined;
        await tx
          .insertInto('reception_week')
          .values(w.weekdays.map((weekday) => ({ reception_id: reception.id, weekday, target_group: w.group, opens: w.opens, closes: w.closes, slot_minutes: w.slotMinutes, room_id: rooms.get(w.room)!, staff_user_id: staff?.id ?? null })))
          .execute();
      }
    }
  });
}
