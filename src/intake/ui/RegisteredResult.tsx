import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import { ActionForm, ErrorMessage, Notice, SelectField, formatDate } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { ROLE_PERMISSIONS, isRole } from '../../core/access/policy.ts';
import type { ReceivingUnit } from '../receiving-units.ts';
import type { OpenCaseOut, RegisterOut } from '../schema.ts';

type Opened = NonNullable<Wire<RegisterOut>['case']>;

/**
 * What the person who registered a contact sees next. Every role can finish what it started: a
 * contact of unknown age is handed to a unit's queue (the children's intake is proposed, as the
 * person may be under 18), and a role that cannot read the case in that unit is told what happens
 * next instead of being shown a link to a page it may not open.
 */
export function RegisteredResult({ result, onAnother }: { result: Wire<RegisterOut>; onAnother(): void }) {
  const { t } = useTranslation('intake');
  const { me } = useSession();
  const [units, setUnits] = useState<ReceivingUnit[]>([]);
  const [unitId, setUnitId] = useState('');
  const [opened, setOpened] = useState<Opened | null>(result.case);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (opened) return;
    get<ReceivingUnit[]>('/api/intake/receiving-units').then((us) => {
      const choices = result.routing.unitChoices.map((c) => c.id);
      const fitting = choices.length === 0 ? us : us.filter((u) => choices.includes(u.id));
      setUnits(fitting);
      setUnitId((fitting.find((u) => u.kind === 'children') ?? fitting[0])?.id ?? '');
    }, setError);
  }, [opened]);
  const canReadIn = (unit: string) => Boolean(me?.grants.some((g) => isRole(g.role) && ROLE_PERMISSIONS[g.role].includes('cases.read') && (g.unitId === null || g.unitId === unit)));
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      {result.ageConflict && <Notice>{t('ageConflict')}</Notice>}
      {opened ? (
        <>
          <Notice>{t('result.routed', { unit: opened.unitName })}</Notice>
          <ul>
            {opened.victim && <li>{t('result.victim')}</li>}
            {opened.barnahus === 'offered' && <li>{t('result.barnahus')}</li>}
            {opened.regionalReferral === 'proposed' && <li>{t('result.regional')}</li>}
            {opened.concernReport && <li>{t('concernReport')}</li>}
            {opened.assessmentDue && <li>{t('result.due', { date: formatDate(opened.assessmentDue) })}</li>}
          </ul>
          {canReadIn(opened.unitId) ? (
            <p>
              <Link className="button primary" to={`/arenden/${opened.id}`}>{t('result.openCase')}</Link>
            </p>
          ) : (
            <section aria-labelledby="next-h">
              <h2 id="next-h">{t('result.nextTitle')}</h2>
              <p>{t('result.next', { unit: opened.unitName })}</p>
            </section>
          )}
        </>
      ) : (
        <ActionForm onSubmit={async () => setOpened((await post<Wire<OpenCaseOut>>(`/api/intake/contacts/${result.contactId}/case`, { unitId })).case)}>
          <Notice>{result.routing.outcome === 'choose_unit' ? t('reporter.chooseUnit') : t('result.ageNotKnown')}</Notice>
          <SelectField label={t('result.chooseUnit')} value={unitId} onChange={(e) => setUnitId(e.target.value)} options={units.map((u) => [u.id, u.name] as const)} />
          <button type="submit" className="primary">{t('result.openInUnit')}</button>
        </ActionForm>
      )}
      <ErrorMessage error={error} />
      <p>
        <button type="button" onClick={onAnother}>{t('result.another')}</button>
      </p>
    </main>
  );
}
