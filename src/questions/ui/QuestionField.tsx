import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField, TextAreaField } from '../../web/kit/index.ts';
import type { Question } from '../schema.ts';
import { DECLINED } from '../vocabulary.ts';

export type Lang = 'sv' | 'en';

/**
 * One question as the caseworker meets it, in the case form and in the editor's preview. Its value
 * is undefined while the question is not asked: the first choice says so, and nothing is preselected.
 */
export function QuestionField({ q, lang, value, onChange, disabled }: { q: Question; lang: Lang; value: string | undefined; onChange(next: string | null): void; disabled?: boolean }) {
  const { t } = useTranslation('questions');
  if (q.type === 'text') {
    const declined = value === DECLINED;
    return (
      <>
        <TextAreaField label={q.text[lang]} value={declined ? '' : (value ?? '')} disabled={disabled || declined} maxLength={2000} rows={3} onChange={(e) => onChange(e.target.value.trim() === '' ? null : e.target.value)} />
        <CheckboxField label={t('caseForm.declinedFor', { question: q.text[lang] })} checked={declined} onChange={(on) => onChange(on ? DECLINED : null)} />
      </>
    );
  }
  const options: Array<readonly [string, string]> = q.type === 'yes_no' ? [['yes', t('caseForm.yes')], ['no', t('caseForm.no')]] : (q.options ?? []).map((o) => [o.value, o.label[lang]] as const);
  return (
    <SelectField
      label={q.text[lang]}
      value={value ?? ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      options={[['', t('caseForm.notAsked')], ...options, [DECLINED, t('caseForm.declined')]]}
    />
  );
}

/** An answer in words: the option's label, yes/no, "does not want to answer", or the text. */
export function AnswerValue({ q, value, lang }: { q: Question; value: string; lang: Lang }) {
  const { t } = useTranslation('questions');
  if (value === DECLINED) return <>{t('caseForm.declined')}</>;
  if (q.type === 'yes_no') return <>{value === 'yes' ? t('caseForm.yes') : value === 'no' ? t('caseForm.no') : value}</>;
  if (q.type === 'choice') return <>{q.options?.find((o) => o.value === value)?.label[lang] ?? value}</>;
  return <>{value}</>;
}
