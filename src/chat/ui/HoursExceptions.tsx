import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../../web/api.ts';
import { ActionForm, CheckboxField, DataTable, ErrorMessage, Field, Notice, SelectField } from '../../web/kit/index.ts';

interface Exception {
  date: string;
  queue: string;
  opens: string | null;
  closes: string | null;
  note: string;
}
const QUEUE_CHOICES = ['*', 'selling', 'young', 'kast', 'relative', 'professional'] as const;

/** Holiday exceptions: a date on which one queue, or every queue, is closed or has other hours. */
export function HoursExceptions() {
  const { t } = useTranslation('chat');
  const [rows, setRows] = useState<Exception[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [draft, setDraft] = useState<Exception & { closed: boolean }>({ date: '', queue: '*', opens: '10:00', closes: '14:00', note: '', closed: true });
  useEffect(() => void get<{ exceptions: Exception[] }>('/api/chat/visitor/status').then((s) => setRows(s.exceptions), setError), []);
  const queueName = (q: string) => (q === '*' ? t('exceptions.everyQueue') : t(`queue.${q}`));
  async function save(next: Exception[]) {
    const s = await put<{ exceptions: Exception[] }>('/api/chat/opening-hours/exceptions', { exceptions: next });
    setRows(s.exceptions);
    setSaved(true);
  }
  return (
    <section aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading">{t('exceptions.title')}</h2>
      <p className="hint">{t('exceptions.intro')}</p>
      <ErrorMessage error={error} />
      {saved && <Notice>{t('supervisor.saved')}</Notice>}
      <DataTable
        caption={t('exceptions.title')}
        rows={rows}
        empty={t('exceptions.none')}
        rowKey={(x) => `${x.date}-${x.queue}`}
        columns={[
          { header: t('exceptions.date'), cell: (x) => x.date, rowHeader: true },
          { header: t('supervisor.queue'), cell: (x) => queueName(x.queue) },
          { header: t('supervisor.hours'), cell: (x) => (x.opens ? `${x.opens}–${x.closes}` : t('supervisor.closedDay')) },
          { header: t('exceptions.note'), cell: (x) => x.note },
          {
            header: t('exceptions.remove'),
            cell: (x) => (
              <button type="button" onClick={() => void save((rows ?? []).filter((r) => r !== x)).catch(setError)}>
                {t('exceptions.removeOne', { date: x.date })}
              </button>
            ),
          },
        ]}
      />
      <ActionForm
        label={t('exceptions.add')}
        onSubmit={() => {
          const { closed, ...x } = draft;
          return save([...(rows ?? []).filter((r) => !(r.date === x.date && r.queue === x.queue)), { ...x, opens: closed ? null : x.opens, closes: closed ? null : x.closes }]);
        }}
      >
        <Field label={t('exceptions.date')} type="date" required value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} />
        <SelectField label={t('supervisor.queue')} value={draft.queue} onChange={(e) => setDraft({ ...draft, queue: e.target.value })} options={QUEUE_CHOICES.map((q) => [q, queueName(q)] as const)} />
        <CheckboxField label={t('exceptions.closedAllDay')} checked={draft.closed} onChange={(closed) => setDraft({ ...draft, closed })} />
        {!draft.closed && (
          <div className="toolbar">
            <Field label={t('supervisor.opens')} value={draft.opens ?? ''} pattern="[0-2][0-9]:[0-5][0-9]" onChange={(e) => setDraft({ ...draft, opens: e.target.value })} />
            <Field label={t('supervisor.closes')} value={draft.closes ?? ''} pattern="[0-2][0-9]:[0-5][0-9]" onChange={(e) => setDraft({ ...draft, closes: e.target.value })} />
          </div>
        )}
        <Field label={t('exceptions.note')} maxLength={200} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
        <button type="submit">{t('exceptions.add')}</button>
      </ActionForm>
    </section>
  );
}
