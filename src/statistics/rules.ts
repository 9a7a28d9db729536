import { AGE_BANDS, isChildBand, type AgeBand } from '../core/age-band.ts';

/**
 * The statistics' rules: small counts suppressed, with complementary suppression so a hidden count
 * cannot be worked out from what is shown; the indicators and what they count; date ranges.
 * Plain functions, no I/O.
 */

/** A shown count, or why it is hidden: 'small' (under the threshold, shown as "<5") or 'hidden' (complementary). */
export type Cell = number | 'small' | 'hidden';

/** Counts of categories (rows) in units (columns), before suppression. */
export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  counts: readonly (readonly number[])[];
  /**
   * Whether the rows partition what is counted, so that a column's total is the sum of its rows
   * (age bands: yes; exploitation types, where a case has several: no, and no column total is shown).
   */
  rowsPartition: boolean;
}

export interface SuppressedTable {
  rows: string[];
  columns: string[];
  cells: Cell[][];
  /** Per row, across the columns (always a sum). */
  rowTotals: Cell[];
  /** Per column, down the rows; null when the rows do not partition (no total is shown). */
  columnTotals: Cell[] | null;
  /** The grand total; null when the rows do not partition. */
  total: Cell | null;
}

export const DEFAULT_THRESHOLD = 5;

/**
 * Suppresses every count under the threshold (0 < n < threshold; a zero is shown) and then, until
 * nothing changes, every line — a row with its total, a column with its total, the totals row with
 * the grand total — that hides exactly one cell hides one more: the smallest positive inner cell of
 * the line, else its total, else any other. A line with one hidden cell would give it away as the
 * total minus the rest; with two or more, the line's sum only tells their sum.
 */
export function suppress(table: CountTable, threshold = DEFAULT_THRESHOLD): SuppressedTable {
  const R = table.rows.length;
  const C = table.columns.length;
  const withColumnTotals = table.rowsPartition;
  // The grid with the totals: rows 0..R-1 and (when shown) the totals row R; columns 0..C-1 and the totals column C.
  const rowCount = withColumnTotals ? R + 1 : R;
  const grid: number[][] = [];
  for (let r = 0; r < R; r++) {
    const row = [...table.counts[r]!];
    grid.push([...row, row.reduce((a, b) => a + b, 0)]);
  }
  if (withColumnTotals) grid.push(Array.from({ length: C + 1 }, (_, c) => grid.reduce((a, row) => a + row[c]!, 0)));
  const hidden: ('small' | 'hidden' | null)[][] = grid.map((row) => row.map((v) => (v > 0 && v < threshold ? 'small' : null)));

  const lines: Array<Array<[number, number]>> = [];
  for (let r = 0; r < rowCount; r++) lines.push(Array.from({ length: C + 1 }, (_, c) => [r, c] as [number, number]));
  for (let c = 0; c <= C; c++) lines.push(Array.from({ length: rowCount }, (_, r) => [r, c] as [number, number]));
  const isTotal = ([r, c]: [number, number]) => c === C || (withColumnTotals && r === R);

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if (line.length < 2) continue;
      const hiddenHere = line.filter(([r, c]) => hidden[r]![c]);
      if (hiddenHere.length !== 1) continue;
      const open = line.filter(([r, c]) => !hidden[r]![c]);
      const byValue = (a: [number, number], b: [number, number]) => grid[a[0]]![a[1]]! - grid[b[0]]![b[1]]!;
      const pick =
        open.filter((p) => !isTotal(p) && grid[p[0]]![p[1]]! > 0).sort(byValue)[0] ??
        open.filter((p) => isTotal(p)).sort(byValue)[0] ??
        open.sort(byValue)[0];
      if (!pick) continue;
      hidden[pick[0]]![pick[1]] = 'hidden';
      changed = true;
    }
  }
  const cellOf = (r: number, c: number): Cell => hidden[r]![c] ?? grid[r]![c]!;
  return {
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.rows.map((_, r) => table.columns.map((_, c) => cellOf(r, c))),
    rowTotals: table.rows.map((_, r) => cellOf(r, C)),
    columnTotals: withColumnTotals ? table.columns.map((_, c) => cellOf(R, c)) : null,
    total: withColumnTotals ? cellOf(R, C) : null,
  };
}

/** How a cell reads in a report, a table or a CSV: the count, "<5" or "x" (hidden so a small count cannot be worked out). */
export function shownCell(cell: Cell, threshold = DEFAULT_THRESHOLD): string {
  if (cell === 'small') return `<${threshold}`;
  if (cell === 'hidden') return 'x';
  return String(cell);
}

/** A share in whole per cent of two shown counts, or null when either is hidden or the base is zero. */
export function shareOf(part: Cell, whole: Cell): number | null {
  if (typeof part !== 'number' || typeof whole !== 'number' || whole <= 0) return null;
  return Math.round((part / whole) * 100);
}

/** The indicators, in the order the dashboard and the reports show them. */
export const INDICATORS = [
  'new_cases_by_month',
  'age_band',
  'gender',
  'role',
  'channel',
  'exploitation_type',
  'risk_factor',
  'trafficking_indicator',
  'referrals',
  'exit_plans',
  'exit_plan_endings',
  'questioning',
  'training',
  'outreach',
  'chat_volume',
  'chat_outcome',
  'ads',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Whether the categories of an indicator partition what it counts (a case is in exactly one). */
export const PARTITIONS: Record<Indicator, boolean> = {
  new_cases_by_month: true,
  age_band: true,
  gender: true,
  role: true,
  channel: true,
  exploitation_type: false,
  risk_factor: false,
  trafficking_indicator: false,
  referrals: false,
  exit_plans: false,
  // Each plan ended in the period has one reason (or none recorded): the column total is the plans ended.
  exit_plan_endings: true,
  questioning: false,
  training: false,
  outreach: false,
  chat_volume: false,
  chat_outcome: true,
  ads: false,
};

/** Indicators counted for the whole municipality, not per unit (the chat is anonymous, ads are public). */
export const MUNICIPALITY_WIDE: readonly Indicator[] = ['chat_volume', 'chat_outcome', 'ads'];

/** One count: an indicator's category in a unit ('' for the whole municipality). */
export interface Count {
  indicator: Indicator;
  category: string;
  unit: string;
  count: number;
}

/** The counts of one indicator as a table of its categories by unit, in the given orders. */
export function tableOf(indicator: Indicator, counts: readonly Count[], units: readonly string[], categories?: readonly string[]): CountTable {
  const mine = counts.filter((c) => c.indicator === indicator);
  const columns = MUNICIPALITY_WIDE.includes(indicator) ? [''] : [...units];
  const rows = categories ? [...categories] : [...new Set(mine.map((c) => c.category))].sort();
  const index = new Map(mine.map((c) => [`${c.category}\u0000${c.unit}`, c.count]));
  return { rows, columns, counts: rows.map((r) => columns.map((u) => index.get(`${r}\u0000${u}`) ?? 0)), rowsPartition: PARTITIONS[indicator] };
}

/** Longest range the statistics answer for (a period's figures, never the whole history at once). */
export const MAX_RANGE_DAYS = 366 * 10;
/** Earliest date asked about. */
export const EARLIEST_DATE = '2000-01-01';

/** Why a date range is refused (an error code), or null. Dates are ISO (YYYY-MM-DD). */
export function dateRangeProblem(from: string, to: string, today: string): 'dateRangeReversed' | 'dateRangeTooLong' | 'dateRangeOutOfBounds' | null {
  if (from > to) return 'dateRangeReversed';
  if (from < EARLIEST_DATE || from > today) return 'dateRangeOutOfBounds';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_RANGE_DAYS) return 'dateRangeTooLong';
  return null;
}

/** The year's first and last day. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Adult or child for the national report, from the age band at opening. */
export function adultOrChild(ageBand: string): 'child' | 'adult' | 'unknown' {
  if (!(AGE_BANDS as readonly string[]).includes(ageBand) || ageBand === 'unknown') return 'unknown';
  return isChildBand(ageBand as AgeBand) ? 'child' : 'adult';
}

/** Trafficking (a case with trafficking as its type or with indicators of it) or exploitation otherwise. */
export function traffickingOrExploitation(exploitationTypes: readonly string[], traffickingIndicators: readonly string[]): 'trafficking' | 'exploitation' {
  return exploitationTypes.includes('trafficking') || traffickingIndicators.length > 0 ? 'trafficking' : 'exploitation';
}

/**
 * A training coverage category: the training's title and what is counted — the staff required to
 * have it, or those of them trained (a valid completion) — as "<title>::staff" / "<title>::trained",
 * so one training's two rows sort together.
 */
export function trainingCategory(title: string, what: 'staff' | 'trained'): string {
  return `${title}::${what}`;
}

/** The title and the part of a training coverage category, or null for another category. */
export function parseTrainingCategory(category: string): { title: string; what: 'staff' | 'trained' } | null {
  const m = /^(.*)::(staff|trained)$/s.exec(category);
  return m ? { title: m[1]!, what: m[2] as 'staff' | 'trained' } : null;
}
