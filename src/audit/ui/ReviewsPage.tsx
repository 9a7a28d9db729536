import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../web/api.ts';
import { ErrorMessage, Field, formatDateTime, Loading, Notice, TextAreaField, useApiData } from '../../web/kit/index.ts';
import type { ChainResult, Review } from './types.ts';

function ChainCheck() {
  const { t } = useTranslation('audit');
  const [result, setResult] = useState<ChainResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await post<ChainResult>('/api/audit/verify'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
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
          <div className="alert alert-error" role="alert">
            <strong>{t('chain.broken')}</strong> {t('chain.brokenDetails', { id: result.firstBroken?.auditId, problem: result.firstBroken?.problem })}
          </div>
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await post('/api/audit/reviews', { periodFrom, periodTo, scope, finding });
      setScope('');
      setFinding('');
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('reviews.newTitle')}</h2>
      <p>{t('reviews.newIntro')}</p>
      <form onSubmit={submit} noValidate>
        <div className="toolbar">
          <Field label={t('reviews.periodFrom')} name="periodFrom" type="date" required value={periodFrom} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('reviews.periodTo')} name="periodTo" type="date" required value={periodTo} onChange={(e) => setTo(e.target.value)} />
        </div>
        <TextAreaField label={t('reviews.scope')} name="scope" hint={t('reviews.scopeHint')} required rows={2} value={scope} onChange={(e) => setScope(e.target.value)} />
        <TextAreaField label={t('reviews.finding')} name="finding" hint={t('reviews.findingHint')} required rows={4} value={finding} onChange={(e) => setFinding(e.target.value)} />
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('reviews.submit')}
        </button>
        {saved && <Notice>{t('reviews.saved')}</Notice>}
      </form>
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
        <ErrorMessage error={error} />
        {!reviews ? (
          !error && <Loading />
        ) : reviews.length === 0 ? (
          <p>{t('reviews.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reviews.period')}</th>
                <th scope="col">{t('reviews.reviewer')}</th>
                <th scope="col">{t('reviews.scope')}</th>
                <th scope="col">{t('reviews.finding')}</th>
                <th scope="col">{t('reviews.recorded')}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.periodFrom} – {r.periodTo}
                  </td>
                  <td>{r.reviewer}</td>
                  <td className="prewrap">{r.scope}</td>
                  <td className="prewrap">{r.finding}</td>
                  <td>
                    <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, i18n.language)}</time>
                    {r.chainHeadId !== null && <span className="secondary">{t('reviews.chainHead', { id: r.chainHeadId })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
