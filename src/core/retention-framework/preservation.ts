/**
 * Bevarande: records of the social services the law keeps instead of culling. Socialtjänstförordningen
 * (2001:937) 7 kap. 2 §: for research, the records of persons born on the 5th, 15th or 25th of a month
 * are kept; in some municipalities (Göteborg, and those of Östergötland, Gotland and Västernorrland
 * counties) every record is kept, and a municipality may decide to keep more than the law's minimum.
 * One municipality-wide setting, changed by the administrator in the retention settings (audited),
 * read by the retention run and handed to every rule (`RetentionRule.purge`'s `preservation`).
 * The rule for a person is here and nowhere else: `preservedBecause`.
 */
export const PRESERVATION_MODES = ['birth_days', 'all'] as const;
export type PreservationMode = (typeof PRESERVATION_MODES)[number];

/** The days of the month SoF 7 kap. 2 § keeps everywhere: a municipality may add days, not remove these. */
export const SOF_BIRTH_DAYS: readonly number[] = [5, 15, 25];

export interface Preservation {
  /** `birth_days`: the records of persons born on one of `birthDays`; `all`: every person's records. */
  mode: PreservationMode;
  birthDays: readonly number[];
  /** The municipality's decision (reference, date), shown in the settings and the run's report. */
  decision: string | null;
}

export const DEFAULT_PRESERVATION: Preservation = { mode: 'birth_days', birthDays: SOF_BIRTH_DAYS, decision: null };

/** Why a person's records are kept instead of culled: the municipality keeps all, or their day of birth; or null. */
export type PreservedReason = 'municipality_keeps_all' | 'birth_day';
export function preservedBecause(person: { birthDate: string | null }, p: Preservation): PreservedReason | null {
  if (p.mode === 'all') return 'municipality_keeps_all';
  if (!person.birthDate) return null;
  return p.birthDays.includes(Number(person.birthDate.slice(8, 10))) ? 'birth_day' : null;
}

/** What is wrong with a setting (an error code), or null: the law's days stay; keeping all needs the decision named. */
export function preservationProblem(p: Preservation): 'preservationDaysRequired' | 'preservationBadDay' | 'preservationDecisionRequired' | null {
  if (p.birthDays.some((d) => !Number.isInteger(d) || d < 1 || d > 31)) return 'preservationBadDay';
  if (SOF_BIRTH_DAYS.some((d) => !p.birthDays.includes(d))) return 'preservationDaysRequired';
  if (p.mode === 'all' && !p.decision?.trim()) return 'preservationDecisionRequired';
  return null;
}
