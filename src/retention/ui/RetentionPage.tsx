import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, put } from '../../web/api.ts';
import { ErrorMessage, Field, formatDateTime, Loading, Notice, useApiData } from '../../web/components.tsx';
import type { RuleOut as Rule, RunOut as Run } from '../schema.ts';

function RuleRow({ rule, onSaved }: { rule: Rule; onSaved: (message: string) => void }) {
  const { t, i18n } = useTranslation('retention');
  const [keepDays, setKeepDays] = useState(String(rule.keepDays));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const description = i18n.language === 'en' ? rule.description.en : rule.description.sv;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await put(`/api/retention/rules/${encodeURIComponent(rule.recordType)}`, { keepDays: Number(keepDays) });
      onSaved(t('rules.saved', { recordType: rule.recordType, days: keepDays }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <th scope="row">
        <code>{rule.recordType}</code>
      </th>
      <td>{description}</td>
      <td>
        <form onSubmit={submit} noValidate className="inline-form">
          <Field
            label={t('rules.keepDaysFor', { recordType: rule.recordType })}
            name="keepDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={36500}
            required
            hint={t('rules.default', { days: rule.defaultKeepDays })}
            value={keepDays}
            onChange={(e) => setKeepDays(e.target.value)}
          />
          <button type="submit" disabled={busy || keepDays === String(rule.keepDays)}>
            {t('save', { ns: 'common' })}
          </button>
        </form>
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}

function Runs({ runs }: { runs: Run[] }) {
  const { t, i18n } = useTranslation('retention');
  if (runs.length === 0) return <p>{t('runs.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('runs.startedAt')}</th>
          <th scope="col">{t('runs.trigger')}</th>
          <th scope="col">{t('runs.counts')}</th>
          <th scope="col">{t('runs.result')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td>
              <time dateTime={r.startedAt}>{formatDateTime(r.startedAt, i18n.language)}</time>
            </td>
            <td>{t(`triggers.${r.trigger}`, { defaultValue: r.trigger })}</td>
            <td>
              <ul className="plain">
                {Object.entries(r.counts).map(([type, n]) => (
                  <li key={type}>{t('runs.deleted', { recordType: type, count: n })}</li>
                ))}
              </ul>
            </td>
            <td>{r.error ? t('runs.failed', { error: r.error }) : r.finishedAt ? t('runs.done') : t('runs.running')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Retention (gallring): the rules per record type with their periods, a run now, and the run log. */
export function RetentionPage() {
  const { t } = useTranslation('retention');
  const rules = useApiData<Rule[]>('/api/retention/rules');
  const runs = useApiData<Run[]>('/api/retention/runs');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);

  const runNow = async () => {
    setBusy(true);
    setRunError(null);
    setNotice('');
    try {
      const run = await post<Run>('/api/retention/runs');
      const total = Object.values(run.counts).reduce((a, b) => a + b, 0);
      setNotice(run.error ? t('runs.failed', { error: run.error }) : t('runs.finished', { count: total }));
      runs.reload();
    } catch (err) {
      setRunError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <h2>{t('rules.title')}</h2>
      <ErrorMessage error={rules.error} />
      {!rules.data ? (
        !rules.error && <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rules.recordType')}</th>
              <th scope="col">{t('rules.description')}</th>
              <th scope="col">{t('rules.keepDays')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <RuleRow
                key={`${r.recordType}-${r.keepDays}`}
                rule={r}
                onSaved={(message) => {
                  setNotice(message);
                  rules.reload();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('runs.title')}</h2>
      <p>{t('runs.intro')}</p>
      <p>
        <button type="button" className="primary" onClick={() => void runNow()} disabled={busy}>
          {t('runs.runNow')}
        </button>
      </p>
      {busy && <p role="status">{t('runs.running')}</p>}
      <ErrorMessage error={runError ?? runs.error} />
      {runs.data ? <Runs runs={runs.data} /> : !runs.error && <Loading />}
    </main>
  );
}
