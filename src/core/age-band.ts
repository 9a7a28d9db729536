/**
 * The one age-band definition of Utväg (statistics, chat outcomes, outreach contacts, the annual
 * compilation): 0–14, 15–17, 18–21, 22–25, 26+ and unknown. The bands follow the seeds' reporting
 * (children under the age of criminal responsibility, children 15–17, young adults in two steps,
 * adults). Routing uses the coarser age group in intake (child under 15, child 15–17, adult), which
 * the bands refine: `isChildBand` is true exactly for the bands below 18.
 */
export const AGE_BANDS = ['0_14', '15_17', '18_21', '22_25', '26_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The band of an age in whole years; null (age not known) gives 'unknown'. */
export function ageBandOf(age: number | null | undefined): AgeBand {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 0) return 'unknown';
  if (age < 15) return '0_14';
  if (age < 18) return '15_17';
  if (age < 22) return '18_21';
  if (age < 26) return '22_25';
  return '26_plus';
}

/** Whether a person in the band is a child (under 18). Unknown is not a child here: routing decides that. */
export function isChildBand(band: AgeBand): boolean {
  return band === '0_14' || band === '15_17';
}

/** Labels for the staff interface and reports. */
export const AGE_BAND_LABELS: Record<AgeBand, { sv: string; en: string }> = {
  '0_14': { sv: '0–14 år', en: '0–14 years' },
  '15_17': { sv: '15–17 år', en: '15–17 years' },
  '18_21': { sv: '18–21 år', en: '18–21 years' },
  '22_25': { sv: '22–25 år', en: '22–25 years' },
  '26_plus': { sv: '26 år och äldre', en: '26 years and older' },
  unknown: { sv: 'Okänd ålder', en: 'Age unknown' },
};
