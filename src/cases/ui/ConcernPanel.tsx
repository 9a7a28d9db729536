import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { ActionForm, Alert, ErrorMessage, Field, Notice, SelectField, TextAreaField, formatDate, todayIso as today } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { Wire } from '../../core/http/wire.ts';
import type { ConcernOut } from '../schema.ts';
import type { Act, CaseView } from './CasePage.tsx';


/**
 * Who reported the contact, and for a report of concern about a child: the protection assessment
 * the same day, the 14 days, feedback to the reporter; under 15; the police report; Barnahus.
 */
export function ConcernPanel({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation(['cases', 'intake']);
  const { can } = useSession();
  const [k, setK] = useState<Wire<ConcernOut> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState('no_immediate_need');
  const [note, setNote] = useState('');
  const [feedbackOn, setFeedbackOn] = useState(today());
  const [feedbackNote, setFeedbackNote] = useState('');
  const [policeOn, setPoliceOn] = useState(today());
  const [policeRef, setPoliceRef] = useState('');
  useEffect(() => {
    get<Wire<ConcernOut>>(`/api/cases/${c.id}/concern`).then(setK, setError);
  }, [c]);
  if (!k) return error ? <ErrorMessage error={error} /> : null;
  if (!k.concernReport && !k.reporter && !k.ageConflict && !k.under15 && !k.policeReport && c.unitKind !== 'children') return null;
  const writable = can('cases.write') && c.status !== 'closed';
  const state = (s: string | null) => (s ? t(`concern.state.${s}`) : '');
  return (
    <section aria-labelledby="concern-h">
      <h2 id="concern-h">{k.concernReport ? t('concern.title') : t('concern.titleReporter')}</h2>
      {k.ageConflict && <Alert>{t('intake:ageConflict')}</Alert>}
      {k.under15 && <Alert>{t('concern.under15')}</Alert>}
      {k.reporter && (
        <dl className="facts">
          <dt>{t('concern.reporter')}</dt>
          <dd>
            {t(`intake:reporterKind.${k.reporter.kind}`)}
            {k.reporter.name && `, ${k.reporter.name}`}
            {k.reporter.organisation && `, ${k.reporter.organisation}`}
          </dd>
          {k.reporter.reach && (
            <>
              <dt>{t('concern.reach')}</dt>
              <dd>{k.reporter.reach}</dd>
            </>
          )}
          <dt>{t('concern.feedback')}</dt>
          <dd>{k.reporter.feedbackGivenOn ? t('concern.feedbackGiven', { date: formatDate(k.reporter.feedbackGivenOn), by: k.reporter.feedbackGivenBy ?? '' }) : t(`concern.feedbackNeed.${k.reporter.feedback}`)}</dd>
        </dl>
      )}
      {k.concernReport && (
        <dl className="facts">
          <dt>{t('concern.protection')}</dt>
          <dd>{k.protection.assessedAt ? t('concern.protectionDone', { at: formatDate(k.protection.assessedAt), by: k.protection.assessedBy ?? '', outcome: t(`concern.outcome.${k.protection.outcome}`) }) : state(k.protection.state)}</dd>
          <dt>{t('concern.assessment')}</dt>
          <dd>
            {k.assessment.due && formatDate(k.assessment.due)} {state(k.assessment.state) && `(${state(k.assessment.state)})`}
          </dd>
        </dl>
      )}
      {(k.protection.state === 'overdue' || k.assessment.state === 'overdue') && <Alert>{t('concern.overdue')}</Alert>}
      {writable && k.concernReport && !k.protection.assessedAt && (
        <ActionForm onSubmit={() => act(() => post(`/api/cases/${c.id}/protection-assessment`, { outcome, note }))}>
          <SelectField label={t('concern.outcomeLabel')} value={outcome} onChange={(e) => setOutcome(e.target.value)} options={[['no_immediate_need', t('concern.outcome.no_immediate_need')], ['immediate_protection', t('concern.outcome.immediate_protection')]]} />
          <TextAreaField label={t('concern.protectionNote')} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit">{t('concern.recordProtection')}</button>
        </ActionForm>
      )}
      {writable && k.reporter && !k.reporter.feedbackGivenOn && k.reporter.feedback !== 'none' && (
        <ActionForm onSubmit={() => act(() => post(`/api/cases/${c.id}/reporter-feedback`, { givenOn: feedbackOn, note: feedbackNote }))}>
          <Field label={t('concern.feedbackOn')} type="date" max={today()} value={feedbackOn} onChange={(e) => setFeedbackOn(e.target.value)} />
          <TextAreaField label={t('concern.feedbackNote')} value={feedbackNote} onChange={(e) => setFeedbackNote(e.target.value)} />
          <button type="submit">{t('concern.recordFeedback')}</button>
        </ActionForm>
      )}
      {k.policeReport ? (
        <p>{t('concern.policeReported', { date: k.policeReport.reportedOn, ref: k.policeReport.reference })}</p>
      ) : (
        writable &&
        (c.unitKind === 'children' || k.under15) && (
          <ActionForm onSubmit={() => act(() => post(`/api/cases/${c.id}/police-report`, { version: k.version, reportedOn: policeOn, reference: policeRef }))}>
            <Field label={t('concern.policeOn')} type="date" max={today()} value={policeOn} onChange={(e) => setPoliceOn(e.target.value)} />
            <Field label={t('concern.policeRef')} value={policeRef} onChange={(e) => setPoliceRef(e.target.value)} autoComplete="off" />
            <button type="submit">{t('concern.recordPolice')}</button>
          </ActionForm>
        )
      )}
      {k.barnahus !== 'not_applicable' && (
        <>
          <p>{t('concern.barnahusState', { state: t(`concern.barnahus.${k.barnahus}`) })}</p>
          {writable && (
            <div className="actions">
              {/* Referring is the referral section's button; here the answers to the offer. */}
              {k.barnahusNext.filter((s) => s !== 'referred').map((s) => (
                <button key={s} type="button" onClick={() => void act(() => post(`/api/cases/${c.id}/barnahus`, { version: k.version, state: s })).catch(setError)}>
                  {t(`concern.barnahusTo.${s}`)}
                </button>
              ))}
            </div>
          )}
        </>
      )}
      {k.concernReport && k.protection.state === 'done' && k.assessment.state !== 'overdue' && <Notice>{t('concern.onTrack')}</Notice>}
      <ErrorMessage error={error} />
    </section>
  );
}
