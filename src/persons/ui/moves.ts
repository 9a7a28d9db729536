/**
 * The rows a merge moves, in the caseworker's words ("3 kontakter, 2 ärenden, 12 svar på frågor"),
 * not the tables' names. A table without a label (one a later capability adds) is counted as
 * "other records"; merge.test.ts checks that every table that can move has a label.
 */
export const LABELLED_TABLES = [
  'cases',
  'contacts',
  'consents',
  'exit_plans',
  'journal_entries',
  'question_answers',
  'decisions',
  'case_steps',
  'case_transfers',
  'referrals',
  'bookings',
  'chat_escalations',
] as const;

export function movesText(t: (key: string, options: { count: number }) => string, rows: ReadonlyArray<{ table: string; count: number }>): string {
  const byLabel = new Map<string, number>();
  for (const r of rows) {
    if (r.count <= 0) continue;
    const key = (LABELLED_TABLES as readonly string[]).includes(r.table) ? r.table : 'unknown';
    byLabel.set(key, (byLabel.get(key) ?? 0) + r.count);
  }
  return [...byLabel].map(([key, count]) => t(`tables.${key}`, { count })).join(', ');
}
