import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, poll, post, put } from '../../web/api.ts';
import { ConfirmButton, DataTable, ErrorMessage, Field, Loading, Notice, SelectField, TextAreaField } from '../../web/kit/index.ts';
import { HoursExceptions } from './HoursExceptions.tsx';
import type { CannedOut as Canned, HoursOut as Hours, OverviewOut as Overview } from '../schema.ts';

/** The supervisor's view: queues, waiting times, counsellors on duty; canned answers and opening hours. */
export function SupervisorPage() {
  const { t } = useTranslation('chat');
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback((background = false) => {
    (background ? poll : get)<Overview>('/api/chat/supervisor/overview').then(setOverview, setError);
  }, []);
  useEffect(() => {
    load();
    // The refresh on a timer is no activity of the supervisor's (see api.ts poll).
    const i = window.setInterval(() => load(true), 15000);
    return () => clearInterval(i);
  }, [load]);

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('supervisor.title')}</h1>
      <ErrorMessage error={error} />
      <button type="button" onClick={() => load()}>
        {t('supervisor.refresh')}
      </button>
      {!overview ? (
        <Loading />
      ) : (
        <>
          <DataTable
            caption={t('console.queues')}
            showCaption
            rows={overview.queues}
            rowKey={(q) => q.queue}
            columns={[
              { header: t('supervisor.queue'), cell: (q) => t(`queue.${q.queue}`), rowHeader: true },
              { header: t('supervisor.waiting'), cell: (q) => q.waiting },
              { header: t('supervisor.longestWait'), cell: (q) => Math.round(q.longestWaitSeconds / 60) },
              { header: t('supervisor.active'), cell: (q) => q.active },
            ]}
          />
          <p>{t('supervisor.offlineWaiting', { n: overview.offlineWaiting })}</p>
          <h2>{t('supervisor.onDuty')}</h2>
          {overview.counsellorsOnDuty.length === 0 ? (
            <p>{t('supervisor.noneOnDuty')}</p>
          ) : (
            <ul>
              {overview.counsellorsOnDuty.map((c) => (
                <li key={c.userId}>
                  {c.displayName} — {c.queues.map((q) => t(`queue.${q}`)).join(', ')} — {t('supervisor.activeChats')}: {c.activeChats}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <CannedAnswers />
      <OpeningHours />
      <HoursExceptions />
    </main>
  );
}

function CannedAnswers() {
  const { t } = useTranslation('chat');
  const [items, setItems] = useState<Canned[]>([]);
  const [draft, setDraft] = useState<CannedValue>({ language: 'sv', title: '', body: '', directoryEntryId: null });
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => get<Canned[]>('/api/chat/canned').then(setItems, setError), []);
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="canned-heading">
      <h2 id="canned-heading">{t('supervisor.canned')}</h2>
      <ErrorMessage error={error} />
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <CannedRow item={c} onChanged={load} />
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          post('/api/chat/canned', draft).then(() => {
            setDraft({ language: 'sv', title: '', body: '', directoryEntryId: null });
            setError(null);
            return load();
          }, setError);
        }}
      >
        <CannedFields value={draft} onChange={setDraft} idPrefix="new-canned" />
        <button type="submit">{t('supervisor.add')}</button>
      </form>
    </section>
  );
}

function CannedRow({ item, onChanged }: { item: Canned; onChanged(): void }) {
  const { t } = useTranslation('chat');
  const [value, setValue] = useState<CannedValue>({ language: item.language, title: item.title, body: item.body, directoryEntryId: item.directoryEntryId });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void put(`/api/chat/canned/${item.id}`, value).then(onChanged);
      }}
    >
      <CannedFields value={value} onChange={setValue} idPrefix={`canned-${item.id}`} />
      <button type="submit">{t('supervisor.save')}</button>{' '}
      <ConfirmButton question={t('supervisor.removeQuestion', { title: item.title })} confirm={t('supervisor.removeConfirm')} onConfirm={() => void api('DELETE', `/api/chat/canned/${item.id}`).then(onChanged)}>
        {t('supervisor.remove')}
      </ConfirmButton>
    </form>
  );
}

interface CannedValue {
  language: string;
  title: string;
  body: string;
  directoryEntryId: string | null;
}

/** The public entries of the directory a canned answer may point at (read once per page). */
let publicEntries: Promise<Array<{ id: string; name: string }>> | null = null;
function usePublicEntries() {
  const [entries, setEntries] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    publicEntries ??= get<Array<{ id: string; name: string }>>('/api/directory/public/search?limit=200');
    void publicEntries.then(setEntries, () => (publicEntries = null));
  }, []);
  return entries;
}

function CannedFields({ value, onChange, idPrefix }: { value: CannedValue; onChange(v: CannedValue): void; idPrefix: string }) {
  const { t } = useTranslation('chat');
  const entries = usePublicEntries();
  return (
    <div className="canned-fields">
      <Field id={`${idPrefix}-title`} label={t('supervisor.title2')} value={value.title} maxLength={120} required onChange={(e) => onChange({ ...value, title: e.target.value })} />
      <SelectField
        id={`${idPrefix}-lang`}
        label={t('supervisor.language')}
        value={value.language}
        onChange={(e) => onChange({ ...value, language: e.target.value })}
        options={[
          ['sv', 'Svenska'],
          ['en', 'English'],
        ]}
      />
      <TextAreaField id={`${idPrefix}-body`} label={t('supervisor.body')} value={value.body} rows={3} maxLength={2000} required onChange={(e) => onChange({ ...value, body: e.target.value })} />
      <SelectField
        id={`${idPrefix}-entry`}
        label={t('supervisor.entry')}
        hint={t('supervisor.entryHint')}
        value={value.directoryEntryId ?? ''}
        onChange={(e) => onChange({ ...value, directoryEntryId: e.target.value || null })}
        options={[['', t('supervisor.noEntry')], ...entries.map((e) => [e.id, e.name] as const)]}
      />
    </div>
  );
}

const HOURS_QUEUES = ['*', 'selling', 'young', 'kast', 'relative', 'professional'] as const;
interface StatusHours { hours: Hours[]; queueHours: Array<Hours & { queue: string }> }

/** The weekly hours of every queue, or of one queue (a queue without its own hours follows every queue's). */
function OpeningHours() {
  const { t } = useTranslation('chat');
  const days = t('supervisor.days', { returnObjects: true }) as string[];
  const [queue, setQueue] = useState<string>('*');
  const [status, setStatus] = useState<StatusHours | null>(null);
  const [hours, setHours] = useState<Array<Hours & { closed: boolean }>>([]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const queueName = (q: string) => (q === '*' ? t('exceptions.everyQueue') : t(`queue.${q}`));
  const own = status && queue !== '*' ? status.queueHours.filter((h) => h.queue === queue) : [];
  const followsEvery = queue !== '*' && status !== null && own.length === 0;
  const load = useCallback(() => get<StatusHours>('/api/chat/visitor/status').then(setStatus, setError), []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!status) return;
    const week = queue !== '*' && own.length ? own : status.hours;
    setHours([1, 2, 3, 4, 5, 6, 7].map((d) => {
      const h = week.find((x) => x.weekday === d);
      return { weekday: d, opens: h?.opens ?? '09:00', closes: h?.closes ?? '17:00', closed: !h };
    }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, queue]);
  const set = (i: number, patch: Partial<Hours & { closed: boolean }>) => setHours((hs) => hs.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  const save = (week: Hours[]) =>
    put('/api/chat/opening-hours', { queue, hours: week }).then(() => {
      setSaved(true);
      setError(null);
      return load();
    }, setError);
  return (
    <section aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t('supervisor.hours')}</h2>
      <ErrorMessage error={error} />
      {saved && <Notice>{t('supervisor.saved')}</Notice>}
      <SelectField
        label={t('supervisor.hoursFor')}
        value={queue}
        onChange={(e) => {
          setQueue(e.target.value);
          setSaved(false);
        }}
        options={HOURS_QUEUES.map((q) => [q, queueName(q)] as const)}
      />
      {followsEvery && <p>{t('supervisor.followsEvery')}</p>}
      {queue !== '*' && own.length > 0 && (
        <button type="button" onClick={() => void save([])}>
          {t('supervisor.useEvery')}
        </button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(hours.filter((h) => !h.closed).map(({ weekday, opens, closes }) => ({ weekday, opens, closes })));
        }}
      >
        <DataTable
          caption={`${t('supervisor.hours')}: ${queueName(queue)}`}
          rows={hours.map((h, i) => ({ ...h, i, day: days[i] ?? String(h.weekday) }))}
          rowKey={(h) => h.weekday}
          columns={[
            { header: t('supervisor.day'), cell: (h) => h.day, rowHeader: true },
            {
              header: t('supervisor.opens'),
              cell: (h) => <input aria-label={`${h.day} ${t('supervisor.opens')}`} value={h.opens} pattern="[0-2][0-9]:[0-5][0-9]" onChange={(e) => set(h.i, { opens: e.target.value })} disabled={h.closed} />,
            },
            {
              header: t('supervisor.closes'),
              cell: (h) => <input aria-label={`${h.day} ${t('supervisor.closes')}`} value={h.closes} pattern="[0-2][0-9]:[0-5][0-9]" onChange={(e) => set(h.i, { closes: e.target.value })} disabled={h.closed} />,
            },
            {
              header: t('supervisor.closedDay'),
              cell: (h) => <input type="checkbox" aria-label={`${h.day} ${t('supervisor.closedDay')}`} checked={h.closed} onChange={(e) => set(h.i, { closed: e.target.checked })} />,
            },
          ]}
        />
        <button type="submit">{t('supervisor.saveHours')}</button>
      </form>
    </section>
  );
}
