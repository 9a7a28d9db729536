import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../web/api.ts';
import { ActionForm, Alert, DataTable, ErrorMessage, Field, formatDateTime, Loading, Notice, TextAreaField, useAction, useApiData } from '../../web/kit/index.ts';
import type { ChainResult, Review } from './types.ts';

function ChainCheck() {
  const { t } = useTranslation('audit');
  const [result, setResult] = useState<ChainResult | null>(null);
  const { busy, error, run } = useAction();
  const verify = () =>
    run(async () => {
      setResult(null);
      setResult(await post<ChainResult>('/api/audit/verify'));
    });
  return (
    <section aria-labelledby="chain-heading" className="panel">
      <h2 id="chain-heading">{t('chain.title')}</h2>
      <p>{t('chain.intro')}</p>
      <button type="button" onClick={() => void verify()} disabled={busy}>
        {t('chain.verify')}
      </button>
      {busy && <Loading />}
      <ErrorMessage error={error} />
      {result &&
        (result.ok ? (
          <Notice>
            <strong>{t('chain.ok')}</strong> {t('chain.okDetails', { checked: result.checked, head: result.head?.id ?? '–' })}
          </Notice>
        ) : (
          <Alert>
            <strong>{t('chain.broken')}</strong> {t('chain.brokenDetails', { id: result.firstBroken?.auditId, problem: result.firstBroken?.problem })}
          </Alert>
        ))}
    </section>
  );
}

function ReviewForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation('audit');
  const [periodFrom, setFrom] = useState('');
  const [periodTo, setTo] = useState('');
  const [scope, setScope] = useState('');
  const [finding, setFinding] = useState('');
  const [saved, setSaved] = useState(false);
  const submit = async () => {
    setSaved(false);
    await post('/api/audit/reviews', { periodFrom, periodTo, scope, finding });
    setScope('');
    setFinding('');
    setSaved(true);
    onSaved();
  };
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('reviews.newTitle')}</h2>
      <p>{t('reviews.newIntro')}</p>
      <ActionForm onSubmit={submit} noValidate>
        <div className="toolbar">
          <Field label={t('reviews.periodFrom')} name="periodFrom" type="date" required value={periodFrom} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('reviews.periodTo')} name="periodTo" type="date" required value={periodTo} onChange={(e) => setTo(e.target.value)} />
        </div>
        <TextAreaField label={t('reviews.scope')} name="scope" hint={t('reviews.scopeHint')} required rows={2} value={scope} onChange={(e) => setScope(e.target.value)} />
        <TextAreaField label={t('reviews.finding')} name="finding" hint={t('reviews.findingHint')} required rows={4} value={finding} onChange={(e) => setFinding(e.target.value)} />
        <button type="submit" className="primary">
          {t('reviews.submit')}
        </button>
        {saved && <Notice>{t('reviews.saved')}</Notice>}
      </ActionForm>
    </section>
  );
}

/** The record of log reviews done, a new one, and a check of the audit chain. */
export function ReviewsPage() {
  const { t, i18n } = useTranslation('audit');
  const { data: reviews, error, reload } = useApiData<Review[]>('/api/audit/reviews');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('reviews.title')}</h1>
      <p>{t('reviews.intro')}</p>
      <ChainCheck />
      <ReviewForm onSaved={reload} />
      <section aria-labelledby="done-heading">
        <h2 id="done-heading">{t('reviews.listTitle')}</h2>
        <DataTable
          caption={t('reviews.listTitle')}
          rows={reviews}
          error={error}
          empty={t('reviews.none')}
          rowKey={(r) => r.id}
          columns={[
            { header: t('reviews.period'), cell: (r) => `${r.periodFrom} – ${r.periodTo}` },
            { header: t('reviews.reviewer'), cell: (r) => r.reviewer },
            { header: t('reviews.scope'), cell: (r) => r.scope, className: 'prewrap' },
            { header: t('reviews.finding'), cell: (r) => r.finding, className: 'prewrap' },
            {
              header: t('reviews.recorded'),
              cell: (r) => (
                <>
                  <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, i18n.language)}</time>
                  {r.chainHeadId !== null && <span className="secondary">{t('reviews.chainHead', { id: r.chainHeadId })}</span>}
                </>
              ),
            },
          ]}
        />
      </section>
    </main>
  );
}
