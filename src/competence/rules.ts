/**
 * Competence rules: pure functions, no I/O. Dates are Stockholm calendar dates 'YYYY-MM-DD'.
 *
 * A completion is valid from the day it was completed; a training with a renewal interval must be
 * taken again within that many months (valid up to, not including, the same day N months later).
 */
import { addDays } from '../core/time/stockholm.ts';
import { ROLES, type Role } from '../core/access/policy.ts';

/** The roles a training can be aimed at: every staff role (partners are no staff). */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'external_partner');

export interface TrainingRule {
  id: string;
  title: string;
  requiredForRoles: readonly string[];
  renewalMonths: number | null;
  beforeQuestioning: boolean;
  active: boolean;
}
export interface CompletionFact {
  trainingId: string;
  completedOn: string;
}
export type TrainingStatus = 'done' | 'expiring' | 'expired' | 'missing';

/** Days before expiry from which a completion shows as "to renew". */
export const EXPIRING_WITHIN_DAYS = 60;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The same day `months` later; the last day of the month when it has no such day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}


/** The first day a completion no longer counts, or null when the training needs no renewal. */
export function expiresOn(completedOn: string, renewalMonths: number | null): string | null {
  return renewalMonths === null ? null : addMonths(completedOn, renewalMonths);
}

/** Whether a completion counts on a date: taken on or before it, and not yet due for renewal. */
export function validOn(completedOn: string, renewalMonths: number | null, on: string): boolean {
  if (completedOn > on) return false;
  const end = expiresOn(completedOn, renewalMonths);
  return end === null || on < end;
}

/** The active trainings required for any of the roles. */
export function requiredFor<T extends TrainingRule>(trainings: readonly T[], roles: readonly string[]): T[] {
  return trainings.filter((t) => t.active && t.requiredForRoles.some((r) => roles.includes(r)));
}

/** The completion that counts most on a date: the latest one taken on or before it. */
export function latestCompletion(completions: readonly CompletionFact[], trainingId: string, on: string): CompletionFact | undefined {
  return completions.filter((c) => c.trainingId === trainingId && c.completedOn <= on).sort((a, b) => b.completedOn.localeCompare(a.completedOn))[0];
}

/** Where one person stands with one training on a date. */
export function trainingStatus(training: Pick<TrainingRule, 'id' | 'renewalMonths'>, completions: readonly CompletionFact[], on: string): { status: TrainingStatus; completedOn: string | null; expiresOn: string | null } {
  const last = latestCompletion(completions, training.id, on);
  if (!last) return { status: 'missing', completedOn: null, expiresOn: null };
  const end = expiresOn(last.completedOn, training.renewalMonths);
  if (end !== null && on >= end) return { status: 'expired', completedOn: last.completedOn, expiresOn: end };
  if (end !== null && addDays(on, EXPIRING_WITHIN_DAYS) >= end) return { status: 'expiring', completedOn: last.completedOn, expiresOn: end };
  return { status: 'done', completedOn: last.completedOn, expiresOn: end };
}

/**
 * The trainings a person must have before asking the structured questions (seed 001: the national
 * web trainings come before routine questioning), that they lack on the date. A notice, never a block.
 */
export function missingBeforeQuestioning<T extends TrainingRule>(trainings: readonly T[], roles: readonly string[], completions: readonly CompletionFact[], on: string): T[] {
  return requiredFor(trainings, roles).filter((t) => t.beforeQuestioning && !completions.some((c) => c.trainingId === t.id && validOn(c.completedOn, t.renewalMonths, on)));
}

/** Share of staff trained, 0 when a unit has no one the training is required for. */
export function coverageShare(staff: number, trained: number): number {
  return staff === 0 ? 0 : trained / staff;
}

/** Problems with a catalogue entry beyond its shape: required roles must be among its target roles. */
export function trainingProblems(t: { targetRoles: readonly string[]; requiredForRoles: readonly string[]; format: string; beforeQuestioning: boolean }): string[] {
  const problems: string[] = [];
  if ([...t.targetRoles, ...t.requiredForRoles].some((r) => !(STAFF_ROLES as readonly string[]).includes(r))) problems.push('unknownRole');
  if (t.requiredForRoles.some((r) => !t.targetRoles.includes(r))) problems.push('requiredRoleNotTargeted');
  if (t.beforeQuestioning && t.requiredForRoles.length === 0) problems.push('beforeQuestioningNeedsRequired');
  return problems;
}

/** A completion date: a real date, not in the future, not before 2000. */
export function completionDateProblem(completedOn: string, today: string): string | null {
  if (!isCalendarDate(completedOn)) return 'invalidDate';
  if (completedOn > today) return 'completionInFuture';
  if (completedOn < '2000-01-01') return 'completionTooOld';
  return null;
}

/** The month-end dates from `from` to `to` (each capped at `today`), for coverage over time; at most 36. */
export function monthlyDates(from: string, to: string, today: string): string[] {
  const dates: string[] = [];
  let month = `${from.slice(0, 7)}-01`;
  while (month <= to && dates.length < 36) {
    const end = addDays(addMonths(month, 1), -1);
    const capped = [end, to, today].sort()[0]!;
    if (capped >= month) dates.push(capped);
    month = addMonths(month, 1);
  }
  return [...new Set(dates)];
}


/** The CSV import's columns (a header row names them; order free). */
export const CSV_COLUMNS = ['username', 'training', 'completed_on'] as const;
export interface CsvRowError {
  row: number;
  field: string;
  code: string;
}

/**
 * Checks the parsed CSV records against the staff the importer may reach and the catalogue.
 * Row numbers are the file's lines (the header is line 1). All or nothing: the caller imports only
 * when no row has an error.
 */
export function checkCompletionRows(
  records: ReadonlyArray<Record<string, string | undefined>>,
  lookup: { userId(username: string): string | undefined; trainingId(title: string): string | undefined },
  today: string,
): { rows: Array<{ userId: string; trainingId: string; completedOn: string }>; errors: CsvRowError[] } {
  const rows: Array<{ userId: string; trainingId: string; completedOn: string }> = [];
  const errors: CsvRowError[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    const row = i + 2;
    const before = errors.length;
    const username = (record.username ?? '').trim();
    const title = (record.training ?? '').trim();
    const completedOn = (record.completed_on ?? '').trim();
    const userId = username ? lookup.userId(username) : undefined;
    if (!username) errors.push({ row, field: 'username', code: 'required' });
    else if (!userId) errors.push({ row, field: 'username', code: 'unknownStaff' });
    const trainingId = title ? lookup.trainingId(title) : undefined;
    if (!title) errors.push({ row, field: 'training', code: 'required' });
    else if (!trainingId) errors.push({ row, field: 'training', code: 'unknownTraining' });
    const dateProblem = completedOn ? completionDateProblem(completedOn, today) : 'required';
    if (dateProblem) errors.push({ row, field: 'completed_on', code: dateProblem });
    if (errors.length > before) return;
    const key = `${userId}|${trainingId}|${completedOn}`;
    if (seen.has(key)) return errors.push({ row, field: '', code: 'duplicateRow' }) && undefined;
    seen.add(key);
    rows.push({ userId: userId!, trainingId: trainingId!, completedOn });
  });
  return { rows, errors };
}
