import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../web/api.ts';
import { ActionForm, DataTable, Field, Notice, SelectField, TextAreaField, formatDate, todayIso, useApiData } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { CONSULTATION_ASKERS } from '../rules.ts';
import type { Consultation, ConsultationsOut } from '../schema.ts';

const today = () => todayIso();
const empty = { unitId: '', givenOn: today(), askerKind: '', topic: '', advice: '', referral: '' };

/**
 * Consultations without a case (seed 001): a professional or a relative asks for advice without
 * naming the person. Recorded by the unit, no person, no case; the last 30 days are listed with
 * the counts by who asked.
 */
export function ConsultationsPage() {
  const { t } = useTranslation('intake');
  const { data, error, reload } = useApiData<Wire<ConsultationsOut>>('/api/intake/consultations');
  const [form, setForm] = useState(empty);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof typeof empty, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const units = data?.units ?? [];
  const unitId = form.unitId || units[0]?.id || '';
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('consultation.title')}</h1>
      <p className="hint">{t('consultation.intro')}</p>
      <section aria-labelledby="consultation-new">
        <h2 id="consultation-new">{t('consultation.new')}</h2>
        {saved && <Notice>{t('consultation.saved')}</Notice>}
        <ActionForm
          labelledBy="consultation-new"
          onSubmit={async () => {
            await post<Wire<Consultation>>('/api/intake/consultations', {
              unitId,
              givenOn: form.givenOn,
              askerKind: form.askerKind,
              topic: form.topic,
              advice: form.advice,
              referral: form.referral.trim() === '' ? null : form.referral,
            });
            setForm({ ...empty, unitId, givenOn: today() });
            setSaved(true);
            reload();
          }}
        >
          {units.length > 1 && <SelectField label={t('consultation.unit')} value={unitId} onChange={(e) => set('unitId', e.target.value)} options={units.map((u) => [u.id, u.name] as const)} />}
          <Field label={t('consultation.givenOn')} type="date" required max={today()} value={form.givenOn} onChange={(e) => set('givenOn', e.target.value)} />
          <SelectField label={t('consultation.askerKind')} required value={form.askerKind} onChange={(e) => set('askerKind', e.target.value)} options={[['', t('consultation.chooseAsker')], ...CONSULTATION_ASKERS.map((k) => [k, t(`reporterKind.${k}`)] as const)]} />
          <Field label={t('consultation.topic')} hint={t('consultation.topicHint')} required minLength={3} maxLength={300} value={form.topic} onChange={(e) => set('topic', e.target.value)} autoComplete="off" />
          <TextAreaField label={t('consultation.advice')} rows={4} maxLength={3000} value={form.advice} onChange={(e) => set('advice', e.target.value)} />
          <Field label={t('consultation.referral')} maxLength={300} value={form.referral} onChange={(e) => set('referral', e.target.value)} autoComplete="off" />
          <button type="submit" className="primary" onClick={() => setSaved(false)}>
            {t('consultation.submit')}
          </button>
        </ActionForm>
      </section>
      <section aria-labelledby="consultation-list">
        <h2 id="consultation-list">{t('consultation.listTitle')}</h2>
        {data && (
          <p>
            {t('consultation.total', { count: data.total })}
            {data.total > 0 && ' ' + CONSULTATION_ASKERS.filter((k) => data.byAsker[k]).map((k) => `${t(`reporterKind.${k}`)}: ${data.byAsker[k]}`).join(', ')}
          </p>
        )}
        <DataTable
          caption={t('consultation.listTitle')}
          rows={data?.items}
          error={error}
          rowKey={(r) => r.id}
          empty={t('consultation.none')}
          columns={[
            { header: t('consultation.givenOn'), cell: (r) => formatDate(r.givenOn) },
            { header: t('consultation.askerKind'), cell: (r) => t(`reporterKind.${r.askerKind}`) },
            { header: t('consultation.topic'), cell: (r) => r.topic, rowHeader: true },
            { header: t('consultation.advice'), cell: (r) => r.advice },
            { header: t('consultation.referral'), cell: (r) => r.referral ?? '' },
            { header: t('consultation.givenBy'), cell: (r) => `${r.givenByName}, ${r.unitName}` },
          ]}
        />
      </section>
    </main>
  );
}
