import type { Db } from '../core/db/database.ts';
import { unitId } from '../testing/app.ts';
import type { BookingGroup } from './rules.ts';

export interface ReceptionFixture {
  id: string;
  rooms: string[];
}

/**
 * A reception for a test: its unit (made if missing), rooms, and week rows (the rows' `room` is an
 * index into the rooms). makeReception(db, { unit: 'Nexus (test)', week: [{ weekdays: [1], group: 'victims' }] })
 */
export async function makeReception(
  db: Db,
  options: {
    unit: string;
    name?: string;
    kind?: 'regular' | 'mini_kast';
    public?: boolean;
    validFrom?: string;
    validTo?: string;
    rooms?: number;
    week: Array<{ weekdays: number[]; group: BookingGroup; opens?: string; closes?: string; slotMinutes?: number; room?: number; staffUserId?: string | null }>;
  },
): Promise<ReceptionFixture> {
  const unit = await unitId(db, options.unit);
  const reception = await db
    .insertInto('receptions')
    .values({ unit_id: unit, name: options.name ?? `Mottagning ${Math.random().toString(36).slice(2, 8)}`, place: 'Testgatan 1 (fiktiv)', kind: options.kind ?? 'regular', public: options.public ?? true, valid_from: options.validFrom ?? null, valid_to: options.validTo ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rooms: string[] = [];
  for (let i = 0; i < (options.rooms ?? 1); i++) rooms.push((await db.insertInto('reception_rooms').values({ reception_id: reception.id, name: `Rum ${i + 1}` }).returning('id').executeTakeFirstOrThrow()).id);
  for (const w of options.week) {
    await db
      .insertInto('reception_week')
      .values(
        w.weekdays.map((weekday) => ({
          reception_id: reception.id,
          weekday,
          target_group: w.group,
          opens: w.opens ?? '09:00',
          closes: w.closes ?? '12:00',
          slot_minutes: w.slotMinutes ?? 60,
          room_id: rooms[w.room ?? 0]!,
          staff_user_id: w.staffUserId ?? null,
        })),
      )
      .execute();
  }
  return { id: reception.id, rooms };
}
