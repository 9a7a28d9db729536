import { scopeIncludes, type UnitScope } from '../core/access/scope.ts';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { z } from 'zod';
import { nationalCsv, reportCsv, reportHtml, reportPdf } from './report.ts';
import { dateRangeProblem, INDICATORS, suppress, tableOf, yearRange, type Count } from './rules.ts';
import { DashboardQuery, NationalCellQuery, NationalOut, NationalPersonsOut, NationalQuery, ReportQuery, StatisticsOut } from './schema.ts';
import { averageChatWait, countsFor, districtsOf, frozenYear, nationalRows, sumSameCells, unitsOf, type NationalRow } from './store.ts';

/**
 * Statistics: aggregates only. Every count under the threshold is suppressed, with complementary
 * suppression (rules.ts), in the dashboard, the reports (HTML, PDF, CSV) and the national export.
 * The one route with a row per person (pseudonymous, for national reporting) needs its own permission.
 */
export function registerStatisticsRoutes(app: App, deps: AppDeps) {
  const threshold = deps.config.statistics.threshold;

  app.route({
    method: 'GET',
    url: '/api/statistics/dashboard',
    config: { access: 'statistics.read' },
    schema: { summary: 'The indicators for a period and the units the caller may see (or one of them), small counts suppressed', querystring: DashboardQuery, response: { 200: StatisticsOut } },
    handler: async (request) => {
      const q = request.query;
      const problem = dateRangeProblem(q.from, q.to, swedishDate(new Date()));
      if (problem) throw new AppError(400, problem);
      return compile(deps, callerOf(request), { from: q.from, to: q.to, unitId: q.unitId, by: q.by }, threshold);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/statistics/report',
    config: { access: 'statistics.read', purpose: 'statistics report' },
    schema: { summary: 'The annual compilation or the PMM section of the crime picture for a year, as JSON, HTML, PDF or CSV, with the definitions', querystring: ReportQuery },
    handler: async (request, reply) => {
      const q = request.query;
      const today = swedishDate(new Date());
      const { from, to } = yearRange(q.year);
      if (from > today) throw new AppError(400, 'yearNotEnded');
      const caller = callerOf(request);
      const r = await compile(deps, caller, { from, to: to > today ? today : to, unitId: q.unitId, year: q.year }, threshold);
      const name = `${q.report === 'annual' ? 'arsvis-sammanstallning' : 'lagesbild-pmm'}-${q.year}`;
      if (q.format === 'json') return reply.send(StatisticsOut.parse(r));
      if (q.format === 'html') return reply.type('text/html; charset=utf-8').send(reportHtml(r, q.report, q.lang));
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(reportCsv(r, q.lang));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await reportPdf(r, q.report, q.lang));
    },
  });

  app.route({
    method: 'GET',
    url: '/api/statistics/national',
    config: { access: 'statistics.read', purpose: 'national reporting' },
    schema: { summary: 'National reporting for a year: exposed persons counted once (pseudonymous key) by trafficking/exploitation, gender, adult/child, purpose and origin, small counts suppressed', querystring: NationalQuery },
    handler: async (request, reply) => {
      const q = request.query;
      const out = await nationalCells(deps, callerOf(request), q.year, threshold);
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="nationell-rapportering-${q.year}.csv"`).send(nationalCsv(out));
      return reply.send(NationalOut.parse(out));
    },
  });

  app.route({
    method: 'GET',
    url: '/api/statistics/national/cell',
    config: { access: 'statistics.read', purpose: 'national reporting' },
    schema: { summary: 'One cell of the national reporting; a count under the threshold is refused', querystring: NationalCellQuery, response: { 200: z.object({ count: z.number() }) } },
    handler: async (request) => {
      const { year, ...dims } = request.query;
      const out = await nationalCells(deps, callerOf(request), year, threshold);
      const cell = out.cells.find((c) => c.kind === dims.kind && c.gender === dims.gender && c.adultOrChild === dims.adultOrChild && c.purpose === dims.purpose && c.originCountry === dims.originCountry);
      const count = cell?.count ?? 0;
      if (typeof count !== 'number') throw new AppError(422, 'cellSuppressed');
      return { count };
    },
  });

  app.route({
    method: 'GET',
    url: '/api/statistics/national/persons',
    config: { access: 'statistics.export', purpose: 'national reporting' },
    schema: { summary: 'National reporting, one row per exposed person under a pseudonymous key (HMAC-SHA256 under the configured secret): the same person reported by two units is one row', querystring: NationalQuery },
    handler: async (request, reply) => {
      const q = request.query;
      const secret = deps.config.statistics.keySecret;
      if (!secret) throw new AppError(409, 'nationalKeyMissing');
      const caller = callerOf(request);
      const rows = await caller.transaction(async (tx, audit) => {
        const { rows, personIds } = await nationalRows(tx, q.year, caller.scope, secret);
        await audit({ action: 'export', recordType: 'national_report', personIds, fields: ['kind', 'gender', 'adultOrChild', 'purpose', 'originCountry'], details: { year: q.year, persons: rows.length } });
        return rows;
      });
      if (q.format === 'csv') {
        const { stringify } = await import('csv-stringify/sync');
        const csv = stringify([['key', 'kind', 'gender', 'adult_or_child', 'purpose', 'origin_country', 'units'], ...rows.map((r) => [r.key, r.kind, r.gender, r.adultOrChild, r.purpose, r.originCountry, String(r.units)])], { record_delimiter: '\r\n' });
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="nationell-rapportering-personer-${q.year}.csv"`).send(csv);
      }
      return reply.send(NationalPersonsOut.parse({ year: q.year, keyAlgorithm: 'HMAC-SHA256', persons: rows }));
    },
  });
}

/** The scope narrowed to the one unit asked for; a unit outside the caller's scope is refused without saying whether it exists. */
function narrowed(scope: UnitScope, unitId: string | undefined): UnitScope {
  if (!unitId) return scope;
  if (!scopeIncludes(scope, unitId)) throw new AppError(403, 'unitNotVisible');
  return { permission: scope.permission, units: [unitId] };
}

/** The suppressed tables of a period (an ended year's kept figures when they exist). */
export async function compile(deps: Pick<AppDeps, 'db'>, caller: Pick<Caller, 'scope'>, q: { from: string; to: string; unitId?: string; year?: number; by?: 'unit' | 'district' }, threshold: number) {
  const scope = narrowed(caller.scope, q.unitId);
  let units = await unitsOf(deps.db, scope);
  if (q.unitId && units.length === 0) throw new AppError(403, 'unitNotVisible');
  const kept = q.year !== undefined ? await frozenYear(deps.db, q.year, scope) : null;
  let counts: Count[] = kept ?? (await countsFor(deps.db, { from: q.from, to: q.to, scope }));
  if (q.by === 'district') {
    // Equal treatment: the same indicators per district, each district's units added up before
    // suppression (a unit serving the whole municipality is its own column, "no district").
    const districts = await districtsOf(deps.db, scope);
    const districtOf = new Map(districts.map((d) => [d.unitId, d.districtId || NO_DISTRICT]));
    counts = sumSameCells(counts.map((c) => ({ ...c, unit: c.unit === '' ? '' : (districtOf.get(c.unit) ?? NO_DISTRICT) })));
    const names = new Map(districts.map((d) => [d.districtId || NO_DISTRICT, d.districtName ?? '']));
    units = [...names.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => (a.id === NO_DISTRICT ? 1 : b.id === NO_DISTRICT ? -1 : a.name.localeCompare(b.name, 'sv')));
  }
  const unitIds = units.map((u) => u.id);
  const tables = INDICATORS.map((indicator) => ({ indicator, ...suppress(tableOf(indicator, counts, unitIds), threshold) })).filter((t) => t.rows.length > 0);
  const wait = await averageChatWait(deps.db, q);
  return {
    from: q.from,
    to: q.to,
    threshold,
    kept: kept !== null,
    units,
    by: q.by ?? 'unit',
    tables,
    chatAverageWaitSeconds: wait.answered >= threshold ? wait.averageSeconds : null,
  };
}

/** The column of units with no district (they serve the whole municipality). */
export const NO_DISTRICT = 'no_district';

/** The national reporting's cells: distinct persons by the five dimensions, small counts suppressed (a one-column table per cell). */
async function nationalCells(deps: AppDeps, caller: Caller, year: number, threshold: number): Promise<NationalOut> {
  const secret = deps.config.statistics.keySecret;
  if (!secret) throw new AppError(409, 'nationalKeyMissing');
  const { rows } = await nationalRows(deps.db, year, caller.scope, secret);
  const keyOf = (r: Pick<NationalRow, 'kind' | 'gender' | 'adultOrChild' | 'purpose' | 'originCountry'>) => [r.kind, r.gender, r.adultOrChild, r.purpose, r.originCountry].join('\u0000');
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
  const keys = [...counts.keys()].sort();
  // One column, the cells as rows with their total: a lone small cell takes another with it.
  const t = suppress({ rows: keys, columns: [''], counts: keys.map((k) => [counts.get(k)!]), rowsPartition: true }, threshold);
  return {
    year,
    threshold,
    cells: keys.map((k, i) => {
      const [kind, gender, adultOrChild, purpose, originCountry] = k.split('\u0000') as [NationalRow['kind'], string, 'adult' | 'child' | 'unknown', string, string];
      return { kind, gender, adultOrChild, purpose, originCountry, count: t.cells[i]![0]! };
    }),
  };
}
