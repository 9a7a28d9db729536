import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UiCapability } from '../../web/capabilities.tsx';
import { get, post } from '../../web/api.ts';
import { ActionForm, CheckboxField, CheckboxGroup, DataTable, Field, Notice, SelectField, TextAreaField, formatDate, todayIso, useApiData } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import { addCaseSection } from '../../cases/ui/sections.ts';
import type { CoverageRow as QuestionsCoverageRow } from '../../questions/schema.ts';
import type { CoverageCell, CoverageOut, MyPlan, SeminarOut, StaffStatus, TrainingIn, TrainingOut } from '../schema.ts';
import { STAFF_ROLES } from '../rules.ts';
import { competenceLocales } from './locales.ts';

const pct = (share: number) => Math.round(share * 100);

/**
 * The precondition (seed 001): someone who asks the structured questions without the training that
 * comes first sees a reminder on the case, above the questions. A notice, never a block. The
 * questions capability knows nothing of it: competence adds this section to the case page.
 */
function TrainingNotice() {
  const { t } = useTranslation('competence');
  const { can } = useSession();
  const asks = can('cases.write') && can('competence.own');
  const { data } = useApiData<MyPlan>(asks ? '/api/competence/me' : null);
  if (!data || data.missingBeforeQuestioning.length === 0) return null;
  return (
    <section aria-labelledby="training-notice-h">
      <h2 id="training-notice-h" className="visually-hidden">
        {t('noticeTitle')}
      </h2>
      <Notice announce={false}>
        <p>{t('notice', { titles: data.missingBeforeQuestioning.map((m) => m.title).join(', ') })}</p>
        <p>
          <Link to="/kompetens">{t('noticeLink')}</Link>
        </p>
      </Notice>
    </section>
  );
}
addCaseSection({ key: 'training-notice', Section: TrainingNotice });

function CompletionForm({ trainings, onDone, url, staff }: { trainings: TrainingOut[]; onDone(): void; url: string; staff?: StaffStatus[] }) {
  const { t } = useTranslation('competence');
  const active = trainings.filter((x) => x.active);
  const [trainingId, setTrainingId] = useState('');
  const [userId, setUserId] = useState('');
  const [completedOn, setCompletedOn] = useState(todayIso());
  const [done, setDone] = useState(false);
  const chosenTraining = trainingId || active[0]?.id || '';
  const chosenUser = userId || staff?.[0]?.userId || '';
  return (
    <ActionForm
      label={staff ? t('recordFor') : t('recordTitle')}
      onSubmit={async () => {
        setDone(false);
        await post(url, { trainingId: chosenTraining, completedOn, ...(staff ? { userId: chosenUser } : {}) });
        setDone(true);
        onDone();
      }}
    >
      <div className="toolbar">
        {staff && <SelectField label={t('staffMember')} value={chosenUser} onChange={(e) => setUserId(e.target.value)} options={staff.map((s) => [s.userId, s.name] as const)} />}
        <SelectField label={t('training')} value={chosenTraining} onChange={(e) => setTrainingId(e.target.value)} options={active.map((x) => [x.id, x.title] as const)} />
        <Field label={t('completedOn')} type="date" value={completedOn} max={todayIso()} onChange={(e) => setCompletedOn(e.target.value)} required />
        <button type="submit" className="primary">
          {t('record')}
        </button>
      </div>
      {done && <Notice>{t('recorded')}</Notice>}
    </ActionForm>
  );
}

function MinePage() {
  const { t } = useTranslation('competence');
  const plan = useApiData<MyPlan>('/api/competence/me');
  const trainings = useApiData<TrainingOut[]>('/api/competence/trainings');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('mineTitle')}</h1>
      <p>{t('mineIntro')}</p>
      {plan.data && plan.data.missingBeforeQuestioning.length > 0 && (
        <Notice announce={false}>
          <p>{t('notice', { titles: plan.data.missingBeforeQuestioning.map((m) => m.title).join(', ') })}</p>
        </Notice>
      )}
      <DataTable
        caption={t('planCaption')}
        showCaption
        rows={plan.data?.items}
        error={plan.error}
        empty={t('planNone')}
        rowKey={(r) => r.trainingId}
        columns={[
          { header: t('columns.title'), rowHeader: true, cell: (r) => (<>{r.title}{r.beforeQuestioning && <> <span className="tag">{t('beforeQuestioningTag')}</span></>}</>) },
          { header: t('columns.provider'), cell: (r) => r.provider },
          { header: t('columns.format'), cell: (r) => t(`formats.${r.format}`) },
          { header: t('columns.length'), cell: (r) => t('minutes', { count: r.lengthMinutes }) },
          { header: t('columns.required'), cell: (r) => (r.required ? t('required') : t('recommended')) },
          { header: t('columns.status'), cell: (r) => t(`status.${r.status}`) },
          { header: t('columns.completed'), cell: (r) => (r.completedOn ? formatDate(r.completedOn) : '–') },
          { header: t('columns.expires'), cell: (r) => (r.expiresOn ? formatDate(r.expiresOn) : '–') },
        ]}
      />
      <section className="panel" aria-labelledby="record-h">
        <h2 id="record-h">{t('recordTitle')}</h2>
        {trainings.data && <CompletionForm trainings={trainings.data} url="/api/competence/me/completions" onDone={plan.reload} />}
      </section>
      <h2>{t('historyTitle')}</h2>
      <DataTable
        caption={t('historyTitle')}
        rows={plan.data?.completions}
        empty={t('historyNone')}
        rowKey={(c) => c.id}
        columns={[
          { header: t('columns.title'), rowHeader: true, cell: (c) => c.title },
          { header: t('columns.completed'), cell: (c) => formatDate(c.completedOn) },
          { header: t('columns.source'), cell: (c) => t(`sources.${c.source}`) },
        ]}
      />
      <h2>{t('seminarsTitle')}</h2>
      <SeminarTable rows={plan.data?.seminars} />
    </main>
  );
}

function SeminarTable({ rows }: { rows: SeminarOut[] | undefined }) {
  const { t } = useTranslation('competence');
  return (
    <DataTable
      caption={t('seminarsCaption')}
      rows={rows}
      empty={t('seminarsNone')}
      rowKey={(s) => s.id}
      columns={[
        { header: t('columns.title'), rowHeader: true, cell: (s) => s.title },
        { header: t('columns.date'), cell: (s) => `${formatDate(s.heldOn)} ${s.startsAt}`.trim() },
        { header: t('columns.place'), cell: (s) => s.place },
        { header: t('columns.invited'), cell: (s) => s.units.map((u) => u.name).join(', ') },
        { header: t('columns.attendees'), cell: (s) => s.attendees },
      ]}
    />
  );
}

/** Per unit: the share trained in each required training today, beside the share of new cases the unit asked in the period. */
export function coverageSummary(current: readonly CoverageCell[], questions: readonly QuestionsCoverageRow[] | null) {
  return current.map((c) => {
    const q = questions?.filter((r) => r.unitId === c.unitId) ?? [];
    const newCases = q.reduce((n, r) => n + r.newCases, 0);
    const asked = q.reduce((n, r) => n + r.asked, 0);
    return { ...c, asks: questions === null || newCases === 0 ? null : asked / newCases };
  });
}

function UnitsPage() {
  const { t } = useTranslation('competence');
  const { can } = useSession();
  const now = new Date();
  const [from, setFrom] = useState(`${now.getFullYear()}-01-01`);
  const [to, setTo] = useState(todayIso());
  const [coverage, setCoverage] = useState<CoverageOut | null>(null);
  const [questions, setQuestions] = useState<QuestionsCoverageRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const staff = useApiData<StaffStatus[]>('/api/competence/staff');
  const trainings = useApiData<TrainingOut[]>('/api/competence/trainings');
  const [csv, setCsv] = useState('username,training,completed_on\n');
  const [imported, setImported] = useState<number | null>(null);
  const [rowErrors, setRowErrors] = useState<Array<{ row: number; field: string; message: string }>>([]);
  async function load() {
    const [c, q] = await Promise.all([
      get<CoverageOut>(`/api/competence/coverage?from=${from}&to=${to}`),
      can('questions.coverage') ? get<QuestionsCoverageRow[]>(`/api/questions/coverage?from=${from}&to=${to}`) : Promise.resolve(null),
    ]);
    setCoverage(c);
    setQuestions(q);
  }
  useEffect(() => {
    load().catch(setError);
  }, []);
  const summary = coverage ? coverageSummary(coverage.current, questions) : undefined;
  const lacking = staff.data?.filter((s) => s.missing.length > 0);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('unitsTitle')}</h1>
      <p>{t('unitsIntro')}</p>
      <ActionForm onSubmit={load}>
        <div className="toolbar">
          <Field label={t('from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit">{t('show')}</button>
        </div>
      </ActionForm>
      <DataTable
        caption={t('summaryCaption')}
        showCaption
        rows={summary}
        error={error}
        empty={t('noCoverage')}
        rowKey={(r) => `${r.unitId}-${r.trainingId}`}
        columns={[
          { header: t('columns.unit'), rowHeader: true, cell: (r) => r.unitName },
          { header: t('columns.title'), cell: (r) => r.title },
          { header: t('columns.staff'), cell: (r) => r.staff },
          { header: t('columns.trained'), cell: (r) => (<><meter min={0} max={1} value={r.share} aria-label={`${t('columns.trained')} ${r.unitName}`} /> {pct(r.share)} %</>) },
          { header: t('columns.asks'), cell: (r) => (r.asks === null ? t('asksUnknown') : (<><meter min={0} max={1} value={r.asks} aria-label={`${t('columns.asks')} ${r.unitName}`} /> {pct(r.asks)} %</>)) },
        ]}
      />
      <h2>{t('overTimeTitle')}</h2>
      <DataTable
        caption={t('overTimeCaption')}
        rows={coverage?.overTime}
        empty={t('noCoverage')}
        rowKey={(r) => `${r.unitId}-${r.trainingId}-${r.on}`}
        columns={[
          { header: t('columns.unit'), rowHeader: true, cell: (r) => r.unitName },
          { header: t('columns.title'), cell: (r) => r.title },
          { header: t('columns.on'), cell: (r) => formatDate(r.on) },
          { header: t('columns.trained'), cell: (r) => `${r.trained}/${r.staff} (${pct(r.share)} %)` },
        ]}
      />
      <h2>{t('lackingTitle')}</h2>
      <p>{t('lackingIntro')}</p>
      <DataTable
        caption={t('lackingTitle')}
        rows={lacking}
        error={staff.error}
        empty={t('lackingNone')}
        rowKey={(s) => s.userId}
        columns={[
          { header: t('columns.name'), rowHeader: true, cell: (s) => s.name },
          { header: t('columns.unit'), cell: (s) => s.units.join(', ') },
          {
            header: t('columns.missing'),
            cell: (s) => (
              <ul className="plain">
                {s.missing.map((m) => (
                  <li key={m.trainingId}>
                    {m.title} {m.status === 'expired' && t('expiredSuffix')} {m.beforeQuestioning && <span className="tag">{t('beforeQuestioningTag')}</span>}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      {staff.data && trainings.data && staff.data.length > 0 && (
        <section className="panel" aria-labelledby="record-for-h">
          <h2 id="record-for-h">{t('recordFor')}</h2>
          <CompletionForm trainings={trainings.data} staff={staff.data} url="/api/competence/completions" onDone={staff.reload} />
        </section>
      )}
      <section className="panel" aria-labelledby="import-h">
        <h2 id="import-h">{t('importTitle')}</h2>
        <ActionForm
          onSubmit={async () => {
            setImported(null);
            setRowErrors([]);
            const res = await fetchImport(csv);
            if ('errors' in res && res.errors.length) setRowErrors(res.errors);
            else {
              setImported(res.imported);
              staff.reload();
            }
          }}
        >
          <TextAreaField label={t('csv')} hint={t('importHint')} value={csv} onChange={(e) => setCsv(e.target.value)} />
          <button type="submit">{t('import')}</button>
        </ActionForm>
        {imported !== null && <Notice>{t('imported', { count: imported })}</Notice>}
        {rowErrors.length > 0 && (
          <div className="alert alert-error" role="alert">
            <ul>
              {rowErrors.map((e, i) => (
                <li key={i}>{t('rowError', { row: e.row, field: e.field || '–', message: e.message })}</li>
              ))}
            </ul>
          </div>
        )}
      </section>
    </main>
  );
}

/** The import answers 422 with its row errors: they are shown as a list, not as one failure. */
async function fetchImport(csv: string): Promise<{ imported: number; errors: Array<{ row: number; field: string; message: string }> }> {
  try {
    return await post('/api/competence/import', { csv });
  } catch (err) {
    const body = (err as { body?: { errors?: Array<{ row: number; field: string; message: string }> } }).body;
    if (body?.errors?.length) return { imported: 0, errors: body.errors };
    throw err;
  }
}

const emptyTraining: TrainingIn = { title: '', provider: '', format: 'web', lengthMinutes: 60, description: '', targetRoles: [], requiredForRoles: [], renewalMonths: null, beforeQuestioning: false, active: true };

function CataloguePage() {
  const { t } = useTranslation('competence');
  const { t: common } = useTranslation();
  const trainings = useApiData<TrainingOut[]>('/api/competence/trainings');
  const seminars = useApiData<SeminarOut[]>('/api/competence/seminars');
  const units = useApiData<Array<{ id: string; name: string; active: boolean }>>('/api/organisation/units');
  const [draft, setDraft] = useState<TrainingIn>(emptyTraining);
  const [renewal, setRenewal] = useState('');
  const [added, setAdded] = useState(false);
  const [seminar, setSeminar] = useState({ trainingId: '', heldOn: '', startsAt: '', place: '', unitIds: [] as string[] });
  const [planned, setPlanned] = useState(false);
  const roleOptions = STAFF_ROLES.map((r) => [r, common(`roles.${r}`)] as const);
  const seminarTrainings = (trainings.data ?? []).filter((x) => x.active && x.format !== 'web');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('catalogueTitle')}</h1>
      <p>{t('catalogueIntro')}</p>
      <DataTable
        caption={t('catalogueCaption')}
        rows={trainings.data}
        error={trainings.error}
        rowKey={(r) => r.id}
        columns={[
          { header: t('columns.title'), rowHeader: true, cell: (r) => (<>{r.title}{!r.active && ` (${t('inactive')})`}{r.beforeQuestioning && <> <span className="tag">{t('beforeQuestioningTag')}</span></>}</>) },
          { header: t('columns.provider'), cell: (r) => r.provider },
          { header: t('columns.format'), cell: (r) => t(`formats.${r.format}`) },
          { header: t('columns.length'), cell: (r) => t('minutes', { count: r.lengthMinutes }) },
          { header: t('columns.roles'), cell: (r) => r.requiredForRoles.map((x) => common(`roles.${x}`)).join(', ') || '–' },
          { header: t('columns.renewal'), cell: (r) => (r.renewalMonths ? t('months', { count: r.renewalMonths }) : t('noRenewal')) },
        ]}
      />
      <section className="panel" aria-labelledby="add-h">
        <h2 id="add-h">{t('addTitle')}</h2>
        <ActionForm
          onSubmit={async () => {
            setAdded(false);
            await post('/api/competence/trainings', { ...draft, renewalMonths: renewal ? Number(renewal) : null });
            setDraft(emptyTraining);
            setRenewal('');
            setAdded(true);
            trainings.reload();
          }}
        >
          <Field label={t('title')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required />
          <Field label={t('provider')} value={draft.provider} onChange={(e) => setDraft({ ...draft, provider: e.target.value })} required />
          <div className="toolbar">
            <SelectField label={t('format')} value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value as TrainingIn['format'] })} options={(['web', 'classroom', 'seminar'] as const).map((f) => [f, t(`formats.${f}`)] as const)} />
            <Field label={t('lengthMinutes')} type="number" min={1} value={draft.lengthMinutes} onChange={(e) => setDraft({ ...draft, lengthMinutes: Number(e.target.value) })} />
            <Field label={t('renewalMonths')} type="number" min={1} max={240} value={renewal} onChange={(e) => setRenewal(e.target.value)} />
          </div>
          <TextAreaField label={t('description')} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
          <CheckboxGroup legend={t('targetRoles')} options={roleOptions} value={[...draft.targetRoles]} onChange={(v) => setDraft({ ...draft, targetRoles: v })} />
          <CheckboxGroup legend={t('requiredRoles')} options={roleOptions} value={[...draft.requiredForRoles]} onChange={(v) => setDraft({ ...draft, requiredForRoles: v })} />
          <CheckboxField label={t('beforeQuestioning')} checked={draft.beforeQuestioning} onChange={(v) => setDraft({ ...draft, beforeQuestioning: v })} />
          <button type="submit" className="primary">
            {t('add')}
          </button>
        </ActionForm>
        {added && <Notice>{t('added')}</Notice>}
      </section>
      <h2>{t('seminarsAdminTitle')}</h2>
      <SeminarTable rows={seminars.data} />
      <section className="panel" aria-labelledby="plan-h">
        <h2 id="plan-h">{t('planSeminarTitle')}</h2>
        <ActionForm
          onSubmit={async () => {
            setPlanned(false);
            await post('/api/competence/seminars', { ...seminar, trainingId: seminar.trainingId || seminarTrainings[0]?.id });
            setPlanned(true);
            seminars.reload();
          }}
        >
          <div className="toolbar">
            <SelectField label={t('training')} value={seminar.trainingId || seminarTrainings[0]?.id || ''} onChange={(e) => setSeminar({ ...seminar, trainingId: e.target.value })} options={seminarTrainings.map((x) => [x.id, x.title] as const)} />
            <Field label={t('heldOn')} type="date" value={seminar.heldOn} onChange={(e) => setSeminar({ ...seminar, heldOn: e.target.value })} required />
            <Field label={t('startsAt')} value={seminar.startsAt} onChange={(e) => setSeminar({ ...seminar, startsAt: e.target.value })} />
          </div>
          <Field label={t('place')} value={seminar.place} onChange={(e) => setSeminar({ ...seminar, place: e.target.value })} required />
          <CheckboxGroup legend={t('units')} options={(units.data ?? []).filter((u) => u.active).map((u) => [u.id, u.name] as const)} value={seminar.unitIds} onChange={(v) => setSeminar({ ...seminar, unitIds: v })} />
          <button type="submit" className="primary">
            {t('planSeminar')}
          </button>
        </ActionForm>
        {planned && <Notice>{t('planned')}</Notice>}
      </section>
      {seminars.data && seminars.data.length > 0 && <AttendanceForm seminars={seminars.data} onDone={seminars.reload} />}
    </main>
  );
}

function AttendanceForm({ seminars, onDone }: { seminars: SeminarOut[]; onDone(): void }) {
  const { t } = useTranslation('competence');
  const [seminarId, setSeminarId] = useState(seminars[0]!.id);
  const invitees = useApiData<Array<{ userId: string; name: string; unitName: string; attended: boolean }>>(`/api/competence/seminars/${seminarId}/invitees`);
  const [chosen, setChosen] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(null);
  return (
    <section className="panel" aria-labelledby="attendance-h">
      <h2 id="attendance-h">{t('attendanceTitle')}</h2>
      <ActionForm
        onSubmit={async () => {
          setSaved(null);
          const r = await post<{ recorded: number }>(`/api/competence/seminars/${seminarId}/attendance`, { userIds: chosen });
          setSaved(r.recorded);
          setChosen([]);
          invitees.reload();
          onDone();
        }}
      >
        <SelectField label={t('seminar')} value={seminarId} onChange={(e) => setSeminarId(e.target.value)} options={seminars.map((s) => [s.id, `${s.title}, ${formatDate(s.heldOn)}`] as const)} />
        <CheckboxGroup
          legend={t('attended')}
          options={(invitees.data ?? []).filter((i) => !i.attended).map((i) => [i.userId, `${i.name} (${i.unitName})`] as const)}
          value={chosen}
          onChange={setChosen}
        />
        <button type="submit">{t('saveAttendance')}</button>
      </ActionForm>
      {saved !== null && <Notice>{t('attendanceSaved', { count: saved })}</Notice>}
    </section>
  );
}

export const competenceUi: UiCapability = {
  name: 'competence',
  locales: competenceLocales,
  routes: [
    { path: '/kompetens', element: <MinePage />, permission: 'competence.own' },
    { path: '/kompetens/enheter', element: <UnitsPage />, permission: 'competence.staff' },
    { path: '/kompetens/katalog', element: <CataloguePage />, permission: 'competence.manage' },
  ],
  nav: [
    { path: '/kompetens', labelKey: 'navMine', permission: 'competence.own' },
    { path: '/kompetens/enheter', labelKey: 'navUnits', permission: 'competence.staff' },
    { path: '/kompetens/katalog', labelKey: 'navCatalogue', permission: 'competence.manage' },
  ],
};
