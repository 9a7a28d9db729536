import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { UiCapability } from '../../web/capabilities.tsx';
import { poll, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import { ActionForm, CheckboxField, DataTable, ErrorMessage, Field, Loading, Notice, SelectField, TextAreaField, formatDate, useApiData } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { swedishDate } from '../../core/time/stockholm.ts';
import { CONTACT_ANSWERS, CONTACT_CHANNELS } from '../rules.ts';
import type { GroupOut, GroupSummary, ImportOut } from '../schema.ts';
import { adsLocales } from './locales.ts';

const groupPath = (id: string) => `/annonser/grupp?id=${encodeURIComponent(id)}`;

/** An import: the file read in the browser, sent once, then its progress until it is done or refused. */
function ImportSection({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('ads');
  const [file, setFile] = useState<File | null>(null);
  const [allowPartial, setAllowPartial] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const [status, setStatus] = useState<Wire<ImportOut> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!importId) return;
    let stop = false;
    const tick = async () => {
      try {
        const s = await poll<Wire<ImportOut>>(`/api/ads/imports/${importId}`);
        if (stop) return;
        setStatus(s);
        if (s.state === 'running') setTimeout(() => void tick(), 500);
        else onDone();
      } catch (err) {
        setError(err);
      }
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [importId]);
  return (
    <section aria-labelledby="import-h">
      <h2 id="import-h">{t('import')}</h2>
      <p>{t('importIntro')}</p>
      <ActionForm
        labelledBy="import-h"
        onSubmit={async () => {
          if (!file) return;
          setStatus(null);
          const { id } = await post<{ id: string }>('/api/ads/imports', { fileName: file.name, content: await file.text(), allowPartial });
          setImportId(id);
        }}
      >
        <Field label={t('file')} type="file" accept=".jsonl,.json,.csv,application/json,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        <CheckboxField label={t('allowPartial')} hint={t('allowPartialHint')} checked={allowPartial} onChange={setAllowPartial} />
        <button type="submit" className="primary">
          {t('start')}
        </button>
      </ActionForm>
      <ErrorMessage error={error} />
      {status && (
        <div>
          <label htmlFor="import-progress">{t('progress', { done: status.doneRows, total: status.totalRows })}</label>
          <progress id="import-progress" max={Math.max(1, status.totalRows)} value={status.doneRows} />
          <div role="status">
            {status.state === 'done' && <p>{t('done', { n: status.imported })}</p>}
            {status.state === 'failed' && <p>{t('failed', { n: status.errors.length })}</p>}
          </div>
          {status.errors.length > 0 && (
            <details open={status.state === 'failed'}>
              <summary>{t('rowErrors', { n: status.errors.length })}</summary>
              <ul>
                {status.errors.slice(0, 100).map((e, i) => (
                  <li key={i}>{t('rowError', { row: e.row, message: e.message })}</li>
                ))}
              </ul>
            </details>
          )}
          {status.warnings.length > 0 && (
            <ul>
              {status.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The register: the import and the probable posters, largest first. */
function AdsPage() {
  const { t } = useTranslation('ads');
  const { me } = useSession();
  const groups = useApiData<Array<Wire<GroupSummary>>>('/api/ads/groups');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {me?.permissions.includes('ads.import') && <ImportSection onDone={groups.reload} />}
      <h2 id="groups-h">{t('groups')}</h2>
      <DataTable
        caption={t('groups')}
        rows={groups.data}
        error={groups.error}
        empty={t('noGroups')}
        rowKey={(g) => g.id}
        columns={[
          { header: t('columns.group'), cell: (g) => <Link to={groupPath(g.id)}>{t('groupOf', { n: g.ads })} <span className="visually-hidden">{g.id}</span></Link>, rowHeader: true },
          { header: t('columns.ads'), cell: (g) => g.ads },
          { header: t('columns.cities'), cell: (g) => g.cities.join(', ') || '–' },
          { header: t('columns.first'), cell: (g) => formatDate(g.firstSeenAt) },
          { header: t('columns.last'), cell: (g) => formatDate(g.lastSeenAt) },
        ]}
      />
      <ErrorMessage error={groups.error} />
    </main>
  );
}

/** One probable poster: the evidence of each link (with confirm and split), the ads over time and cities, contact attempts. */
function GroupPage() {
  const { t } = useTranslation('ads');
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const id = params.get('id') ?? '';
  const { data: group, error, reload } = useApiData<Wire<GroupOut>>(`/api/ads/group?id=${encodeURIComponent(id)}`);
  const [notice, setNotice] = useState('');
  const [attempt, setAttempt] = useState({ attemptedOn: swedishDate(new Date()), channel: 'sms', template: '', answer: 'no_answer', note: '' });
  const canDecide = me?.permissions.includes('ads.decide') ?? false;
  if (!group) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  const number = new Map(group.ads.map((a, i) => [a.url, i + 1]));
  const adName = (url: string) => t('ad', { n: number.get(url) ?? '?' });
  const decided = (a: string, b: string) => group.decisions.find((d) => (d.urlA === a && d.urlB === b) || (d.urlA === b && d.urlB === a))?.decision;

  async function decide(urlA: string, urlB: string, decision: 'confirmed' | 'split') {
    const r = await post<{ groupOfA: string | null; groupOfB: string | null }>('/api/ads/decisions', { urlA, urlB, decision });
    setNotice(t(decision === 'split' ? 'splitDone' : 'confirmedDone'));
    // The group may have a new id after a split (its first ad's url): follow the first ad.
    const next = number.get(urlA) === 1 ? r.groupOfA : r.groupOfB === id ? r.groupOfB : r.groupOfA;
    if (next && next !== id) setParams({ id: next });
    else reload();
  }
  const set = (k: keyof typeof attempt) => (e: { target: { value: string } }) => setAttempt((f) => ({ ...f, [k]: e.target.value }));

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('groupTitle', { n: group.ads.length })}</h1>
      <p>{t('notTrafficking')}</p>
      {notice && <Notice>{notice}</Notice>}
      <h2 id="evidence-h">{t('evidence')}</h2>
      <DataTable
        caption={t('evidence')}
        rows={group.links}
        empty={t('noLinks')}
        rowKey={(l) => `${l.urlA} ${l.urlB} ${l.kind}`}
        columns={[
          { header: t('columns.between'), cell: (l) => `${adName(l.urlA)} – ${adName(l.urlB)}`, rowHeader: true },
          { header: t('columns.kind'), cell: (l) => t(`kinds.${l.kind}`) },
          { header: t('columns.similarity'), cell: (l) => (l.kind === 'text' || l.kind === 'image' ? `${Math.round(l.similarity * 100)} %` : '–') },
          { header: t('columns.decision'), cell: (l) => (decided(l.urlA, l.urlB) ? t(`decisions.${decided(l.urlA, l.urlB)}`) : '–') },
          canDecide && {
            header: t('columns.actions'),
            cell: (l) => (
              <ActionForm label={t('decideOn', { a: adName(l.urlA), b: adName(l.urlB) })}>
                {(run) => (
                  <>
                    <button type="button" onClick={() => run(() => decide(l.urlA, l.urlB, 'split'))}>
                      {t('split')} <span className="visually-hidden">{`${adName(l.urlA)} – ${adName(l.urlB)}`}</span>
                    </button>{' '}
                    <button type="button" onClick={() => run(() => decide(l.urlA, l.urlB, 'confirmed'))}>
                      {t('confirm')} <span className="visually-hidden">{`${adName(l.urlA)} – ${adName(l.urlB)}`}</span>
                    </button>
                  </>
                )}
              </ActionForm>
            ),
          },
        ]}
      />
      <h2 id="ads-h">{t('adsOverTime')}</h2>
      <DataTable
        caption={t('adsOverTime')}
        rows={group.ads}
        rowKey={(a) => a.url}
        columns={[
          { header: t('columns.ad'), cell: (a) => adName(a.url), rowHeader: true },
          { header: t('columns.first'), cell: (a) => formatDate(a.firstSeenAt) },
          { header: t('columns.last'), cell: (a) => formatDate(a.lastSeenAt) },
          { header: t('columns.city'), cell: (a) => a.city ?? '–' },
          { header: t('columns.site'), cell: (a) => a.site ?? '–' },
          { header: t('columns.text'), cell: (a) => (a.text ? a.text.slice(0, 160) : t('textGone')) },
        ]}
      />
      <h2 id="attempts-h">{t('attempts')}</h2>
      <p>{t('attemptsGuidance')}</p>
      <DataTable
        caption={t('attempts')}
        rows={group.attempts}
        empty={t('noAttempts')}
        rowKey={(a) => a.id}
        columns={[
          { header: t('columns.date'), cell: (a) => a.attemptedOn, rowHeader: true },
          { header: t('columns.channel'), cell: (a) => t(`channels.${a.channel}`) },
          { header: t('columns.template'), cell: (a) => a.template },
          { header: t('columns.answer'), cell: (a) => t(`answers.${a.answer}`) },
          { header: t('columns.by'), cell: (a) => a.byName },
        ]}
      />
      {canDecide && (
        <ActionForm
          labelledBy="attempts-h"
          onSubmit={async () => {
            await post('/api/ads/contact-attempts', { groupId: group.id, ...attempt, note: attempt.note.trim() || null });
            setAttempt((a) => ({ ...a, template: '', note: '' }));
            setNotice(t('attemptLogged'));
            reload();
          }}
        >
          <Field label={t('date')} type="date" value={attempt.attemptedOn} onChange={set('attemptedOn')} required />
          <SelectField label={t('channel')} value={attempt.channel} onChange={set('channel')} options={CONTACT_CHANNELS.map((c) => [c, t(`channels.${c}`)] as const)} />
          <Field label={t('template')} value={attempt.template} onChange={set('template')} required maxLength={200} />
          <SelectField label={t('answer')} value={attempt.answer} onChange={set('answer')} options={CONTACT_ANSWERS.map((c) => [c, t(`answers.${c}`)] as const)} />
          <TextAreaField label={t('note')} rows={2} value={attempt.note} onChange={set('note')} maxLength={500} />
          <button type="submit" className="primary">
            {t('logAttempt')}
          </button>
        </ActionForm>
      )}
      <p>
        <Link to="/annonser">{t('back')}</Link>
      </p>
    </main>
  );
}

/** The counts statistics reads: active ads, probable posters, new posters per month, cities. */
function StatisticsPage() {
  const { t } = useTranslation('ads');
  const { data, error } = useApiData<{ activeAds: number; probablePosters: number; newPostersPerMonth: Array<{ month: string; posters: number }>; cities: Array<{ city: string; ads: number }> }>('/api/ads/statistics');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('statistics')}</h1>
      <ErrorMessage error={error} />
      {data && (
        <>
          <ul>
            <li>{t('activeAds', { n: data.activeAds })}</li>
            <li>{t('probablePosters', { n: data.probablePosters })}</li>
          </ul>
          <DataTable caption={t('newPerMonth')} showCaption rows={data.newPostersPerMonth} rowKey={(r) => r.month} columns={[{ header: t('columns.month'), cell: (r) => r.month, rowHeader: true }, { header: t('columns.posters'), cell: (r) => r.posters }]} />
          <DataTable caption={t('citiesTitle')} showCaption rows={data.cities} rowKey={(r) => r.city} columns={[{ header: t('columns.city'), cell: (r) => r.city, rowHeader: true }, { header: t('columns.ads'), cell: (r) => r.ads }]} />
        </>
      )}
    </main>
  );
}

export const adsUi: UiCapability = {
  name: 'ads',
  locales: adsLocales,
  routes: [
    { path: '/annonser', element: <AdsPage />, permission: 'ads.read' },
    { path: '/annonser/grupp', element: <GroupPage />, permission: 'ads.read' },
    { path: '/annonser/statistik', element: <StatisticsPage />, permission: 'ads.statistics' },
  ],
  nav: [
    { path: '/annonser', labelKey: 'nav', permission: 'ads.read' },
    { path: '/annonser/statistik', labelKey: 'navStatistics', permission: 'ads.statistics' },
  ],
};
