import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Wire } from '../../core/http/wire.ts';
import { get, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import { ActionForm, DataTable, SelectField, TextAreaField, formatDate, useApiData } from '../../web/kit/index.ts';
import type { PlanListItem } from '../schema.ts';

type Item = Wire<PlanListItem>;
interface CaseChoice { id: string; personLabel: string | null; unitName: string }
interface Choice { id: string; name: string }

/** The coordinator's plans first, then the unit's, with what is due; and a new plan for a case. */
export function PlansPage() {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const { data, error } = useApiData<Item[]>('/api/plans');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('listTitle')}</h1>
      <DataTable
        caption={t('listTitle')}
        rows={data}
        error={error}
        rowKey={(p) => p.id}
        empty={t('none')}
        columns={[
          { header: t('columns.person'), rowHeader: true, cell: (p) => <Link to={`/planer/${p.id}`}>{p.personLabel ?? t('anonymous')}</Link> },
          { header: t('columns.unit'), cell: (p) => p.unitName },
          { header: t('columns.coordinator'), cell: (p) => (p.mine ? t('mine') : (p.coordinatorName ?? t('noCoordinator'))) },
          { header: t('columns.measures'), cell: (p) => p.measures },
          { header: t('columns.next'), cell: (p) => (p.nextFollowUp ? formatDate(p.nextFollowUp) : '–') },
          { header: t('columns.overdue'), cell: (p) => p.overdueFollowUps },
        ]}
      />
      {can('plans.write') && <NewPlan />}
    </main>
  );
}

function NewPlan() {
  const { t } = useTranslation('exit-plans');
  const navigate = useNavigate();
  const [cases, setCases] = useState<CaseChoice[]>([]);
  const [coordinators, setCoordinators] = useState<Choice[]>([]);
  // From the case page's "start a plan" link: that case, chosen.
  const [params] = useSearchParams();
  const [caseId, setCaseId] = useState(params.get('arende') ?? '');
  const [coordinatorId, setCoordinatorId] = useState('');
  const [goals, setGoals] = useState('');
  const [template, setTemplate] = useState('');
  useEffect(() => {
    get<CaseChoice[]>('/api/cases?limit=200').then((c) => {
      setCases(c);
      setCaseId((x) => x || c[0]?.id || '');
    }, () => setCases([]));
    get<Choice[]>('/api/plans/coordinators').then(setCoordinators, () => setCoordinators([]));
  }, []);
  return (
    <section aria-labelledby="new-plan">
      <h2 id="new-plan">{t('newPlan')}</h2>
      <ActionForm
        labelledBy="new-plan"
        onSubmit={async () => {
          const r = await post<{ id: string }>('/api/plans', { caseId, coordinatorId: coordinatorId || null, goals, template: template || null });
          navigate(`/planer/${r.id}`);
        }}
      >
        <SelectField label={t('chooseCase')} value={caseId} onChange={(e) => setCaseId(e.target.value)} options={cases.map((c) => [c.id, `${c.personLabel ?? t('anonymous')} – ${c.unitName}`] as const)} />
        <SelectField label={t('coordinator')} value={coordinatorId} onChange={(e) => setCoordinatorId(e.target.value)} options={[['', t('noCoordinator')], ...coordinators.map((c) => [c.id, c.name] as const)]} />
        <TextAreaField label={t('goals')} value={goals} onChange={(e) => setGoals(e.target.value)} maxLength={5000} />
        <SelectField
          label={t('template')}
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
          options={[['', t('noTemplate')], ...(['child_barnahus', 'relocation_kompotten', 'return_home', 'reflection_permit'] as const).map((k) => [k, t(`templates.${k}`)] as const)]}
        />
        <button type="submit" className="primary">{t('create')}</button>
      </ActionForm>
    </section>
  );
}
