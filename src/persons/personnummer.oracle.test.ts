import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parsePersonnummer } from './personnummer.ts';

/**
 * An oracle for the personnummer parser that does not trust it: the valid and invalid numbers below
 * are written out by hand from the Luhn rule (fictional, in the Swedish Tax Agency's test-number
 * style, serials 98xx/99xx), and the properties compare the parser with a reference written here
 * independently (digit sums of the doubled digits, a hand-written calendar) — never with
 * `luhnCheckDigit` or anything else from the code under test.
 *
 * Worked example of the rule, for 811218-9876: digits 8 1 1 2 1 8 9 8 7 with weights 2 1 2 1 2 1 2 1 2
 * give 16 1 2 2 2 8 18 8 14; their digit sums 7+1+2+2+2+8+9+8+5 = 44; check digit (10 − 4) mod 10 = 6.
 */
const TODAY = new Date('2026-06-15T12:00:00Z');

type Valid = [input: string, normalized: string, kind: 'personnummer' | 'samordningsnummer', birthDate: string];
const VALID: Valid[] = [
  // The classic example in all five accepted forms (and with stray spaces).
  ['811218-9876', '198112189876', 'personnummer', '1981-12-18'],
  ['8112189876', '198112189876', 'personnummer', '1981-12-18'],
  ['19811218-9876', '198112189876', 'personnummer', '1981-12-18'],
  ['198112189876', '198112189876', 'personnummer', '1981-12-18'],
  [' 811218 9876 ', '198112189876', 'personnummer', '1981-12-18'],
  ['640823-3234', '196408233234', 'personnummer', '1964-08-23'],
  // 1 2 1 2 1 2 1 2 1 → 2+2+2+2+2+2+2+2+2 = 18 → check 2. The ten-digit form is the most recent
  // century not in the future (2012); '+' says 100 years or older (1912).
  ['121212-1212', '201212121212', 'personnummer', '2012-12-12'],
  ['1212121212', '201212121212', 'personnummer', '2012-12-12'],
  ['121212+1212', '191212121212', 'personnummer', '1912-12-12'],
  ['19121212-1212', '191212121212', 'personnummer', '1912-12-12'],
  ['191212121212', '191212121212', 'personnummer', '1912-12-12'],
  // Samordningsnummer: day + 60. 7 0 1 0 6 3 2 3 9 → 5+0+2+0+3+3+4+3+9 = 29 → check 1. Born 3 October 1970.
  ['701063-2391', '197010632391', 'samordningsnummer', '1970-10-03'],
  ['7010632391', '197010632391', 'samordningsnummer', '1970-10-03'],
  ['19701063-2391', '197010632391', 'samordningsnummer', '1970-10-03'],
  ['197010632391', '197010632391', 'samordningsnummer', '1970-10-03'],
  // Leap days: 1996, 2000 (divisible by 400) and 2020.
  ['960229-9886', '199602299886', 'personnummer', '1996-02-29'],
  ['000229-9873', '200002299873', 'personnummer', '2000-02-29'],
  ['200229-9887', '202002299887', 'personnummer', '2020-02-29'],
  // The century of a ten-digit number: today (15 June 2026) is this century, tomorrow's date the last one.
  ['260615-9875', '202606159875', 'personnummer', '2026-06-15'],
  ['260616-9874', '192606169874', 'personnummer', '1926-06-16'],
  ['311231-9805', '193112319805', 'personnummer', '1931-12-31'],
  ['450415-9890', '194504159890', 'personnummer', '1945-04-15'],
  ['450415+9890', '184504159890', 'personnummer', '1845-04-15'],
  ['990101-9803', '199901019803', 'personnummer', '1999-01-01'],
  ['000101-9827', '200001019827', 'personnummer', '2000-01-01'],
];

type Invalid = [input: string, error: 'format' | 'date' | 'checksum'];
const INVALID: Invalid[] = [
  // One off in the check digit.
  ['811218-9875', 'checksum'],
  ['811218-9877', 'checksum'],
  ['198112189870', 'checksum'],
  ['701063-2392', 'checksum'],
  // Luhn-valid, impossible dates (so the date is what is wrong).
  ['900230-9871', 'date'], // 30 February
  ['19900230-9871', 'date'],
  ['970229-9877', 'date'], // 1997 is no leap year
  ['19000229-9873', 'date'], // 1900 is no leap year (divisible by 100, not by 400)
  ['000229+9873', 'date'], // the same, by '+'
  ['811318-9875', 'date'], // month 13
  ['810000-9870', 'date'], // month 0, day 0
  ['810160-9876', 'date'], // coordination day 60 = day 0
  ['811292-9875', 'date'], // coordination day 92 = 32 December
  ['851195-9879', 'date'], // coordination day 95 = 35 November
  ['20311231-9805', 'date'], // in the future
  // Not a personnummer at all.
  ['8112-9876', 'format'],
  ['19811218+9876', 'format'], // '+' only in the ten-digit form
  ['81121898760', 'format'], // eleven digits
  ['811218987', 'format'], // nine digits
  ['811218--9876', 'format'],
  ['811218_9876', 'format'],
  ['ABCDEF-9876', 'format'],
  ['+8112189876', 'format'],
  ['', 'format'],
];

describe('personnummer oracle', () => {
  test.each(VALID)('%s is valid: %s (%s, born %s)', (input, normalized, kind, birthDate) => {
    expect(parsePersonnummer(input, TODAY)).toEqual({ ok: true, value: { normalized, kind, birthDate } });
  });

  test.each(INVALID)('%s is refused: %s', (input, error) => {
    expect(parsePersonnummer(input, TODAY)).toEqual({ ok: false, error });
  });

  test('every single-digit change of every valid number is refused (or, in the century, names another person)', () => {
    const problems: string[] = [];
    for (const [input, normalized] of VALID) {
      const digits = [...input].map((c, i) => ({ c, i })).filter((x) => /\d/.test(x.c));
      // The century digits of a twelve-digit form lie outside the Luhn check.
      const centuryPositions = input.trim().replace(/\s/g, '').replace(/[-+]/, '').length === 12 ? new Set(digits.slice(0, 2).map((d) => d.i)) : new Set<number>();
      for (const { c, i } of digits) {
        for (let v = 0; v <= 9; v++) {
          if (String(v) === c) continue;
          const changed = input.slice(0, i) + v + input.slice(i + 1);
          const r = parsePersonnummer(changed, TODAY);
          if (centuryPositions.has(i)) {
            if (r.ok && r.value.normalized === normalized) problems.push(`${changed} parsed to the same person`);
          } else if (r.ok || r.error === 'format') problems.push(`${changed} → ${JSON.stringify(r)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // ---- Independent reference, for the properties ----
  const refCheckDigit = (nine: string) => {
    const doubled = [...nine].map((c, i) => String(Number(c) * (i % 2 === 0 ? 2 : 1)));
    const sum = doubled.join('').split('').reduce((s, c) => s + Number(c), 0);
    return String((10 - (sum % 10)) % 10);
  };
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const realDate = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap(y) ? 29 : DAYS[m - 1]!);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const notFuture = (y: number, m: number, d: number) => `${y}-${p2(m)}-${p2(d)}` <= '2026-06-15';

  test('property: a twelve-digit number is accepted exactly when the reference says so (Luhn, calendar, not in the future)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1890, max: 2030 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        (y, m, d, coordination, serial, check, dash) => {
          const dd = p2(coordination ? d + 60 : d);
          const nine = `${p2(y % 100)}${p2(m)}${dd}${String(serial).padStart(3, '0')}`;
          const input = `${y}${p2(m)}${dd}${dash ? '-' : ''}${String(serial).padStart(3, '0')}${check}`;
          const expectedOk = realDate(y, m, d) && notFuture(y, m, d) && refCheckDigit(nine) === String(check);
          const r = parsePersonnummer(input, TODAY);
          expect(r.ok, input).toBe(expectedOk);
          if (r.ok) expect(r.value).toEqual({ normalized: `${y}${p2(m)}${dd}${String(serial).padStart(3, '0')}${check}`, kind: coordination ? 'samordningsnummer' : 'personnummer', birthDate: `${y}-${p2(m)}-${p2(d)}` });
          else if (!(realDate(y, m, d) && notFuture(y, m, d))) expect(r.error, input).toBe('date');
          else expect(r.error, input).toBe('checksum');
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('property: a ten-digit number takes the most recent century not in the future; "+" one century earlier', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2026-06-15T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (date, serial) => {
        const y = date.getUTCFullYear();
        const m = date.getUTCMonth() + 1;
        const d = date.getUTCDate();
        const nine = `${p2(y % 100)}${p2(m)}${p2(d)}${String(serial).padStart(3, '0')}`;
        const ten = nine + refCheckDigit(nine);
        // The reference century: 20yy if that date is not after today, else 19yy.
        const recent = notFuture(2000 + (y % 100), m, d) ? 2000 + (y % 100) : 1900 + (y % 100);
        const minus = parsePersonnummer(`${ten.slice(0, 6)}-${ten.slice(6)}`, TODAY);
        const plus = parsePersonnummer(`${ten.slice(0, 6)}+${ten.slice(6)}`, TODAY);
        for (const [r, year] of [[minus, recent], [plus, recent - 100]] as const) {
          if (realDate(year, m, d)) expect(r).toMatchObject({ ok: true, value: { normalized: `${year}${ten.slice(2)}`.padStart(12, '0') } });
          else expect(r).toEqual({ ok: false, error: 'date' }); // 29 February in a century year that is not a leap year
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('property: any string at all is answered (never thrown), and an accepted one passes the reference check', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{6}[-+]?\d{4}$/), fc.stringMatching(/^\d{8}-?\d{4}$/)), (s) => {
        const r = parsePersonnummer(s, TODAY);
        if (r.ok) {
          const ten = r.value.normalized.slice(2);
          expect(refCheckDigit(ten.slice(0, 9)), s).toBe(ten[9]);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
