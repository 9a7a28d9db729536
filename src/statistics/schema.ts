import { z } from 'zod';
import { INDICATORS } from './rules.ts';

/** A date range and optionally one unit (only units the caller may see). */
export const DashboardQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  unitId: z.uuid().optional(),
  /** Columns per unit (default) or per district, the units' counts added up (equal treatment across districts). */
  by: z.enum(['unit', 'district']).default('unit'),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

const year = z.coerce.number().int().min(2000).max(2100);

export const ReportQuery = z.object({
  year,
  unitId: z.uuid().optional(),
  /** The annual compilation (årsvis sammanställning) or the PMM section of the municipal crime picture (lägesbild). */
  report: z.enum(['annual', 'crime-picture']).default('annual'),
  format: z.enum(['json', 'html', 'pdf', 'csv']).default('json'),
  lang: z.enum(['sv', 'en']).default('sv'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const Cell = z.union([z.number(), z.literal('small'), z.literal('hidden')]);
export const StatisticsTable = z.object({
  indicator: z.enum(INDICATORS),
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  cells: z.array(z.array(Cell)),
  rowTotals: z.array(Cell),
  columnTotals: z.array(Cell).nullable(),
  total: Cell.nullable(),
});
export type StatisticsTable = z.infer<typeof StatisticsTable>;

export const StatisticsOut = z.object({
  from: z.string(),
  to: z.string(),
  threshold: z.number(),
  /** Whether the figures are the kept yearly figures (the cases behind them may be deleted). */
  kept: z.boolean(),
  /** The columns: units, or districts (id 'no_district' for units serving the whole municipality). */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  by: z.enum(['unit', 'district']),
  tables: z.array(StatisticsTable),
  /** Average wait of the chats a counsellor took, in seconds; null when fewer than the threshold were taken. */
  chatAverageWaitSeconds: z.number().nullable(),
});
export type StatisticsOut = z.infer<typeof StatisticsOut>;

export const NationalQuery = z.object({ year, format: z.enum(['json', 'csv']).default('json') });
export type NationalQuery = z.infer<typeof NationalQuery>;

const NationalDims = {
  kind: z.enum(['trafficking', 'exploitation']),
  gender: z.string().max(40),
  adultOrChild: z.enum(['adult', 'child', 'unknown']),
  purpose: z.string().max(200),
  originCountry: z.string().max(60),
};
export const NationalCell = z.object({ ...NationalDims, count: Cell });
export const NationalOut = z.object({ year: z.number(), threshold: z.number(), cells: z.array(NationalCell) });
export type NationalOut = z.infer<typeof NationalOut>;
export const NationalCellQuery = z.object({ year, ...NationalDims });
export type NationalCellQuery = z.infer<typeof NationalCellQuery>;
export const NationalPerson = z.object({ key: z.string(), ...NationalDims, units: z.number() });
export const NationalPersonsOut = z.object({ year: z.number(), keyAlgorithm: z.literal('HMAC-SHA256'), persons: z.array(NationalPerson) });
