import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { inScope, type UnitScope } from '../core/access/scope.ts';
import type { Db, Executor } from '../core/db/database.ts';
import { adsCounts } from '../ads-register/store.ts';
import { chatDailyFigures, chatStatistics } from '../chat/store.ts';
import { trainingCoverage } from '../competence/store.ts';
import { adultOrChild, trainingCategory, traffickingOrExploitation, yearRange, type Count, type Indicator } from './rules.ts';
import { endOfStockholmDay, onStockholmDays, startOfStockholmDay } from '../core/db/stockholm-today.ts';

/** A period and the units asked about (already checked against the caller's scope). */
export interface Period {
  from: string;
  to: string;
  /** The units counted: a scope narrowed to the units chosen. */
  scope: UnitScope;
}

/** "Opened between from and to", Swedish dates, inclusive. */
const openedIn = onStockholmDays;

/** The units of a scope, by name (the columns of every table). */
export async function unitsOf(db: Executor, scope: UnitScope): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('units as u').select(['u.id', 'u.name']).where(inScope('u.id', scope)).orderBy('u.name').execute();
}

/** The district of each unit of a scope ('' for a unit serving the whole municipality), with the districts' names. */
export async function districtsOf(db: Executor, scope: UnitScope): Promise<Array<{ unitId: string; districtId: string; districtName: string | null }>> {
  return db
    .selectFrom('units as u')
    .leftJoin('districts as d', 'd.id', 'u.district_id')
    .select(['u.id as unitId', sql<string>`coalesce(d.id::text, '')`.as('districtId'), 'd.name as districtName'])
    .where(inScope('u.id', scope))
    .execute();
}

/**
 * Every count of the period, in one statement per source: the cases' facts (new cases by month,
 * the facts at their opening, types, risk factors, indicators, referrals by their date) from their
 * counts per day, exit plans, questioning, training, outreach, the chat's daily figures and
 * outcomes, and the ads register.
 */
export async function countsFor(db: Db, p: Period): Promise<Count[]> {
  const [facts, plans, questioning, training, outreach, chat, outcomes, ads] = await Promise.all([
    // The cases' facts from their counts per day (0711, kept by triggers on cases): a year of a
    // municipality is some thousands of rows, not every case.
    // scope: inScope on d.unit_id in the where clause
    sql<{ indicator: Indicator; category: string; unit: string; count: number }>`
      select d.unit_id::text as unit,
        case when d.indicator = 'new_cases' then 'new_cases_by_month' else d.indicator end as indicator,
        case when d.indicator = 'new_cases' then to_char(d.day, 'YYYY-MM') else d.category end as category,
        sum(d.count)::int as count
      from statistics_case_days d
      where ${inScope('d.unit_id', p.scope)} and d.day between ${p.from}::date and ${p.to}::date
      group by 1, 2, 3
      having sum(d.count) > 0`.execute(db),
    // Exit plans: started in the period, active at its end (started before, not ended by then), and
    // those ended in the period by how they ended (0318's reason; none recorded for older plans).
    // scope: inScope on e.unit_id in the where clause
    sql<{ indicator: Indicator; category: string; unit: string; count: number }>`
      select x.indicator, x.category, x.unit, count(*)::int as count from (
        select e.unit_id::text as unit, d.indicator, d.category from exit_plans e cross join lateral (
          select 'exit_plans' as indicator, 'started' as category where ${openedIn('e.created_at', p)}
          union all select 'exit_plans', 'active' where e.created_at < ${endOfStockholmDay(p.to)}
            and (e.ended_at is null or e.ended_at >= ${endOfStockholmDay(p.to)})
          union all select 'exit_plan_endings', coalesce(e.end_reason, 'not_recorded') where e.ended_at is not null and ${openedIn('e.ended_at', p)}
        ) d
        where ${inScope('e.unit_id', p.scope)}) x
      group by 1, 2, 3`.execute(db),
    // The period's cases asked the structured questions (questions' definition of coverage: an
    // answer that counts as asked), and those answering yes to a question the coverage counts,
    // each case once: driven from the answers given since the period began (a case is asked after
    // it opens), far fewer than the period's cases.
    // scope: inScope on the case in the where clause
    sql<{ unit: string; asked: number; yes: number }>`
      select k.unit_id::text as unit, count(distinct k.id)::int as asked,
        (count(distinct k.id) filter (where exists (
          select 1 from question_sets qs cross join jsonb_array_elements(qs.definition -> 'questions') q
          where qs.key = a.set_key and qs.version = a.set_version and (q ->> 'counts')::boolean and a.answers ->> (q ->> 'id') = 'yes')))::int as yes
      from question_answers a join cases k on k.id = a.case_id
      where a.counts_as_asked and a.asked_at >= ${startOfStockholmDay(p.from)}
        and ${inScope('k.unit_id', p.scope)} and ${openedIn('k.opened_at', p)}
      group by k.unit_id`.execute(db),
    // Training coverage on the period's last day (competence's one definition), beside the questioning.
    trainingCoverage(db, { unitIds: p.scope.units, on: p.to }),
    // Outreach: the shifts starting in the period, their contacts, and the offers made and accepted.
    // scope: inScope in each where clause
    sql<{ category: string; unit: string; count: number }>`
      select 'shifts' as category, s.unit_id::text as unit, count(*)::int as count from outreach_shifts s
        where ${inScope('s.unit_id', p.scope)} and ${openedIn('s.starts_at', p)} group by s.unit_id
      union all
      select x.category, x.unit, count(*)::int from (
        select s.unit_id::text as unit, d.category from outreach_shifts s join outreach_contacts c on c.shift_id = s.id
        cross join lateral (
          select 'contacts' as category
          union all select 'contacts_offered' where cardinality(c.offered) > 0
          union all select 'contacts_accepted' where cardinality(c.accepted) > 0
          union all select 'offered:' || o from unnest(c.offered) o
          union all select 'accepted:' || a from unnest(c.accepted) a
        ) d
        where ${inScope('s.unit_id', p.scope)} and ${openedIn('s.starts_at', p)}) x
      group by 1, 2`.execute(db),
    chatDailyFigures(db, p.from, p.to),
    chatStatistics(db, p.from, p.to),
    adsCounts(db).catch(() => null),
  ]);
  const counts: Count[] = [...facts.rows];
  counts.push(...plans.rows);
  // The questioning's new cases are the period's new cases (the same count per unit).
  const newCases = new Map<string, number>();
  for (const r of facts.rows) if (r.indicator === 'new_cases_by_month') newCases.set(r.unit, (newCases.get(r.unit) ?? 0) + r.count);
  const asked = new Map(questioning.rows.map((r) => [r.unit, r]));
  for (const [unit, n] of newCases) {
    const q = asked.get(unit);
    counts.push({ indicator: 'questioning', category: 'new_cases', unit, count: n }, { indicator: 'questioning', category: 'asked', unit, count: q?.asked ?? 0 });
    if (q && q.yes > 0) counts.push({ indicator: 'questioning', category: 'answered_yes', unit, count: q.yes });
  }
  for (const r of training) {
    counts.push({ indicator: 'training', category: trainingCategory(r.title, 'staff'), unit: r.unitId, count: r.staff }, { indicator: 'training', category: trainingCategory(r.title, 'trained'), unit: r.unitId, count: r.trained });
  }
  for (const r of outreach.rows) counts.push({ indicator: 'outreach', category: r.category, unit: r.unit, count: r.count });
  const chatSums: Record<string, number> = {};
  for (const d of chat) {
    const add = (k: string, n: number) => (chatSums[k] = (chatSums[k] ?? 0) + n);
    add(`${d.kind}_chats`, d.chats);
    if (d.kind === 'live') {
      add('answered', d.answered);
      add('unanswered', d.unanswered);
      add('waited_under_1_min', d.waitedUnder1Min);
      add('waited_1_5_min', d.waited1To5Min);
      add('waited_5_15_min', d.waited5To15Min);
      add('waited_over_15_min', d.waitedOver15Min);
    }
  }
  for (const o of outcomes) {
    counts.push({ indicator: 'chat_outcome', category: o.topic, unit: '', count: o.count });
    if (o.referralGiven) chatSums.referral_given = (chatSums.referral_given ?? 0) + o.count;
  }
  for (const [category, count] of Object.entries(chatSums)) counts.push({ indicator: 'chat_volume', category, unit: '', count });
  if (ads) {
    counts.push({ indicator: 'ads', category: 'active_ads', unit: '', count: ads.activeAds }, { indicator: 'ads', category: 'probable_posters', unit: '', count: ads.probablePosters });
    const newPosters = ads.newPostersPerMonth.filter((m) => m.month >= p.from.slice(0, 7) && m.month <= p.to.slice(0, 7)).reduce((a, m) => a + m.posters, 0);
    counts.push({ indicator: 'ads', category: 'new_posters', unit: '', count: newPosters });
  }
  return sumSameCells(counts);
}

/** Counts of the same indicator, category and unit summed into one (chat_outcomes has one row per topic, age band
 * and referral; the district view sums its units). */
export function sumSameCells(counts: Count[]): Count[] {
  const merged = new Map<string, Count>();
  for (const c of counts) {
    const k = `${c.indicator}\u0000${c.category}\u0000${c.unit}`;
    const had = merged.get(k);
    if (had) had.count += c.count;
    else merged.set(k, { ...c });
  }
  return [...merged.values()];
}

/** The average wait for a live chat taken by a counsellor, in seconds; null when none was taken. */
export async function averageChatWait(db: Db, p: { from: string; to: string }): Promise<{ answered: number; averageSeconds: number | null }> {
  const rows = await chatDailyFigures(db, p.from, p.to);
  const live = rows.filter((r) => r.kind === 'live');
  const answered = live.reduce((a, r) => a + r.answered, 0);
  const total = live.reduce((a, r) => a + r.waitSecondsTotal, 0);
  return { answered, averageSeconds: answered > 0 ? Math.round(total / answered) : null };
}

/* ---------------- Yearly figures kept after the cases are gone ---------------- */

/** Whether a year's figures are kept (frozen) and the counts for the units of a scope. */
export async function frozenYear(db: Db, year: number, scope: UnitScope): Promise<Count[] | null> {
  const frozen = await db.selectFrom('statistics_frozen_years').select('year').where('year', '=', year).executeTakeFirst();
  if (!frozen) return null;
  const rows = await db
    .selectFrom('statistics_year_counts as y')
    .select(['y.indicator', 'y.category', 'y.unit', 'y.count'])
    .where('y.year', '=', year)
    // The kept counts name their unit as text; '' is the whole municipality (chat, ads).
    .where((eb) => (scope.units === 'all' ? sql<boolean>`true` : eb('y.unit', 'in', ['', ...scope.units])))
    .execute();
  return rows as Count[];
}

/**
 * Keeps the figures of every ended year not yet kept (closed cases are deleted five years after
 * their last entry, chats after 30 days): computed once over every unit, after the year has ended,
 * so the annual compilation of an old year is read from here. Returns the years frozen.
 */
export async function freezeEndedYears(db: Db, now = new Date()): Promise<number[]> {
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(now));
  // scope: system work (statistics over every unit); the earliest year with a case
  const first = await sql<{ y: number | null }>`select extract(year from min(opened_at) at time zone 'Europe/Stockholm')::int as y from cases`.execute(db);
  const from = first.rows[0]?.y ?? thisYear;
  const done = new Set((await db.selectFrom('statistics_frozen_years').select('year').execute()).map((r) => r.year));
  const frozen: number[] = [];
  for (let year = from; year < thisYear; year++) {
    if (done.has(year)) continue;
    const counts = await countsFor(db, { ...yearRange(year), scope: { permission: null, units: 'all' } });
    await db.transaction().execute(async (tx) => {
      const claimed = await tx.insertInto('statistics_frozen_years').values({ year }).onConflict((oc) => oc.doNothing()).returning('year').executeTakeFirst();
      if (!claimed) return;
      for (let i = 0; i < counts.length; i += 1000) {
        const chunk = counts.slice(i, i + 1000).map((c) => ({ year, indicator: c.indicator, category: c.category, unit: c.unit, count: c.count }));
        if (chunk.length) await tx.insertInto('statistics_year_counts').values(chunk).execute();
      }
      frozen.push(year);
    });
  }
  return frozen;
}

/* ---------------- National reporting ---------------- */

/** The dimensions of the regional coordinators' national reporting. */
export const NATIONAL_DIMENSIONS = ['kind', 'gender', 'adultOrChild', 'purpose', 'originCountry'] as const;
export type NationalRow = { key: string; kind: 'trafficking' | 'exploitation'; gender: string; adultOrChild: string; purpose: string; originCountry: string; units: number };

/**
 * The persons with a case opened in the year in the scope's units, once each: a pseudonymous key
 * (HMAC-SHA256 under the configured secret of the personnummer, else of the person id) joins the
 * cases of the same person in two units. The facts are those at the first case's opening; the
 * purpose is the exploitation types of all their cases in the year, joined by '|'.
 */
export async function nationalRows(db: Executor, year: number, scope: UnitScope, secret: string): Promise<{ rows: NationalRow[]; personIds: string[] }> {
  const { from, to } = yearRange(year);
  // scope: inScope in the where clause
  const cases = await sql<{ personId: string; personnummer: string | null; unit: string; gender: string; ageBand: string; types: string[]; indicators: string[]; citizenship: string | null }>`
    select k.person_id as "personId", p.personnummer, k.unit_id::text as unit, k.opening_gender as gender, k.opening_age_band as "ageBand",
      k.exploitation_types as types, k.trafficking_indicators as indicators, k.opening_citizenship as citizenship
    from cases k join persons p on p.id = k.person_id
    where ${inScope('k.unit_id', scope)} and ${openedIn('k.opened_at', { from, to })} and k.person_role = 'exposed'
    order by k.opened_at`.execute(db);
  const byKey = new Map<string, { row: NationalRow; units: Set<string>; purposes: Set<string> }>();
  for (const c of cases.rows) {
    const key = createHmac('sha256', secret).update(c.personnummer ? `pnr:${c.personnummer}` : `id:${c.personId}`).digest('hex');
    const had = byKey.get(key);
    if (had) {
      had.units.add(c.unit);
      for (const t of c.types) had.purposes.add(t);
      if (traffickingOrExploitation(c.types, c.indicators) === 'trafficking') had.row.kind = 'trafficking';
      continue;
    }
    byKey.set(key, {
      row: { key, kind: traffickingOrExploitation(c.types, c.indicators), gender: c.gender, adultOrChild: adultOrChild(c.ageBand), purpose: '', originCountry: c.citizenship ?? 'unknown', units: 1 },
      units: new Set([c.unit]),
      purposes: new Set(c.types),
    });
  }
  const rows = [...byKey.values()].map(({ row, units, purposes }) => ({ ...row, units: units.size, purpose: [...purposes].sort().join('|') || 'unknown' }));
  return { rows, personIds: [...new Set(cases.rows.map((c) => c.personId))] };
}
