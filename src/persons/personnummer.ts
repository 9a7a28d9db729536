/**
 * Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer, day of birth + 60). Accepted forms: YYMMDD-NNNN, YYMMDD+NNNN (100 years or
 * older), YYMMDDNNNN, YYYYMMDDNNNN and YYYYMMDD-NNNN. The last digit is a Luhn check over the ten
 * digits YYMMDDNNNN.
 */
export type PersonnummerError = 'format' | 'date' | 'checksum';

export interface Personnummer {
  /** Twelve digits, YYYYMMDDNNNN (the coordination number keeps its day + 60). */
  normalized: string;
  kind: 'personnummer' | 'samordningsnummer';
  /** The real date of birth, ISO (YYYY-MM-DD). */
  birthDate: string;
}

export type PersonnummerResult = { ok: true; value: Personnummer } | { ok: false; error: PersonnummerError };

const PATTERN = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/;

/** Luhn check digit over the digits given (without the check digit). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Parses and validates. `today` decides the century of ten-digit numbers: the most recent
 * century in which the date is not in the future ('+' adds a hundred years of age).
 */
export function parsePersonnummer(input: string, today: Date = new Date()): PersonnummerResult {
  const m = PATTERN.exec(input.trim().replace(/\s/g, ''));
  if (!m) return { ok: false, error: 'format' };
  const [, century, yy, mm, dd, sep, tail] = m as unknown as [string, string | undefined, string, string, string, string, string];
  if (century && sep === '+') return { ok: false, error: 'format' };
  const month = Number(mm);
  const rawDay = Number(dd);
  const kind = rawDay > 60 ? 'samordningsnummer' : 'personnummer';
  const day = kind === 'samordningsnummer' ? rawDay - 60 : rawDay;
  let year: number;
  if (century) {
    year = Number(century + yy);
  } else {
    const thisYear = today.getUTCFullYear();
    year = Math.floor(thisYear / 100) * 100 + Number(yy);
    const birthThisCentury = Date.UTC(year, month - 1, day);
    if (birthThisCentury > today.getTime()) year -= 100;
    if (sep === '+') year -= 100;
  }
  if (!isRealDate(year, month, day)) return { ok: false, error: 'date' };
  if (Date.UTC(year, month - 1, day) > today.getTime()) return { ok: false, error: 'date' };
  const ten = `${yy}${mm}${dd}${tail}`;
  if (luhnCheckDigit(ten.slice(0, 9)) !== Number(ten[9])) return { ok: false, error: 'checksum' };
  const birthDate = `${String(year).padStart(4, '0')}-${mm}-${String(day).padStart(2, '0')}`;
  return { ok: true, value: { normalized: `${String(year).padStart(4, '0')}${mm}${dd}${tail}`, kind, birthDate } };
}

/** Formats twelve digits as YYYYMMDD-NNNN for display. */
export function formatPersonnummer(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}
