import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatPersonnummer, luhnCheckDigit, parsePersonnummer } from './personnummer.ts';

const TODAY = new Date('2026-06-15T12:00:00Z');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A valid ten-digit number for a date (day offset 60 for a coordination number). */
function make(year: number, month: number, day: number, serial: number, coordination = false): string {
  const nine = `${pad(year % 100)}${pad(month)}${pad(coordination ? day + 60 : day)}${pad(serial, 3)}`;
  return nine + luhnCheckDigit(nine);
}

const birth = fc.date({ min: new Date('1927-01-01T00:00:00Z'), max: new Date('2026-06-14T00:00:00Z'), noInvalidDate: true });

describe('personnummer', () => {
  test('a known fictional test number passes the Luhn check', () => {
    // 811218-9876 is the Swedish Tax Agency's classic example.
    expect(parsePersonnummer('811218-9876', TODAY)).toEqual({ ok: true, value: { normalized: '198112189876', kind: 'personnummer', birthDate: '1981-12-18' } });
    expect(formatPersonnummer('198112189876')).toBe('19811218-9876');
  });

  test('a wrong check digit, an impossible date and a wrong form each get their own error', () => {
    expect(parsePersonnummer('811218-9875', TODAY)).toEqual({ ok: false, error: 'checksum' });
    expect(parsePersonnummer('810230-1234', TODAY)).toEqual({ ok: false, error: 'date' });
    expect(parsePersonnummer('8112-9876', TODAY)).toEqual({ ok: false, error: 'format' });
    expect(parsePersonnummer('19811218+9876', TODAY)).toEqual({ ok: false, error: 'format' });
  });

  test('a date in the future is refused', () => {
    expect(parsePersonnummer(`20${make(2030, 1, 1, 123)}`, TODAY)).toEqual({ ok: false, error: 'date' });
  });

  test('property: every valid number in every accepted form parses to the same twelve digits and date', () => {
    fc.assert(
      fc.property(birth, fc.integer({ min: 0, max: 999 }), fc.boolean(), (d, serial, coordination) => {
        const y = d.getUTCFullYear();
        const ten = make(y, d.getUTCMonth() + 1, d.getUTCDate(), serial, coordination);
        const iso = d.toISOString().slice(0, 10);
        const century = String(y).slice(0, 2);
        const age = TODAY.getUTCFullYear() - y;
        const forms = [`${century}${ten}`, `${century}${ten.slice(0, 6)}-${ten.slice(6)}`];
        if (age < 99) forms.push(ten, `${ten.slice(0, 6)}-${ten.slice(6)}`);
        for (const form of forms) {
          const r = parsePersonnummer(form, TODAY);
          expect(r, form).toEqual({ ok: true, value: { normalized: `${century}${ten}`, kind: coordination ? 'samordningsnummer' : 'personnummer', birthDate: iso } });
        }
      }),
    );
  });

  test('property: changing any one digit of a valid number is caught', () => {
    fc.assert(
      fc.property(birth, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 6, max: 9 }), fc.integer({ min: 1, max: 9 }), (d, serial, pos, delta) => {
        const ten = make(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), serial);
        const changed = ten.slice(0, pos) + ((Number(ten[pos]) + delta) % 10) + ten.slice(pos + 1);
        const r = parsePersonnummer(`${String(d.getUTCFullYear()).slice(0, 2)}${changed}`, TODAY);
        expect(r.ok).toBe(false);
      }),
    );
  });

  test('property: arbitrary input never throws and is only accepted with a correct check digit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const r = parsePersonnummer(s, TODAY);
        if (r.ok) {
          const ten = r.value.normalized.slice(2);
          expect(luhnCheckDigit(ten.slice(0, 9))).toBe(Number(ten[9]));
        }
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (s) => {
        const r = parsePersonnummer(s, TODAY);
        if (r.ok) expect(luhnCheckDigit(s.slice(0, 9))).toBe(Number(s[9]));
      }),
    );
  });
});
