import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Wire } from '../../core/http/wire.ts';
import type { CaseView } from '../../cases/ui/CasePage.tsx';
import { useSession } from '../../web/session.tsx';
import { useApiData } from '../../web/kit/index.ts';
import type { CasePlanOut } from '../schema.ts';

/** On the case page: the case's coordinated plan (SIP), or a way to start one. */
export function CasePlanSection({ c }: { c: CaseView }) {
  const { can } = useSession();
  if (!can('plans.read')) return null;
  return <PlanLink c={c} />;
}

function PlanLink({ c }: { c: CaseView }) {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const { data } = useApiData<Wire<CasePlanOut>>(`/api/plans/for-case/${c.id}`);
  if (!data) return null;
  return (
    <section aria-labelledby="case-plan-h">
      <h2 id="case-plan-h">{t('casePlan.title')}</h2>
      {data.id ? (
        <p>
          <Link to={`/planer/${data.id}`}>{t(data.status === 'active' ? 'casePlan.open' : 'casePlan.openClosed')}</Link>
        </p>
      ) : can('plans.write') && c.status !== 'closed' ? (
        <p>
          <Link to={`/planer?arende=${encodeURIComponent(c.id)}`}>{t('casePlan.start')}</Link>
        </p>
      ) : (
        <p>{t('casePlan.none')}</p>
      )}
    </section>
  );
}
