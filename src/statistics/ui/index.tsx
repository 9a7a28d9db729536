import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UiCapability } from '../../web/capabilities.tsx';
import { ActionForm, CheckboxField, ErrorMessage, Field, Loading, Notice, SelectField, todayIso, useApiData } from '../../web/kit/index.ts';
import { categoryLabel, INDICATOR_LABELS } from '../labels.ts';
import { shownCell } from '../rules.ts';
import type { StatisticsOut, StatisticsTable } from '../schema.ts';
import { statisticsLocales } from './locales.ts';

// The year and today in Stockholm's calendar (UTC's date is yesterday's after midnight).
const thisYear = Number(todayIso().slice(0, 4));
// Distinguishable without colour alone: the table beside every chart carries the same figures.
const COLOURS = ['#1f4e79', '#b35900', '#2e7d32', '#6a1b9a', '#00838f', '#8d6e63', '#c2185b', '#455a64'];

/** One indicator: its chart (aria-described, decorative for screen readers) and the table with the same figures. */
function IndicatorSection({ table, report, compare, lang }: { table: StatisticsTable; report: StatisticsOut; compare: boolean; lang: 'sv' | 'en' }) {
  const { t } = useTranslation('statistics');
  const label = INDICATOR_LABELS[table.indicator];
  const unitName = (id: string) => (id === '' ? t('wholeMunicipality') : id === 'no_district' ? t('noDistrict') : (report.units.find((u) => u.id === id)?.name ?? id));
  const perUnit = compare && table.columns.length > 1;
  const data = table.rows.map((row, i) => {
    const entry: Record<string, string | number | null> = { category: categoryLabel(row, lang) };
    if (perUnit) table.columns.forEach((c, j) => (entry[unitName(c)] = typeof table.cells[i]![j] === 'number' ? (table.cells[i]![j] as number) : null));
    else entry[t('total')] = typeof table.rowTotals[i] === 'number' ? (table.rowTotals[i] as number) : null;
    return entry;
  });
  const series = perUnit ? table.columns.map(unitName) : [t('total')];
  const id = `indicator-${table.indicator}`;
  const single = table.columns.length === 1;
  return (
    <section aria-labelledby={id} className="statistics-indicator">
      <h2 id={id}>{label.title[lang]}</h2>
      <p>{label.definition[lang]}</p>
      <figure role="img" aria-label={t('chartOf', { title: label.title[lang] })} style={{ margin: 0 }}>
        <ResponsiveContainer width="100%" height={Math.max(160, 36 * table.rows.length * (perUnit ? Math.min(series.length, 3) : 1) + 60)}>
          <BarChart data={data} layout="vertical" margin={{ left: 24, right: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="category" width={200} />
            <Tooltip />
            {perUnit && <Legend />}
            {series.map((s, i) => (
              <Bar key={s} dataKey={s} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <p className="hint">{t('chartHiddenNote', { threshold: report.threshold })}</p>
      <table className="data-table statistics-table">
        <caption>{t('tableOf', { title: label.title[lang] })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('category')}</th>
            {table.columns.map((c) => (
              <th scope="col" key={c}>
                {unitName(c)}
              </th>
            ))}
            {!single && <th scope="col">{t('total')}</th>}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={row}>
              <th scope="row">{categoryLabel(row, lang)}</th>
              {table.cells[i]!.map((c, j) => (
                <td key={j}>{shownCell(c, report.threshold)}</td>
              ))}
              {!single && <td>{shownCell(table.rowTotals[i]!, report.threshold)}</td>}
            </tr>
          ))}
          {table.columnTotals && table.total !== null && (
            <tr>
              <th scope="row">{t('total')}</th>
              {table.columnTotals.map((c, j) => (
                <td key={j}>{shownCell(c, report.threshold)}</td>
              ))}
              {!single && <td>{shownCell(table.total, report.threshold)}</td>}
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** The dashboard for unit managers and analysts: a year or a period, one unit or all the caller may see. */
function StatisticsPage() {
  const { t, i18n } = useTranslation('statistics');
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const [form, setForm] = useState({ year: String(thisYear), from: `${thisYear}-01-01`, to: todayIso(), unitId: '', by: 'unit' });
  const [query, setQuery] = useState(form);
  const [compare, setCompare] = useState(false);
  const params = new URLSearchParams({ from: query.from, to: query.to, by: query.by, ...(query.unitId && { unitId: query.unitId }) });
  const { data, error } = useApiData<StatisticsOut>(`/api/statistics/dashboard?${params}`);
  // The units to choose from: those of the unfiltered answer (every unit the caller may see).
  const all = useApiData<StatisticsOut>(`/api/statistics/dashboard?from=${thisYear}-01-01&to=${todayIso()}`);
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear - i));
  const reportYear = query.from.slice(0, 4);
  const reportParams = (extra: Record<string, string>) => new URLSearchParams({ year: reportYear, lang, ...(query.unitId && { unitId: query.unitId }), ...extra }).toString();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro', { threshold: data?.threshold ?? 5 })}</p>
      <ActionForm onSubmit={async () => setQuery(form)} label={t('filters')}>
        <div className="toolbar">
          <SelectField
            label={t('year')}
            value={form.year}
            onChange={(e) => {
              const y = e.target.value;
              setForm((f) => ({ ...f, year: y, from: `${y}-01-01`, to: y === String(thisYear) ? todayIso() : `${y}-12-31` }));
            }}
            options={years.map((y) => [y, y] as const)}
          />
          <Field label={t('from')} type="date" value={form.from} onChange={(e) => setForm((f) => ({ ...f, from: e.target.value }))} />
          <Field label={t('to')} type="date" value={form.to} onChange={(e) => setForm((f) => ({ ...f, to: e.target.value }))} />
          <SelectField label={t('unit')} value={form.unitId} onChange={(e) => setForm((f) => ({ ...f, unitId: e.target.value }))} options={[['', t('allUnits')], ...(all.data?.units ?? []).map((u) => [u.id, u.name] as const)]} />
          <SelectField label={t('by')} value={form.by} onChange={(e) => setForm((f) => ({ ...f, by: e.target.value }))} options={[['unit', t('byUnit')], ['district', t('byDistrict')]]} />
        </div>
        <button type="submit" className="primary">
          {t('show')}
        </button>
      </ActionForm>
      <CheckboxField label={t('compare')} checked={compare} onChange={setCompare} />
      <section aria-labelledby="statistics-downloads">
        <h2 id="statistics-downloads">{t('downloads', { year: reportYear })}</h2>
        <ul>
          <li>
            <a href={`/api/statistics/report?${reportParams({ format: 'pdf' })}`} download>
              {t('annualPdf')}
            </a>
          </li>
          <li>
            <a href={`/api/statistics/report?${reportParams({ format: 'csv' })}`} download>
              {t('annualCsv')}
            </a>
          </li>
          <li>
            <a href={`/api/statistics/report?${reportParams({ format: 'html' })}`}>{t('annualHtml')}</a>
          </li>
          <li>
            <a href={`/api/statistics/report?${reportParams({ format: 'pdf', report: 'crime-picture' })}`} download>
              {t('crimePicturePdf')}
            </a>
          </li>
        </ul>
      </section>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : null}
      {data && !error && (
        <>
          {data.kept && <Notice>{t('kept')}</Notice>}
          {data.tables.length === 0 && <p role="status">{t('noData')}</p>}
          {data.chatAverageWaitSeconds !== null && <p>{t('averageWait', { minutes: Math.round(data.chatAverageWaitSeconds / 6) / 10 })}</p>}
          {data.tables.map((table) => (
            <IndicatorSection key={table.indicator} table={table} report={data} compare={compare} lang={lang} />
          ))}
        </>
      )}
    </main>
  );
}

export const statisticsUi: UiCapability = {
  name: 'statistics',
  locales: statisticsLocales,
  routes: [{ path: '/statistik', element: <StatisticsPage />, permission: 'statistics.read' }],
  nav: [{ path: '/statistik', labelKey: 'nav', permission: 'statistics.read' }],
};
