import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../web/api.ts';
import { ActionForm, Field, fieldId, SelectField, TextAreaField, useFieldErrors, todayIso as today } from '../../web/kit/index.ts';
import { PERSON_ROLES } from '../../cases/rules.ts';
import type { Wire } from '../../core/http/wire.ts';
import { GENDERS } from '../../persons/rules.ts';
import type { RegisterOut } from '../schema.ts';
import { RegisteredResult } from './RegisteredResult.tsx';


/**
 * The outreach worker's quick log on a phone: one screen, the channel preset to street outreach,
 * the submit button kept within thumb reach. Place, what was offered and what was accepted are
 * written into the contact's summary (the contact has no fields of its own for them yet); the full
 * intake form is for the desktop later.
 */
export function QuickLogPage() {
  const { t } = useTranslation('intake');
  const empty = { statedAge: '', gender: 'not_stated', personRole: 'exposed', place: '', offered: '', accepted: '', note: '' };
  const [form, setForm] = useState(empty);
  const [result, setResult] = useState<Wire<RegisterOut> | null>(null);
  const fields = useFieldErrors();
  const set = (key: keyof typeof empty, value: string) => {
    if (key === 'place' || key === 'offered' || key === 'accepted' || key === 'note') fields.clear('summary');
    setForm((f) => ({ ...f, [key]: value }));
  };
  const opts = (values: readonly string[], prefix: string) => values.map((v) => [v, t(`${prefix}.${v}`)] as const);
  if (result) return <RegisteredResult result={result} onAnother={() => { setResult(null); setForm(empty); }} />;
  const summary = () =>
    [
      form.place.trim() && `${t('quick.place')}: ${form.place.trim()}`,
      form.offered.trim() && `${t('quick.offered')}: ${form.offered.trim()}`,
      form.accepted.trim() && `${t('quick.accepted')}: ${form.accepted.trim()}`,
      form.note.trim(),
    ]
      .filter(Boolean)
      .join('\n');
  return (
    <main id="main" tabIndex={-1} className="quick-log">
      <h1>{t('quick.title')}</h1>
      <p className="hint">{t('quick.intro')}</p>
      <ActionForm
        onSubmit={async () => {
          // A log with nothing in it is not a contact: nothing is sent, the note says what is missing.
          if (!summary() && fields.show([{ path: 'summary', message: t('required.quickNote') }])) return;
          setResult(
            await post<Wire<RegisterOut>>('/api/intake/contacts', {
              channel: 'street_outreach',
              receivedOn: today(),
              personRole: form.personRole,
              statedAge: form.statedAge === '' ? null : Number(form.statedAge),
              summary: summary(),
              person: { identityMode: 'anonymous', gender: form.gender },
            }),
          );
        }}
      >
        <Field label={t('quick.age')} hint={t('quick.ageHint')} type="number" inputMode="numeric" min={0} max={120} value={form.statedAge} onChange={(e) => set('statedAge', e.target.value)} />
        <SelectField label={t('fields.gender')} value={form.gender} onChange={(e) => set('gender', e.target.value)} options={opts(GENDERS, 'gender')} />
        <SelectField label={t('fields.personRole')} value={form.personRole} onChange={(e) => set('personRole', e.target.value)} options={opts(PERSON_ROLES, 'personRole')} />
        <Field label={t('quick.place')} value={form.place} maxLength={200} onChange={(e) => set('place', e.target.value)} />
        <Field label={t('quick.offered')} value={form.offered} maxLength={300} onChange={(e) => set('offered', e.target.value)} />
        <Field label={t('quick.accepted')} value={form.accepted} maxLength={300} onChange={(e) => set('accepted', e.target.value)} />
        <TextAreaField id={fieldId('summary')} error={fields.errors.summary} label={t('quick.note')} rows={3} maxLength={2000} value={form.note} onChange={(e) => set('note', e.target.value)} />
        <div className="thumb-bar">
          <button type="submit" className="primary">{t('quick.submit')}</button>
        </div>
      </ActionForm>
    </main>
  );
}
