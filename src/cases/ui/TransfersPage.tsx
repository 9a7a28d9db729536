import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, post } from '../../web/api.ts';
import { ErrorMessage, Field, Loading, Notice } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { Wire } from '../../core/http/wire.ts';
import type { ConcernOverviewOut, IncomingTransfer } from '../schema.ts';

/**
 * The unit's waiting work: transfers offered to it (only what is needed to decide — the case opens
 * once accepted) and the concern reports whose deadlines are today or passed (the unit manager's overview).
 */
export function TransfersPage() {
  const { t } = useTranslation(['cases', 'intake']);
  const { can } = useSession();
  const [incoming, setIncoming] = useState<Wire<IncomingTransfer>[] | null>(null);
  const [overview, setOverview] = useState<Wire<ConcernOverviewOut> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [accepted, setAccepted] = useState<string | null>(null);
  const [declineReason, setDeclineReason] = useState('');
  const load = useCallback(() => {
    get<Wire<IncomingTransfer>[]>('/api/cases/transfers/incoming').then(setIncoming, setError);
    get<Wire<ConcernOverviewOut>>('/api/cases/concerns/overview').then(setOverview, setError);
  }, []);
  useEffect(load, [load]);
  const decide = async (id: string, what: 'accept' | 'decline') => {
    try {
      const r = await post<{ caseId: string }>(`/api/cases/transfers/${id}/${what}`, what === 'decline' ? { reason: declineReason } : undefined);
      if (what === 'accept') setAccepted(r.caseId);
      load();
    } catch (e) {
      setError(e);
    }
  };
  if (!incoming || !overview) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('waiting.title')}</h1>
      <section aria-labelledby="incoming-h">
        <h2 id="incoming-h">{t('waiting.incoming')}</h2>
        {accepted && (
          <Notice>
            {t('waiting.accepted')} <Link to={`/arenden/${accepted}`}>{t('waiting.openCase')}</Link>
          </Notice>
        )}
        {incoming.length === 0 ? (
          <p>{t('waiting.noIncoming')}</p>
        ) : (
          <ul>
            {incoming.map((x) => (
              <li key={x.id}>
                <p>
                  {t('waiting.offer', { from: x.fromUnitName, to: x.toUnitName, reason: t(`transfer.reason.${x.reason}`), age: t(`intake:ageGroup.${x.ageGroup}`), role: t(`intake:personRole.${x.personRole}`), by: x.requestedBy })}
                  {x.note && ` – ${x.note}`}
                </p>
                {can('cases.write') && (
                  <div className="actions">
                    <button type="button" className="primary" onClick={() => void decide(x.id, 'accept')}>{t('waiting.accept')}</button>
                    <Field label={t('waiting.declineReason')} value={declineReason} onChange={(e) => setDeclineReason(e.target.value)} autoComplete="off" />
                    <button type="button" onClick={() => void decide(x.id, 'decline')}>{t('waiting.decline')}</button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="concerns-h">
        <h2 id="concerns-h">{t('waiting.concerns')}</h2>
        <p>{t('waiting.counts', overview.counts)}</p>
        <ul>
          {overview.items.map((i) => (
            <li key={i.caseId}>
              <Link to={`/arenden/${i.caseId}`}>{t('waiting.concernLine', { unit: i.unitName, received: i.receivedOn, age: t(`intake:ageGroup.${i.ageGroup}`) })}</Link>
              {' – '}
              {[
                i.protection === 'due_today' || i.protection === 'overdue' ? `${t('concern.protection')}: ${t(`concern.state.${i.protection}`)}` : null,
                i.assessment === 'due_today' || i.assessment === 'overdue' ? `${t('concern.assessment')} ${i.assessmentDue}: ${t(`concern.state.${i.assessment}`)}` : null,
                i.feedbackOwed ? t('waiting.feedbackOwed') : null,
              ]
                .filter(Boolean)
                .join(', ')}
            </li>
          ))}
        </ul>
      </section>
      <ErrorMessage error={error} />
    </main>
  );
}
