import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pathToFileURL } from 'node:url';
import { capabilities } from '../src/capabilities.ts';
import { slotsOf } from '../src/booking/store.ts';
import { SearchQuery } from '../src/directory/schema.ts';
import { EntryIn } from '../src/directory/schema.ts';
import { GENDERS, TARGET_GROUPS } from '../src/directory/rules.ts';
import { entryRow, searchEntries } from '../src/directory/store.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrations.ts';
import { addDays, stockholmInstant, swedishDate } from '../src/core/time/stockholm.ts';
import { withClient } from '../src/testing/postgres.ts';
import { printTable, type BenchRow } from './foundation.ts';

/**
 * Booking and directory figures (issue 13), measured in-process on the store functions the routes
 * call (no HTTP): the free slots of a reception over 8 weeks with most of its times booked, and a
 * directory search (full text + filters) over 5 000 entries. PostgreSQL server (BENCH_PG_URL).
 */
const SERVER_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.BENCH_BOOKING_RUNS ?? 500);
const ENTRIES = 5000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function time(runs: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await work(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function runBookingBench(): Promise<BenchRow[]> {
  const name = `utvag_booking_bench_${randomBytes(4).toString('hex')}`;
  await withClient(SERVER_URL, (c) => c.query(`create database ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    console.log(`Booking bench: migrating ${name} …`);
    await migrate(url.href, capabilities);
    console.log('Booking bench: seeding …');
    const { db, close } = openDatabase(url.href, 4, { asAppRole: false });
    try {
      const unit = (await db.insertInto('units').values({ name: 'Mottagningen (bench)', kind: 'adult' }).returning('id').executeTakeFirstOrThrow()).id;
      const reception = await db.insertInto('receptions').values({ unit_id: unit, name: 'Bench', place: 'Fiktiv' }).returning(['id', 'valid_from as validFrom', 'valid_to as validTo']).executeTakeFirstOrThrow();
      const rooms = await db.insertInto('reception_rooms').values([1, 2, 3].map((i) => ({ reception_id: reception.id, name: `Rum ${i}` }))).returning('id').execute();
      const week = [1, 2, 3, 4, 5].flatMap((weekday) => rooms.map((r) => ({ reception_id: reception.id, weekday, target_group: weekday % 2 ? ('victims' as const) : ('buyers' as const), opens: '08:00', closes: '17:00', slot_minutes: 30, room_id: r.id, staff_user_id: null })));
      await db.insertInto('reception_week').values(week).execute();
      const today = swedishDate(new Date());
      // Two thirds of every slot over 8 weeks booked.
      const bookings = [];
      for (let d = 0; d < 56; d++) {
        const date = addDays(today, d);
        const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
        if (weekday > 5) continue;
        for (const [ri, r] of rooms.entries()) {
          if (ri === 2) continue;
          for (let m = 8 * 60; m < 17 * 60; m += 30) {
            const startsAt = stockholmInstant(date, m)!;
            bookings.push({ reception_id: reception.id, room_id: r.id, target_group: weekday % 2 ? ('victims' as const) : ('buyers' as const), starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 30 * 60_000), local_date: date, pseudonym: 'X', source: 'staff' as const });
          }
        }
      }
      for (let i = 0; i < bookings.length; i += 1000) await db.insertInto('bookings').values(bookings.slice(i, i + 1000)).execute();

      const words = ['boende', 'skuld', 'stöd', 'chatt', 'samtal', 'hälsa', 'rådgivning', 'jour', 'mottagning', 'linje'];
      const rows = Array.from({ length: ENTRIES }, (_, i) =>
        entryRow(
          EntryIn.parse({
            name: `Post ${i} (fiktiv)`,
            kind: (['municipal', 'regional', 'national', 'civil_society', 'authority', 'healthcare'] as const)[i % 6],
            offerSv: `${words[i % 10]} och ${words[(i * 7) % 10]} för personer i utsatthet, nummer ${i}.`,
            offerEn: `Support number ${i}: housing, debt, chat, counselling.`,
            targetGroups: [TARGET_GROUPS[i % 5]!, TARGET_GROUPS[(i + 2) % 5]!],
            ageMin: i % 3 ? 18 : 12,
            genders: [GENDERS[i % 3]!, ...(i % 4 ? [] : ['trans' as const])],
            languages: ['sv', ...(i % 2 ? ['en'] : [])],
            anonymousContact: i % 2 === 0,
            exclusionCriteria: i % 5 ? null : 'Fiktivt kriterium',
          }),
          unit,
        ),
      );
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('directory_entries').values(rows.slice(i, i + 500)).execute();
      await sql`analyze`.execute(db);

      console.log(`Booking bench: ${bookings.length} bookings, ${ENTRIES} entries; measuring …`);
      const now = new Date();
      const slots = await time(RUNS, (i) => slotsOf(db, reception, i % 2 ? 'victims' : 'buyers', now, today, 56));
      const queries = [
        SearchQuery.parse({ q: 'boende', gender: 'trans', age: '19' }),
        SearchQuery.parse({ q: 'housing debt', lang: 'en', targetGroup: 'buyers' }),
        SearchQuery.parse({ q: 'samtal stöd', anonymous: 'true', noExclusions: 'true' }),
        SearchQuery.parse({ targetGroup: 'children_young', age: '15' }),
      ];
      const search = await time(RUNS, (i) => searchEntries(db, queries[i % queries.length]!, 'staff', today));
      const row = (figure: string, xs: number[], target: number): BenchRow[] => [
        { figure: `${figure} p50`, value: `${pct(xs, 50).toFixed(2)} ms`, target: '', ratio: '', met: '' },
        { figure: `${figure} p99`, value: `${pct(xs, 99).toFixed(2)} ms`, target: `< ${target} ms`, ratio: (pct(xs, 99) / target).toFixed(2), met: pct(xs, 99) < target ? 'yes' : 'NO' },
      ];
      const result = [...row(`free slots, 8 weeks (${bookings.length} bookings)`, slots, 20), ...row(`directory search, ${ENTRIES} entries`, search, 30)];
      printTable('Booking and directory (in-process store calls)', result);
      return result;
    } finally {
      await close();
    }
  } finally {
    if (process.env.BENCH_KEEP) console.log(`Kept database ${name} (BENCH_KEEP)`);
    else await withClient(SERVER_URL, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBookingBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
