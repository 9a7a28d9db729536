import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiCapability } from '../../web/capabilities.tsx';
import { get, post } from '../../web/api.ts';
import { ActionForm, CheckboxField, DataTable, Field, SelectField } from '../../web/kit/index.ts';
import { GENDERS, TARGET_GROUPS } from '../rules.ts';
import type { EntryOut } from '../schema.ts';
import { directoryLocales } from './locales.ts';
import { EntryEditPage, ImportPage, ManageEntriesPage } from './EntryPages.tsx';
import { CaseReferralsSection } from './CaseReferrals.tsx';
import { addCaseSection } from '../../cases/ui/sections.ts';

addCaseSection({ key: 'directory-referrals', Section: CaseReferralsSection });

/** Search the directory in the interface's language, with filters; entries to review for managers. */
function DirectoryPage() {
  const { t, i18n } = useTranslation('directory');
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const [f, setF] = useState({ q: '', targetGroup: '', age: '', gender: '', anonymous: false, noExclusions: false, notMeansTested: false });
  const [rows, setRows] = useState<EntryOut[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function search() {
    const p = new URLSearchParams({ lang });
    if (f.q.trim()) p.set('q', f.q.trim());
    if (f.targetGroup) p.set('targetGroup', f.targetGroup);
    if (f.age) p.set('age', f.age);
    if (f.gender) p.set('gender', f.gender);
    for (const k of ['anonymous', 'noExclusions', 'notMeansTested'] as const) if (f[k]) p.set(k, 'true');
    setRows(await get<EntryOut[]>(`/api/directory/search?${p}`));
  }
  useEffect(() => void search().catch(setError), [lang]);
  const set = (k: 'q' | 'targetGroup' | 'age' | 'gender') => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <ActionForm onSubmit={search} label={t('search')}>
        <Field label={t('query')} type="search" value={f.q} onChange={set('q')} />
        <div className="toolbar">
          <SelectField label={t('targetGroup')} value={f.targetGroup} onChange={set('targetGroup')} options={[['', t('any')], ...TARGET_GROUPS.map((g) => [g, t(`groups.${g}`)] as const)]} />
          <Field label={t('age')} type="number" min={0} max={120} value={f.age} onChange={set('age')} />
          <SelectField label={t('gender')} value={f.gender} onChange={set('gender')} options={[['', t('any')], ...GENDERS.map((g) => [g, t(`genders.${g}`)] as const)]} />
        </div>
        <CheckboxField label={t('anonymous')} checked={f.anonymous} onChange={(v) => setF((x) => ({ ...x, anonymous: v }))} />
        <CheckboxField label={t('noExclusions')} checked={f.noExclusions} onChange={(v) => setF((x) => ({ ...x, noExclusions: v }))} />
        <CheckboxField label={t('notMeansTested')} checked={f.notMeansTested} onChange={(v) => setF((x) => ({ ...x, notMeansTested: v }))} />
        <button type="submit" className="primary">
          {t('search')}
        </button>
      </ActionForm>
      <p>
        <a href="/api/directory/export" download>
          {t('export')}
        </a>
      </p>
      <DataTable
        caption={t('results')}
        rows={rows}
        error={error}
        empty={t('none')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('columns.name'), cell: (r) => (<>{r.name}{r.visibility === 'internal' && <> ({t('internal')})</>}</>) },
          { header: t('columns.offer'), cell: (r) => (lang === 'en' ? r.offerEn : r.offerSv) },
          { header: t('columns.reach'), cell: (r) => [r.phone, r.email, r.web, r.address].filter(Boolean).join(', ') },
          { header: t('columns.hours'), cell: (r) => r.openingHours },
          {
            header: t('columns.facts'),
            cell: (r) =>
              [r.anonymousContact ? t('anonymousYes') : '', r.exclusionCriteria ? t('exclusions', { text: r.exclusionCriteria }) : t('noExclusionsShort'), r.meansTested ? t('meansTested') : ''].filter(Boolean).join('. '),
          },
        ]}
      />
    </main>
  );
}

/** The entries the caller's units own that are due for review. */
function ReviewPage() {
  const { t } = useTranslation('directory');
  const [rows, setRows] = useState<EntryOut[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => get<EntryOut[]>('/api/directory/review-due').then(setRows, setError);
  useEffect(() => void load(), []);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('reviewTitle')}</h1>
      <p>{t('reviewIntro')}</p>
      <DataTable
        caption={t('reviewTitle')}
        rows={rows}
        error={error}
        empty={t('reviewNone')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('columns.name'), cell: (r) => r.name },
          { header: t('lastReviewed'), cell: (r) => r.lastReviewedOn },
          {
            header: t('markReviewed'),
            cell: (r) => (
              <button type="button" onClick={() => post(`/api/directory/entries/${r.id}/reviewed`, {}).then(load, setError)}>
                {t('markReviewed')} <span className="visually-hidden">{r.name}</span>
              </button>
            ),
          },
        ]}
      />
    </main>
  );
}

export const directoryUi: UiCapability = {
  name: 'directory',
  locales: directoryLocales,
  routes: [
    { path: '/katalog', element: <DirectoryPage />, permission: 'directory.read' },
    { path: '/katalog/granska', element: <ReviewPage />, permission: 'directory.manage' },
    { path: '/katalog/poster', element: <ManageEntriesPage />, permission: 'directory.manage' },
    { path: '/katalog/poster/:id', element: <EntryEditPage />, permission: 'directory.manage' },
    { path: '/katalog/import', element: <ImportPage />, permission: 'directory.manage' },
  ],
  nav: [
    { path: '/katalog', labelKey: 'nav', permission: 'directory.read' },
    { path: '/katalog/granska', labelKey: 'reviewTitle', permission: 'directory.manage' },
    { path: '/katalog/poster', labelKey: 'manage.nav', permission: 'directory.manage' },
  ],
};
