import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { DataTable, Field, Notice, SelectField, useApiData } from '../../web/kit/index.ts';
import { ACCOUNT_PATHS, type AccountKind, type Unit, type User } from './types.ts';

function listUrl(kind: AccountKind, query: string, unitId: string) {
  const params = new URLSearchParams({ kind });
  if (query.trim()) params.set('query', query.trim());
  if (unitId) params.set('unitId', unitId);
  return `/api/organisation/users?${params}`;
}

/** Roles of an account in words: "Handläggare (Nexus – vuxna)", "Systemadministratör (hela organisationen)". */
export function useGrantText(units: Unit[] | undefined) {
  const { t } = useTranslation();
  const names = new Map(units?.map((u) => [u.id, u.name]));
  return (g: User['grants'][number]) => {
    const role = t(`roles.${g.role}`);
    // A partner's role has no unit, yet reaches only the plans they are invited to: not "the whole organisation".
    if (g.role === 'external_partner') return role;
    return `${role} (${g.unitId ? (names.get(g.unitId) ?? '…') : t('organisationWide')})`;
  };
}

/** Staff or partner accounts with search by name and, for staff, filter by unit. */
export function UsersPage({ kind }: { kind: AccountKind }) {
  const { t } = useTranslation('organisation');
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const [query, setQuery] = useState('');
  const [unitId, setUnitId] = useState('');
  const [url, setUrl] = useState(listUrl(kind, '', ''));
  const { data: users, error } = useApiData<User[]>(url);
  const { data: units } = useApiData<Unit[]>('/api/organisation/units');
  const grantText = useGrantText(units);
  const base = ACCOUNT_PATHS[kind];

  const search = (e: FormEvent) => {
    e.preventDefault();
    setUrl(listUrl(kind, query, unitId));
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t(`${kind}.title`)}</h1>
      <p>{t(`${kind}.intro`)}</p>
      {created && <Notice>{t('users.created', { name: created })}</Notice>}
      <p>
        <Link className="button primary" to={`${base}/ny`}>
          {t(`${kind}.new`)}
        </Link>
      </p>
      <form role="search" aria-label={t('users.searchLabel')} onSubmit={search} className="toolbar">
        <Field label={t('users.query')} name="query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        {kind === 'staff' && (
          <SelectField
            label={t('users.unitFilter')}
            name="unitId"
            value={unitId}
            onChange={(e) => setUnitId(e.target.value)}
            options={[['', t('users.allUnits')], ...(units ?? []).map((u) => [u.id, u.name] as const)]}
          />
        )}
        <button type="submit">{t('users.search')}</button>
      </form>
      <DataTable
        caption={t(`${kind}.title`)}
        rows={users}
        error={error}
        empty={t('users.none')}
        emptyIsStatus
        rowKey={(u) => u.id}
        columns={[
          { header: t('users.displayName'), cell: (u) => <Link to={`${base}/${u.id}`}>{u.displayName}</Link>, rowHeader: true },
          { header: t('users.username'), cell: (u) => u.username },
          kind === 'partner' && { header: t('users.partnerOrganisation'), cell: (u) => u.partnerOrganisation },
          {
            header: t('users.roles'),
            cell: (u) => (
              <ul className="plain">
                {u.grants.map((g) => (
                  <li key={`${g.role}-${g.unitId}`}>{grantText(g)}</li>
                ))}
              </ul>
            ),
          },
          { header: t('status', { ns: 'common' }), cell: (u) => t(u.active ? 'active' : 'inactive', { ns: 'common' }) },
          { header: t('users.mfa'), cell: (u) => t(u.mfaEnrolled ? 'users.mfaEnrolled' : 'users.mfaPending') },
        ]}
      />
    </main>
  );
}
