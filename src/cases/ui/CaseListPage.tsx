import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import { DataTable, Field, SelectField, formatDate } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { CASE_STATUSES } from '../rules.ts';
import type { CaseListItem } from '../schema.ts';

type Item = Wire<CaseListItem>;

const FILTERS = ['scope', 'view', 'population', 'status', 'ageGroup'] as const;

export function CaseListPage() {
  const { t } = useTranslation(['cases', 'intake']);
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<Item[] | null>(null);
  // The search term stays in the page, never in the address bar (browser history keeps addresses).
  const [search, setSearch] = useState('');
  const [searched, setSearched] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { me } = useSession();
  // A KAST caseworker's list shows buyers by default; everyone else's shows victims. The two are never one list.
  const [defaultPopulation, setDefaultPopulation] = useState<'victims' | 'buyers' | null>(null);
  const value = (k: (typeof FILTERS)[number], d = '') => params.get(k) ?? (k === 'population' ? (defaultPopulation ?? d) : d);

  useEffect(() => {
    const kinds = (me?.grants ?? []).filter((g) => g.unitId !== null).map((g) => g.unitKind);
    setDefaultPopulation(kinds.length > 0 && kinds.every((k) => k === 'kast') ? 'buyers' : 'victims');
  }, [me]);

  useEffect(() => {
    if (!defaultPopulation) return;
    const q = new URLSearchParams({ population: defaultPopulation });
    for (const k of FILTERS) if (params.get(k)) q.set(k, params.get(k)!);
    setItems(null);
    setError(null);
    const request = searched ? post<Item[]>('/api/cases/search', { ...Object.fromEntries(q), query: searched }) : get<Item[]>(`/api/cases?${q}`);
    request.then(setItems, setError);
  }, [params, defaultPopulation, searched]);

  const change = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('listTitle')}</h1>
      <form className="toolbar" role="search" aria-label={t('search.form')} onSubmit={(e) => { e.preventDefault(); setSearched(search.trim().length >= 2 ? search.trim() : ''); }}>
        <Field label={t('search.label')} hint={t('search.hint')} value={search} onChange={(e) => setSearch(e.target.value)} maxLength={100} />
        <button type="submit">{t('search.submit')}</button>
      </form>
      <form className="toolbar" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('scope.label')} value={value('scope', 'unit')} onChange={(e) => change('scope', e.target.value)} options={[['unit', t('scope.unit')], ['mine', t('scope.mine')]]} />
        <SelectField
          label={t('view.label')}
          value={value('view', 'all')}
          onChange={(e) => change('view', e.target.value)}
          options={(['all', 'awaiting_assessment', 'overdue'] as const).map((v) => [v, t(`view.${v}`)] as const)}
        />
        <SelectField label={t('population.label')} value={value('population', 'victims')} onChange={(e) => change('population', e.target.value)} options={[['victims', t('population.victims')], ['buyers', t('population.buyers')], ['exploiters', t('population.exploiters')]]} />
        <SelectField label={t('columns.status')} value={value('status')} onChange={(e) => change('status', e.target.value)} options={[['', t('anyStatus')], ...CASE_STATUSES.map((s) => [s, t(`status.${s}`)] as const)]} />
        <SelectField
          label={t('columns.age')}
          value={value('ageGroup')}
          onChange={(e) => change('ageGroup', e.target.value)}
          options={[['', t('anyAge')], ...(['under_15', '15_17', 'adult', 'unknown'] as const).map((a) => [a, t(`intake:ageGroup.${a}`)] as const)]}
        />
      </form>
      <DataTable
        caption={t('listTitle')}
        rows={items}
        error={error}
        empty={t('none')}
        rowKey={(c) => c.id}
        columns={[
          { header: t('columns.number'), cell: (c) => c.number, className: 'nowrap' },
          {
            header: t('columns.person'),
            cell: (c) => (
              <>
                <Link to={`/arenden/${c.id}`}>{c.personLabel ?? t('anonymous')}</Link>
                <br />
                <span className="hint">{t(`intake:personRole.${c.personRole}`)}</span>
              </>
            ),
          },
          { header: t('columns.unit'), cell: (c) => c.unitName },
          { header: t('columns.status'), cell: (c) => t(`status.${c.status}`) },
          { header: t('columns.age'), cell: (c) => t(`intake:ageGroup.${c.ageGroup}`) },
          { header: t('columns.opened'), cell: (c) => formatDate(c.openedAt) },
          {
            header: t('columns.due'),
            cell: (c) => (
              <>
                {c.assessmentDue ? formatDate(c.assessmentDue) : '–'} {c.overdue && <strong className="tag">{t('overdue')}</strong>}
              </>
            ),
          },
          { header: t('columns.assigned'), cell: (c) => c.assignedName ?? '–' },
        ]}
      />
    </main>
  );
}
