import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, put } from '../../web/api.ts';
import { ActionForm, ConfirmButton, DataTable, Field, formatDateTime, Notice, SelectField, useAction, useApiData } from '../../web/kit/index.ts';
import type { PreservationOut, RuleOut as Rule, RunOut as Run } from '../schema.ts';

/** The period of one rule, changed in place. */
function KeepDaysForm({ rule, onSaved }: { rule: Rule; onSaved: (message: string) => void }) {
  const { t, i18n } = useTranslation('retention');
  const [keepDays, setKeepDays] = useState(String(rule.keepDays));
  const name = i18n.language === 'en' ? rule.label.en : rule.label.sv;
  const save = async () => {
    await put(`/api/retention/rules/${encodeURIComponent(rule.recordType)}`, { keepDays: Number(keepDays) });
    onSaved(t('rules.saved', { recordType: name, days: keepDays }));
  };
  return (
    <ActionForm onSubmit={save} noValidate className="inline-form">
      <Field
        label={t('rules.keepDaysFor', { recordType: name })}
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
      <button type="submit" disabled={keepDays === String(rule.keepDays)}>
        {t('save', { ns: 'common' })}
      </button>
    </ActionForm>
  );
}

/** What the municipality preserves instead of culling (SoF 7 kap. 2 §): the persons born on certain days, or all. */
function PreservationForm({ current, onSaved }: { current: PreservationOut; onSaved: (message: string) => void }) {
  const { t } = useTranslation('retention');
  const [mode, setMode] = useState(current.mode);
  const [days, setDays] = useState(current.birthDays.join(', '));
  const [decision, setDecision] = useState(current.decision ?? '');
  const save = async () => {
    const birthDays = days.split(/[,\s]+/).filter(Boolean).map(Number);
    await put('/api/retention/preservation', { mode, birthDays, decision: decision.trim() || null });
    onSaved(t('preservation.saved'));
  };
  return (
    <ActionForm onSubmit={save} noValidate label={t('preservation.title')}>
      <SelectField label={t('preservation.mode')} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} options={[['birth_days', t('preservation.birthDays')], ['all', t('preservation.all')]]} />
      <Field label={t('preservation.days')} hint={t('preservation.daysHint')} value={days} onChange={(e) => setDays(e.target.value)} />
      <Field label={t('preservation.decision')} hint={t('preservation.decisionHint')} value={decision} onChange={(e) => setDecision(e.target.value)} maxLength={300} />
      <button type="submit">{t('save', { ns: 'common' })}</button>
    </ActionForm>
  );
}

function Runs({ runs, error, labelOf }: { runs: Run[] | undefined; error: unknown; labelOf(recordType: string): string }) {
  const { t, i18n } = useTranslation('retention');
  return (
    <DataTable
      caption={t('runs.title')}
      rows={runs}
      error={error}
      empty={t('runs.none')}
      rowKey={(r) => r.id}
      columns={[
        { header: t('runs.startedAt'), cell: (r) => <time dateTime={r.startedAt}>{formatDateTime(r.startedAt, i18n.language)}</time> },
        { header: t('runs.trigger'), cell: (r) => t(`triggers.${r.trigger}`, { defaultValue: r.trigger }) },
        {
          header: t('runs.counts'),
          cell: (r) => (
            <ul className="plain">
              {Object.entries(r.counts).map(([type, n]) => (
                <li key={type}>{t('runs.deleted', { recordType: labelOf(type), count: n })}</li>
              ))}
            </ul>
          ),
        },
        {
          header: t('runs.kept'),
          cell: (r) => (
            <ul className="plain">
              {Object.entries(r.kept ?? {}).flatMap(([type, reasons]) =>
                Object.entries(reasons).map(([reason, n]) => <li key={`${type}-${reason}`}>{t('runs.keptReason', { recordType: labelOf(type), count: n, reason: t(`runs.reasons.${reason}`, { defaultValue: reason }) })}</li>),
              )}
            </ul>
          ),
        },
        { header: t('runs.result'), cell: (r) => (r.error ? t('runs.failed', { error: r.error }) : r.finishedAt ? t('runs.done') : t('runs.running')) },
      ]}
    />
  );
}

/** Retention (gallring): the rules per record type with their periods, a run now, and the run log. */
export function RetentionPage() {
  const { t, i18n } = useTranslation('retention');
  const rules = useApiData<Rule[]>('/api/retention/rules');
  const runs = useApiData<Run[]>('/api/retention/runs');
  const preservation = useApiData<PreservationOut>('/api/retention/preservation');
  const [notice, setNotice] = useState('');
  const { busy, error: runError, run } = useAction();

  const runNow = () =>
    run(async () => {
      setNotice('');
      const done = await post<Run>('/api/retention/runs');
      const total = Object.values(done.counts).reduce((a, b) => a + b, 0);
      setNotice(done.error ? t('runs.failed', { error: done.error }) : t('runs.finished', { count: total }));
      runs.reload();
    });

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <h2>{t('rules.title')}</h2>
      <DataTable
        caption={t('rules.title')}
        rows={rules.data}
        error={rules.error}
        rowKey={(r) => `${r.recordType}-${r.keepDays}`}
        columns={[
          { header: t('rules.recordType'), cell: (r) => (i18n.language === 'en' ? r.label.en : r.label.sv), rowHeader: true },
          { header: t('rules.description'), cell: (r) => (i18n.language === 'en' ? r.description.en : r.description.sv) },
          {
            header: t('rules.keepDays'),
            cell: (r) => (
              <KeepDaysForm
                rule={r}
                onSaved={(message) => {
                  setNotice(message);
                  rules.reload();
                }}
              />
            ),
          },
        ]}
      />
      <h2>{t('preservation.title')}</h2>
      <p>{t('preservation.intro')}</p>
      {preservation.data && (
        <PreservationForm
          key={preservation.data.updatedAt ?? 'default'}
          current={preservation.data}
          onSaved={(message) => {
            setNotice(message);
            preservation.reload();
          }}
        />
      )}
      <h2>{t('runs.title')}</h2>
      <p>{t('runs.intro')}</p>
      <ConfirmButton className="primary" question={t('runs.confirmQuestion')} confirm={t('runs.confirm')} onConfirm={() => void runNow()} disabled={busy}>
        {t('runs.runNow')}
      </ConfirmButton>
      {busy && <p role="status">{t('runs.running')}</p>}
      <Runs runs={runs.data} error={runError ?? runs.error} labelOf={(type) => {
        const rule = rules.data?.find((r) => r.recordType === type);
        return rule ? (i18n.language === 'en' ? rule.label.en : rule.label.sv) : type;
      }} />
    </main>
  );
}
