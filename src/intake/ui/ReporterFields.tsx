import { useTranslation } from 'react-i18next';
import { Checkbox, Field, SelectField } from '../../web/kit/index.ts';
import { REPORTER_KINDS } from '../rules.ts';

export interface ReporterForm {
  reporterKind: string;
  reporterName: string;
  reporterOrganisation: string;
  reporterReach: string;
  reporterWantsFeedback: boolean;
}

export const emptyReporter = (): ReporterForm => ({ reporterKind: '', reporterName: '', reporterOrganisation: '', reporterReach: '', reporterWantsFeedback: false });

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The contract's `reporter` from the form: null when the person got in touch themselves. */
export function reporterBody(f: ReporterForm) {
  if (!f.reporterKind) return null;
  return { kind: f.reporterKind, name: orNull(f.reporterName), organisation: orNull(f.reporterOrganisation), reach: orNull(f.reporterReach), wantsFeedback: f.reporterWantsFeedback };
}

/** Who got in touch about the person, kept apart from the person the case is about. */
export function ReporterFields({ form, set }: { form: ReporterForm; set: <K extends keyof ReporterForm>(key: K, value: ReporterForm[K]) => void }) {
  const { t } = useTranslation('intake');
  return (
    <fieldset>
      <legend>{t('reporter.legend')}</legend>
      <p className="hint">{t('reporter.hint')}</p>
      <SelectField label={t('reporter.kind')} value={form.reporterKind} onChange={(e) => set('reporterKind', e.target.value)} options={[['', t('reporter.none')], ...REPORTER_KINDS.map((k) => [k, t(`reporterKind.${k}`)] as const)]} />
      {form.reporterKind && (
        <>
          <Field label={t('reporter.name')} value={form.reporterName} onChange={(e) => set('reporterName', e.target.value)} autoComplete="off" />
          <Field label={t('reporter.organisation')} value={form.reporterOrganisation} onChange={(e) => set('reporterOrganisation', e.target.value)} autoComplete="off" />
          <Field label={t('reporter.reach')} value={form.reporterReach} onChange={(e) => set('reporterReach', e.target.value)} autoComplete="off" />
          <Checkbox label={t('reporter.wantsFeedback')} checked={form.reporterWantsFeedback} onChange={(v) => set('reporterWantsFeedback', v)} />
        </>
      )}
    </fieldset>
  );
}
