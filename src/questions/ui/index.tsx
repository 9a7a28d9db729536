import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiCapability } from '../../web/capabilities.tsx';
import { get } from '../../web/api.ts';
import { ActionForm, DataTable, Field, formatDateTime, todayIso } from '../../web/kit/index.ts';
import { addCaseSection } from '../../cases/ui/sections.ts';
import type { Wire } from '../../core/http/wire.ts';
import type { CoverageRow, QuestionSetDefinition, SetVersion } from '../schema.ts';
import { QuestionsSection } from './CaseQuestionsSection.tsx';
import { SetEditor } from './SetEditor.tsx';
import { questionsLocales } from './locales.ts';

// The questions on a case are asked from the case page.
addCaseSection({ key: 'questions', Section: QuestionsSection });

function SetsPage() {
  const { t } = useTranslation('questions');
  const [versions, setVersions] = useState<Wire<SetVersion>[] | null>(null);
  const [sets, setSets] = useState<QuestionSetDefinition[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => get<typeof versions>('/api/questions/versions').then(setVersions, setError);
  const loadSets = () => get<QuestionSetDefinition[]>('/api/questions/sets').then(setSets, setError);
  useEffect(() => {
    void load();
    void loadSets();
  }, []);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('setsTitle')}</h1>
      <p>{t('setsIntro')}</p>
      <h2>{t('versions')}</h2>
      <DataTable
        caption={t('versions')}
        rows={versions}
        error={error}
        rowKey={(v) => `${v.key}-${v.version}`}
        columns={[
          { header: t('columns.key'), cell: (v) => v.key },
          { header: t('columns.version'), cell: (v) => v.version },
          { header: t('columns.published'), cell: (v) => formatDateTime(v.publishedAt) },
          { header: t('columns.by'), cell: (v) => v.publishedBy ?? t('bundled') },
        ]}
      />
      {sets && (
        <SetEditor
          sets={sets}
          onPublished={() => {
            void load();
            void loadSets();
          }}
        />
      )}
    </main>
  );
}

function CoveragePage() {
  const { t } = useTranslation('questions');
  // From the first of this month a year ago up to today, in Stockholm's calendar.
  const today = todayIso();
  const [from, setFrom] = useState(`${Number(today.slice(0, 4)) - 1}${today.slice(4, 7)}-01`);
  const [to, setTo] = useState(today);
  const [rows, setRows] = useState<CoverageRow[] | null>(null);
  const load = () => get<NonNullable<typeof rows>>(`/api/questions/coverage?from=${from}&to=${to}`).then(setRows);
  useEffect(() => {
    void load().catch(() => setRows([]));
  }, []);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('coverageTitle')}</h1>
      <p>{t('coverageIntro')}</p>
      <ActionForm onSubmit={load}>
        <div className="toolbar">
          <Field label={t('from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit">{t('show')}</button>
        </div>
      </ActionForm>
      <DataTable
        caption={t('coverageTitle')}
        rows={rows}
        empty={t('none')}
        rowKey={(r) => `${r.unitId}-${r.month}`}
        columns={[
          { header: t('coverageColumns.unit'), cell: (r) => r.unitName },
          { header: t('coverageColumns.month'), cell: (r) => r.month },
          { header: t('coverageColumns.newCases'), cell: (r) => r.newCases },
          { header: t('coverageColumns.asked'), cell: (r) => r.asked },
          {
            header: t('coverageColumns.share'),
            // The bar is drawn by the browser's meter; the number beside it carries the meaning.
            cell: (r) => (
              <>
                <meter min={0} max={1} value={r.share} aria-label={`${r.unitName} ${r.month}`} /> {Math.round(r.share * 100)} %
              </>
            ),
          },
        ]}
      />
    </main>
  );
}

export const questionsUi: UiCapability = {
  name: 'questions',
  locales: questionsLocales,
  routes: [
    { path: '/fragor', element: <SetsPage />, permission: 'questions.manage' },
    { path: '/fragor/tackning', element: <CoveragePage />, permission: 'questions.coverage' },
  ],
  nav: [
    { path: '/fragor', labelKey: 'navSets', permission: 'questions.manage' },
    { path: '/fragor/tackning', labelKey: 'navCoverage', permission: 'questions.coverage' },
  ],
};
