import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiCapability } from '../../web/capabilities.tsx';
import { get, post } from '../../web/api.ts';
import { ErrorMessage, Field, Loading, Notice, TextAreaField, formatDateTime } from '../../web/components.tsx';
import { ActionForm } from '../../cases/ui/CasePage.tsx';
import { addCaseSection } from '../../cases/ui/sections.ts';
import type { Wire } from '../../core/http/wire.ts';
import type { CoverageRow, QuestionSetDefinition, SetVersion } from '../schema.ts';
import { QuestionsSection } from './CaseQuestionsSection.tsx';

// The questions on a case are asked from the case page.
addCaseSection({ key: 'questions', Section: QuestionsSection });

const locales = {
  sv: {
    navSets: 'Frågeformulär',
    navCoverage: 'Frågetäckning',
    setsTitle: 'Frågeformulär',
    setsIntro: 'Frågeformulären är data med versioner. Svar sparas med den version de gavs under. Publicera en ny version genom att ändra JSON nedan, eller klistra in ett formulär från en annan kommun.',
    versions: 'Publicerade versioner',
    columns: { key: 'Formulär', version: 'Version', published: 'Publicerad', by: 'Av' },
    bundled: 'Levereras med Utväg',
    json: 'Formulär som JSON (key, title, routineNote, questions)',
    invalidJson: 'Texten är inte giltig JSON.',
    publish: 'Publicera ny version',
    published: 'Version {{version}} av {{key}} är publicerad.',
    coverageTitle: 'Frågetäckning',
    coverageIntro: 'Andel nya ärenden per månad där frågorna till alla ställdes.',
    from: 'Från',
    to: 'Till',
    show: 'Visa',
    coverageColumns: { unit: 'Enhet', month: 'Månad', newCases: 'Nya ärenden', asked: 'Frågor ställda', share: 'Andel' },
    none: 'Inga nya ärenden under perioden.',
  },
  en: {
    navSets: 'Question sets',
    navCoverage: 'Question coverage',
    setsTitle: 'Question sets',
    setsIntro: 'Question sets are versioned data. Answers keep the version they were given under. Publish a new version by editing the JSON below, or paste a set from another municipality.',
    versions: 'Published versions',
    columns: { key: 'Set', version: 'Version', published: 'Published', by: 'By' },
    bundled: 'Shipped with Utväg',
    json: 'Set as JSON (key, title, routineNote, questions)',
    invalidJson: 'The text is not valid JSON.',
    publish: 'Publish new version',
    published: 'Version {{version}} of {{key}} is published.',
    coverageTitle: 'Question coverage',
    coverageIntro: 'Share of new cases per month in which the questions for everyone were asked.',
    from: 'From',
    to: 'To',
    show: 'Show',
    coverageColumns: { unit: 'Unit', month: 'Month', newCases: 'New cases', asked: 'Questions asked', share: 'Share' },
    none: 'No new cases in the period.',
  },
};

function SetsPage() {
  const { t } = useTranslation('questions');
  const [versions, setVersions] = useState<Wire<SetVersion>[] | null>(null);
  const [json, setJson] = useState('');
  const [done, setDone] = useState<QuestionSetDefinition | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => get<typeof versions>('/api/questions/versions').then(setVersions, setError);
  useEffect(() => {
    void load();
    get<QuestionSetDefinition[]>('/api/questions/sets').then((sets) => {
      const { version: _v, ...body } = sets[0] ?? ({} as QuestionSetDefinition);
      setJson(JSON.stringify(body, null, 2));
    }, setError);
  }, []);
  async function publish() {
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      throw new Error(t('invalidJson'));
    }
    setDone(await post<QuestionSetDefinition>('/api/questions/sets', body));
    await load();
  }
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('setsTitle')}</h1>
      <p>{t('setsIntro')}</p>
      <ErrorMessage error={error} />
      <h2>{t('versions')}</h2>
      {!versions ? (
        <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('columns.key')}</th>
              <th scope="col">{t('columns.version')}</th>
              <th scope="col">{t('columns.published')}</th>
              <th scope="col">{t('columns.by')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={`${v.key}-${v.version}`}>
                <td>{v.key}</td>
                <td>{v.version}</td>
                <td>{formatDateTime(v.publishedAt)}</td>
                <td>{v.publishedBy ?? t('bundled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {done && <Notice>{t('published', { key: done.key, version: done.version })}</Notice>}
      <ActionForm onSubmit={publish}>
        <TextAreaField label={t('json')} value={json} onChange={(e) => setJson(e.target.value)} rows={20} spellCheck={false} />
        <button type="submit" className="primary">
          {t('publish')}
        </button>
      </ActionForm>
    </main>
  );
}

function CoveragePage() {
  const { t } = useTranslation('questions');
  const now = new Date();
  const [from, setFrom] = useState(`${now.getFullYear() - 1}-${String(now.getMonth() + 1).padStart(2, '0')}-01`);
  const [to, setTo] = useState(now.toISOString().slice(0, 10));
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
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('coverageColumns.unit')}</th>
              <th scope="col">{t('coverageColumns.month')}</th>
              <th scope="col">{t('coverageColumns.newCases')}</th>
              <th scope="col">{t('coverageColumns.asked')}</th>
              <th scope="col">{t('coverageColumns.share')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.unitId}-${r.month}`}>
                <td>{r.unitName}</td>
                <td>{r.month}</td>
                <td>{r.newCases}</td>
                <td>{r.asked}</td>
                <td>
                  {/* The bar is drawn by the browser's meter; the number beside it carries the meaning. */}
                  <meter min={0} max={1} value={r.share} aria-label={`${r.unitName} ${r.month}`} /> {Math.round(r.share * 100)} %
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

export const questionsUi: UiCapability = {
  name: 'questions',
  locales,
  routes: [
    { path: '/fragor', element: <SetsPage />, permission: 'questions.manage' },
    { path: '/fragor/tackning', element: <CoveragePage />, permission: 'questions.coverage' },
  ],
  nav: [
    { path: '/fragor', labelKey: 'navSets', permission: 'questions.manage' },
    { path: '/fragor/tackning', labelKey: 'navCoverage', permission: 'questions.coverage' },
  ],
};
