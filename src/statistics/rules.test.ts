import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { adultOrChild, dateRangeProblem, parseTrainingCategory, trainingCategory, shownCell, suppress, tableOf, traffickingOrExploitation, type Cell, type CountTable, type SuppressedTable } from './rules.ts';

/**
 * The attacker: knows the shown cells and totals and that every line sums to its total; solves every
 * line with a single unknown, again and again. Returns the hidden cells it recovered.
 */
function recover(t: SuppressedTable): Array<[number, number, number]> {
  const R = t.rows.length;
  const C = t.columns.length;
  const partition = t.columnTotals !== null;
  const grid: (number | null)[][] = t.cells.map((row, r) => [...row, t.rowTotals[r]!].map((v) => (typeof v === 'number' ? v : null)));
  if (partition) grid.push([...t.columnTotals!, t.total!].map((v) => (typeof v === 'number' ? v : null)));
  const rows = partition ? R + 1 : R;
  const found: Array<[number, number, number]> = [];
  let progress = true;
  while (progress) {
    progress = false;
    const lines: Array<{ cells: Array<[number, number]>; total: [number, number] }> = [];
    for (let r = 0; r < rows; r++) lines.push({ cells: Array.from({ length: C }, (_, c) => [r, c]), total: [r, C] });
    if (partition) for (let c = 0; c <= C; c++) lines.push({ cells: Array.from({ length: R }, (_, r) => [r, c]), total: [R, c] });
    for (const { cells, total } of lines) {
      const all = [...cells, total];
      const unknown = all.filter(([r, c]) => grid[r]![c] === null);
      if (unknown.length !== 1) continue;
      const [ur, uc] = unknown[0]!;
      const sumCells = cells.filter(([r, c]) => !(r === ur && c === uc)).reduce((a, [r, c]) => a + grid[r]![c]!, 0);
      const value = ur === total[0] && uc === total[1] ? sumCells : grid[total[0]]![total[1]]! - sumCells;
      grid[ur]![uc] = value;
      found.push([ur, uc, value]);
      progress = true;
    }
  }
  return found;
}

const hiddenCount = (t: SuppressedTable) => [...t.cells.flat(), ...t.rowTotals, ...(t.columnTotals ?? []), ...(t.total === null ? [] : [t.total])].filter((c) => typeof c !== 'number').length;

describe('suppression of small counts', () => {
  test('a table built to leak: one small cell per row and column would be given away by the totals; complementary suppression stops it', () => {
    // Unit A has 3 children aged 0–14 (small). Without more, 0–14's row total (3 + 40 + 22 = 65) and
    // unit A's column total give the 3 back by subtraction.
    const table: CountTable = {
      rows: ['0_14', '15_17', '18_21'],
      columns: ['A', 'B', 'C'],
      counts: [
        [3, 40, 22],
        [12, 9, 30],
        [20, 25, 18],
      ],
      rowsPartition: true,
    };
    // Only the small count hidden: the attacker recovers it at once.
    const naive: SuppressedTable = { rows: [...table.rows], columns: [...table.columns], cells: [['small', 40, 22], [12, 9, 30], [20, 25, 18]], rowTotals: [65, 51, 63], columnTotals: [35, 74, 70], total: 179 };
    expect(recover(naive)).toContainEqual([0, 0, 3]);

    const t = suppress(table);
    expect(t.cells[0]![0]).toBe('small');
    expect(hiddenCount(t)).toBeGreaterThanOrEqual(4);
    expect(recover(t)).toEqual([]);
    // Shown counts are the true ones.
    t.cells.forEach((row, r) => row.forEach((c, col) => typeof c === 'number' && expect(c).toBe(table.counts[r]![col])));
  });

  test('a small total is hidden too, and its line protected', () => {
    const t = suppress({ rows: ['woman', 'man'], columns: ['A', 'B'], counts: [[2, 1], [30, 0]], rowsPartition: true });
    expect(t.rowTotals[0]).toBe('small');
    expect(t.cells[0]).toEqual(['small', 'small']);
    expect(recover(t)).toEqual([]);
    expect(shownCell(t.cells[0]![0]!)).toBe('<5');
  });

  test('zeros are shown; nothing under the threshold is ever shown', () => {
    const t = suppress({ rows: ['x'], columns: ['A', 'B', 'C'], counts: [[0, 7, 9]], rowsPartition: true });
    expect(t.cells[0]).toEqual([0, 7, 9]);
    expect(t.total).toBe(16);
  });

  test('the threshold is configurable', () => {
    const t = suppress({ rows: ['x', 'y'], columns: ['A'], counts: [[7], [20]], rowsPartition: true }, 10);
    expect(t.cells[0]![0]).toBe('small');
    expect(shownCell('small', 10)).toBe('<10');
  });

  test('rows that do not partition (a case with several types) show no column totals; their row totals still protect', () => {
    const t = suppress({ rows: ['trafficking', 'grooming'], columns: ['A', 'B'], counts: [[3, 50], [10, 12]], rowsPartition: false });
    expect(t.columnTotals).toBeNull();
    expect(t.cells[0]![0]).toBe('small');
    expect(t.cells[0]![1]).toBe('hidden');
    expect(recover(t)).toEqual([]);
  });

  test('property: for any table, no shown count is under the threshold and the line attack recovers nothing', () => {
    const tables = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean())
      .chain(([R, C, p]) => fc.tuple(fc.constant(p), fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), { minLength: C, maxLength: C }), { minLength: R, maxLength: R })));
    fc.assert(
      fc.property(tables, ([partition, counts]) => {
        const table: CountTable = { rows: counts.map((_, i) => `r${i}`), columns: counts[0]!.map((_, i) => `c${i}`), counts, rowsPartition: partition };
        const t = suppress(table);
        const shown: Cell[] = [...t.cells.flat(), ...t.rowTotals, ...(t.columnTotals ?? []), ...(t.total === null ? [] : [t.total])];
        for (const c of shown) if (typeof c === 'number') expect(c === 0 || c >= 5).toBe(true);
        const smallRecovered = recover(t).filter(([, , v]) => v > 0 && v < 5);
        expect(smallRecovered).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('indicator tables', () => {
  test('counts become categories by unit in the given orders, missing ones zero', () => {
    const t = tableOf('age_band', [
      { indicator: 'age_band', category: '15_17', unit: 'B', count: 4 },
      { indicator: 'age_band', category: '26_plus', unit: 'A', count: 9 },
      { indicator: 'gender', category: 'woman', unit: 'A', count: 1 },
    ], ['A', 'B'], ['15_17', '26_plus']);
    expect(t.counts).toEqual([[0, 4], [9, 0]]);
    expect(t.rowsPartition).toBe(true);
    expect(tableOf('chat_volume', [], ['A', 'B']).columns).toEqual(['']);
  });
});

describe('date ranges and national dimensions', () => {
  test('reversed, too long or out of bounds ranges are refused', () => {
    expect(dateRangeProblem('2026-05-01', '2026-04-01', '2026-12-04')).toBe('dateRangeReversed');
    expect(dateRangeProblem('2001-01-01', '2026-01-01', '2026-12-04')).toBe('dateRangeTooLong');
    expect(dateRangeProblem('1900-01-01', '1901-01-01', '2026-12-04')).toBe('dateRangeOutOfBounds');
    expect(dateRangeProblem('2027-01-01', '2027-02-01', '2026-12-04')).toBe('dateRangeOutOfBounds');
    expect(dateRangeProblem('2026-01-01', '2026-12-31', '2026-12-04')).toBeNull();
  });

  test('adult or child from the core age band; trafficking or exploitation', () => {
    expect(adultOrChild('15_17')).toBe('child');
    expect(adultOrChild('18_21')).toBe('adult');
    expect(adultOrChild('unknown')).toBe('unknown');
    expect(traffickingOrExploitation(['sex_for_compensation'], [])).toBe('exploitation');
    expect(traffickingOrExploitation(['sex_for_compensation'], ['debt_bondage'])).toBe('trafficking');
  });
});

describe('training coverage categories', () => {
  test('a title with the separator in it round-trips; other categories are not training categories', () => {
    expect(parseTrainingCategory(trainingCategory('Grundkurs::del 1', 'trained'))).toEqual({ title: 'Grundkurs::del 1', what: 'trained' });
    expect(parseTrainingCategory(trainingCategory('Grundkurs', 'staff'))).toEqual({ title: 'Grundkurs', what: 'staff' });
    expect(parseTrainingCategory('offered:support_talk')).toBeNull();
    expect(parseTrainingCategory('new_cases')).toBeNull();
  });
});
