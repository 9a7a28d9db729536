import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Wire } from '../../core/http/wire.ts';
import { patch } from '../../web/api.ts';
import { ActionForm, DataTable, ErrorMessage, Field, Loading, SelectField, formatDate, useApiData } from '../../web/kit/index.ts';
import type { PartnerPlanOut } from '../schema.ts';

type PartnerPlan = Wire<PartnerPlanOut>;
interface Invitation { id: string; personLabel: string | null; coordinatorName: string | null; measures: number; consentInForce: boolean }

/** The partner's view: the plans they are invited to and, while consent holds, only their own measures. */
export function PartnerPage() {
  const { t } = useTranslation('exit-plans');
  const { data, error } = useApiData<Invitation[]>('/api/partner/plans');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('partner.title')}</h1>
      {!data ? error ? <ErrorMessage error={error} /> : <Loading /> : data.length === 0 ? <p>{t('partner.none')}</p> : data.map((p) => (p.consentInForce ? <PartnerPlanView key={p.id} id={p.id} /> : <p key={p.id}>{t('partner.noConsent')}</p>))}
    </main>
  );
}

function PartnerPlanView({ id }: { id: string }) {
  const { t } = useTranslation('exit-plans');
  const { data: plan, error, reload } = useApiData<PartnerPlan>(`/api/partner/plans/${id}`);
  if (!plan) return error ? <ErrorMessage error={error} /> : <Loading />;
  const headingId = `partner-plan-${plan.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('partner.plan', { person: plan.personLabel ?? t('anonymous') })}</h2>
      <p>{t('partner.coordinator', { name: plan.coordinatorName ?? '–' })}</p>
      <DataTable
        caption={t('partner.measures')}
        showCaption
        rows={plan.measures}
        rowKey={(m) => m.id}
        columns={[
          { header: t('measures.columns.title'), rowHeader: true, cell: (m) => m.title },
          { header: t('measures.columns.dates'), cell: (m) => `${formatDate(m.startsOn)} – ${m.plannedEndOn ? formatDate(m.plannedEndOn) : ''}` },
          { header: t('measures.columns.status'), cell: (m) => <PartnerMeasure planId={plan.id} m={m} onDone={reload} /> },
        ]}
      />
    </section>
  );
}

function PartnerMeasure({ planId, m, onDone }: { planId: string; m: PartnerPlan['measures'][number]; onDone(): void }) {
  const { t } = useTranslation('exit-plans');
  const [status, setStatus] = useState(m.status);
  const [note, setNote] = useState(m.partnerNote ?? '');
  return (
    <ActionForm label={t('partner.save', { measure: m.title })} onSubmit={async () => { await patch(`/api/partner/plans/${planId}/measures/${m.id}`, { version: m.version, status, partnerNote: note || null }); onDone(); }}>
      <SelectField label={t('measures.status', { measure: m.title })} value={status} onChange={(e) => setStatus(e.target.value)} options={(['planned', 'active', 'completed', 'ended', 'refused'] as const).map((s) => [s, t(`status.${s}`)] as const)} />
      <Field label={t('partner.note', { measure: m.title })} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      <button type="submit">{t('partner.save', { measure: m.title })}</button>
    </ActionForm>
  );
}
