import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addMonths,
  checkCompletionRows,
  completionDateProblem,
  coverageShare,
  expiresOn,
  isCalendarDate,
  missingBeforeQuestioning,
  monthlyDates,
  requiredFor,
  trainingProblems,
  trainingStatus,
  validOn,
  type TrainingRule,
} from './rules.ts';

const web: TrainingRule = { id: 'web', title: 'Sex mot ersättning – vuxna', requiredForRoles: ['caseworker', 'unit_manager'], renewalMonths: 36, beforeQuestioning: true, active: true };
const seminar: TrainingRule = { id: 'sem', title: 'Metodseminarium', requiredForRoles: [], renewalMonths: null, beforeQuestioning: false, active: true };
const outreach: TrainingRule = { id: 'out', title: 'Exploatering', requiredForRoles: ['outreach_worker'], renewalMonths: null, beforeQuestioning: false, active: true };
const retired: TrainingRule = { ...web, id: 'old', active: false };

describe('required trainings', () => {
  test('a training is required for the roles it names, only while active', () => {
    expect(requiredFor([web, seminar, outreach, retired], ['caseworker']).map((t) => t.id)).toEqual(['web']);
    expect(requiredFor([web, seminar, outreach], ['outreach_worker', 'unit_manager']).map((t) => t.id)).toEqual(['web', 'out']);
    expect(requiredFor([web, seminar, outreach], ['analyst'])).toEqual([]);
  });

  test('the precondition lists what a caseworker lacks before questioning, and not what is done or only recommended', () => {
    expect(missingBeforeQuestioning([web, seminar, outreach], ['caseworker'], [], '2026-06-01').map((t) => t.id)).toEqual(['web']);
    expect(missingBeforeQuestioning([web], ['caseworker'], [{ trainingId: 'web', completedOn: '2026-05-31' }], '2026-06-01')).toEqual([]);
    // Taken after the date asked about: still missing on it.
    expect(missingBeforeQuestioning([web], ['caseworker'], [{ trainingId: 'web', completedOn: '2026-06-02' }], '2026-06-01')).toHaveLength(1);
    // Expired: missing again.
    expect(missingBeforeQuestioning([web], ['caseworker'], [{ trainingId: 'web', completedOn: '2023-06-01' }], '2026-06-01')).toHaveLength(1);
    // Required, but not before questioning: no notice.
    expect(missingBeforeQuestioning([outreach], ['outreach_worker'], [], '2026-06-01')).toEqual([]);
  });
});

describe('renewal', () => {
  test('a completion counts from its day until the same day N months later', () => {
    expect(expiresOn('2023-06-01', 36)).toBe('2026-06-01');
    expect(expiresOn('2023-06-01', null)).toBeNull();
    expect(validOn('2023-06-01', 36, '2023-06-01')).toBe(true);
    expect(validOn('2023-06-01', 36, '2023-05-31')).toBe(false);
    expect(validOn('2023-06-01', 36, '2026-05-31')).toBe(true);
    expect(validOn('2023-06-01', 36, '2026-06-01')).toBe(false);
    expect(validOn('2001-01-01', null, '2099-12-31')).toBe(true);
  });

  test('month arithmetic keeps the day, or takes the month’s last', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-15', -5)).toBe('2025-10-15');
  });

  test('status: missing, done, to renew within 60 days, expired — from the latest completion on the date', () => {
    const on = '2026-06-01';
    expect(trainingStatus(web, [], on).status).toBe('missing');
    expect(trainingStatus(web, [{ trainingId: 'web', completedOn: '2025-01-10' }], on)).toEqual({ status: 'done', completedOn: '2025-01-10', expiresOn: '2028-01-10' });
    expect(trainingStatus(web, [{ trainingId: 'web', completedOn: '2023-07-15' }], on)).toEqual({ status: 'expiring', completedOn: '2023-07-15', expiresOn: '2026-07-15' });
    expect(trainingStatus(web, [{ trainingId: 'web', completedOn: '2023-05-01' }], on)).toEqual({ status: 'expired', completedOn: '2023-05-01', expiresOn: '2026-05-01' });
    // A renewal after the expired one: done again.
    expect(trainingStatus(web, [{ trainingId: 'web', completedOn: '2023-05-01' }, { trainingId: 'web', completedOn: '2026-05-20' }], on).status).toBe('done');
    // A completion of another training is not this one.
    expect(trainingStatus(web, [{ trainingId: 'sem', completedOn: '2026-05-20' }], on).status).toBe('missing');
  });

  test('property: a completion is valid on a date exactly when taken by then and the date is before its expiry', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }), (completed, on, months) => {
        const end = expiresOn(completed, months);
        expect(validOn(completed, months, on)).toBe(completed <= on && (end === null || on < end));
        if (end !== null) expect(end > completed).toBe(true);
      }),
    );
  });
});

describe('coverage over time', () => {
  test('the share, and zero for a unit with nobody the training is required for', () => {
    expect(coverageShare(5, 2)).toBe(0.4);
    expect(coverageShare(0, 0)).toBe(0);
  });

  test('month ends of the period, the last capped at its end and at today', () => {
    expect(monthlyDates('2026-01-10', '2026-03-15', '2026-12-01')).toEqual(['2026-01-31', '2026-02-28', '2026-03-15']);
    expect(monthlyDates('2026-01-01', '2026-12-31', '2026-02-10')).toEqual(['2026-01-31', '2026-02-10']);
    expect(monthlyDates('2020-01-01', '2026-12-31', '2026-12-31')).toHaveLength(36);
  });
});

describe('input', () => {
  test('calendar dates and completion dates', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-2-1')).toBe(false);
    expect(completionDateProblem('2026-06-02', '2026-06-01')).toBe('completionInFuture');
    expect(completionDateProblem('1999-12-31', '2026-06-01')).toBe('completionTooOld');
    expect(completionDateProblem('2026-13-01', '2026-06-01')).toBe('invalidDate');
    expect(completionDateProblem('2026-06-01', '2026-06-01')).toBeNull();
  });

  test('a catalogue entry: known staff roles, required roles among the targeted, the precondition only for a required training', () => {
    expect(trainingProblems({ targetRoles: ['caseworker'], requiredForRoles: ['caseworker'], format: 'web', beforeQuestioning: true })).toEqual([]);
    expect(trainingProblems({ targetRoles: ['wizard'], requiredForRoles: [], format: 'web', beforeQuestioning: false })).toEqual(['unknownRole']);
    expect(trainingProblems({ targetRoles: ['external_partner'], requiredForRoles: [], format: 'web', beforeQuestioning: false })).toEqual(['unknownRole']);
    expect(trainingProblems({ targetRoles: ['caseworker'], requiredForRoles: ['coordinator'], format: 'web', beforeQuestioning: false })).toEqual(['requiredRoleNotTargeted']);
    expect(trainingProblems({ targetRoles: ['caseworker'], requiredForRoles: [], format: 'web', beforeQuestioning: true })).toEqual(['beforeQuestioningNeedsRequired']);
  });

  test('CSV rows: each error with its line and field; duplicates flagged; valid rows mapped', () => {
    const lookup = { userId: (u: string) => ({ anna: 'u1', bo: 'u2' })[u], trainingId: (t: string) => ({ Webb: 't1' })[t] };
    const { rows, errors } = checkCompletionRows(
      [
        { username: 'anna', training: 'Webb', completed_on: '2026-05-01' },
        { username: 'okänd', training: 'Webb', completed_on: '2026-05-01' },
        { username: 'bo', training: 'Kurs', completed_on: '2026-02-30' },
        { username: '', training: 'Webb', completed_on: '' },
        { username: 'anna', training: 'Webb', completed_on: '2026-05-01' },
        { username: 'bo', training: 'Webb', completed_on: '2027-01-01' },
      ],
      lookup,
      '2026-06-01',
    );
    expect(rows).toEqual([{ userId: 'u1', trainingId: 't1', completedOn: '2026-05-01' }]);
    expect(errors).toEqual([
      { row: 3, field: 'username', code: 'unknownStaff' },
      { row: 4, field: 'training', code: 'unknownTraining' },
      { row: 4, field: 'completed_on', code: 'invalidDate' },
      { row: 5, field: 'username', code: 'required' },
      { row: 5, field: 'completed_on', code: 'required' },
      { row: 6, field: '', code: 'duplicateRow' },
      { row: 7, field: 'completed_on', code: 'completionInFuture' },
    ]);
  });

  test('property: no CSV record makes the check throw, and every record is either a row or has an error', () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('anna', 'Webb', '2026-05-01', ''));
    fc.assert(
      fc.property(fc.array(fc.record({ username: cell, training: cell, completed_on: cell }), { maxLength: 20 }), (records) => {
        const { rows, errors } = checkCompletionRows(records, { userId: (u) => (u === 'anna' ? 'u1' : undefined), trainingId: (t) => (t === 'Webb' ? 't1' : undefined) }, '2026-06-01');
        expect(rows.length + new Set(errors.map((e) => e.row)).size).toBe(records.length);
      }),
    );
  });
});
