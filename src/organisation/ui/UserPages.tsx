import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { patch, post } from '../../web/api.ts';
import { CheckboxField, ErrorMessage, Field, Loading, Notice, useAction, useApiData } from '../../web/kit/index.ts';
import { GrantsEditor } from './GrantsEditor.tsx';
import { OidcLinkPanel } from './OidcLinkPanel.tsx';
import { ACCOUNT_PATHS, type AccountKind, type UiGrant, type Unit, type User } from './types.ts';

const PARTNER_GRANTS: UiGrant[] = [{ role: 'external_partner', unitId: null }];
const MIN_PASSWORD_LENGTH = 12;

function BackLink({ kind }: { kind: AccountKind }) {
  const { t } = useTranslation('organisation');
  return (
    <p>
      <Link to={ACCOUNT_PATHS[kind]}>{t(`${kind}.back`)}</Link>
    </p>
  );
}

/** A new staff or partner account; the person enrols an authenticator app at first sign-in. */
export function NewUserPage({ kind }: { kind: AccountKind }) {
  const { t } = useTranslation('organisation');
  const navigate = useNavigate();
  const { data: units } = useApiData<Unit[]>('/api/organisation/units');
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [partnerOrganisation, setPartnerOrganisation] = useState('');
  const [initialPassword, setInitialPassword] = useState('');
  const [grants, setGrants] = useState<UiGrant[]>(kind === 'partner' ? PARTNER_GRANTS : []);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post<User>('/api/organisation/users', {
        displayName,
        username,
        email: email.trim() || null,
        kind,
        partnerOrganisation: kind === 'partner' ? partnerOrganisation : null,
        initialPassword,
        grants,
      });
      navigate(ACCOUNT_PATHS[kind], { state: { created: displayName.trim() } });
    });
  };

  return (
    <main id="main" tabIndex={-1}>
      <BackLink kind={kind} />
      <h1>{t(`${kind}.new`)}</h1>
      <p>{t('users.newIntro')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('users.displayName')} name="displayName" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <Field label={t('users.username')} name="username" required autoComplete="off" hint={t('users.usernameHint')} value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field label={t('users.email')} name="email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        {kind === 'partner' && (
          <Field label={t('users.partnerOrganisation')} name="partnerOrganisation" required value={partnerOrganisation} onChange={(e) => setPartnerOrganisation(e.target.value)} />
        )}
        <Field
          label={t('users.initialPassword')}
          name="initialPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          value={initialPassword}
          onChange={(e) => setInitialPassword(e.target.value)}
        />
        {kind === 'staff' ? (
          units ? <GrantsEditor grants={grants} units={units} onChange={setGrants} /> : <Loading />
        ) : (
          <p>{t('users.partnerRole')}</p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t(`${kind}.create`)}
        </button>
      </form>
    </main>
  );
}

function AccountForm({ user, units, onSaved, onReload }: { user: User; units: Unit[]; onSaved: (user: User) => void; onReload: () => void }) {
  const { t } = useTranslation('organisation');
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [partnerOrganisation, setPartnerOrganisation] = useState(user.partnerOrganisation ?? '');
  const [active, setActive] = useState(user.active);
  const [grants, setGrants] = useState<UiGrant[]>(user.grants);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const saved = await patch<User>(`/api/organisation/users/${user.id}`, {
        version: user.version,
        displayName,
        email: email.trim() || null,
        active,
        ...(user.kind === 'partner' ? { partnerOrganisation } : { grants }),
      });
      onSaved(saved);
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="account-heading">
      <h2 id="account-heading">{t('users.accountTitle')}</h2>
      <Field label={t('users.displayName')} name="displayName" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      <Field label={t('users.email')} name="email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
      {user.kind === 'partner' && (
        <Field label={t('users.partnerOrganisation')} name="partnerOrganisation" required value={partnerOrganisation} onChange={(e) => setPartnerOrganisation(e.target.value)} />
      )}
      <CheckboxField label={t('users.activeLabel')} hint={t('users.activeHint')} checked={active} onChange={setActive} />
      {user.kind === 'staff' ? <GrantsEditor grants={grants} units={units} onChange={setGrants} /> : <p>{t('users.partnerRole')}</p>}
      <ErrorMessage error={error} onReload={onReload} />
      <button type="submit" className="primary" disabled={busy}>
        {t('save', { ns: 'common' })}
      </button>
    </form>
  );
}

function CredentialsForm({ user, onDone }: { user: User; onDone: (message: string) => void }) {
  const { t } = useTranslation('organisation');
  const [newPassword, setNewPassword] = useState('');
  const [resetMfa, setResetMfa] = useState(false);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post(`/api/organisation/users/${user.id}/reset-credentials`, { ...(newPassword ? { newPassword } : {}), resetMfa });
      setNewPassword('');
      setResetMfa(false);
      onDone(t('credentials.done', { name: user.displayName }));
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="credentials-heading" className="panel">
      <h2 id="credentials-heading">{t('credentials.title')}</h2>
      <p>{t('credentials.intro')}</p>
      <Field
        label={t('credentials.newPassword')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        value={newPassword}
        onChange={(e) => setNewPassword(e.target.value)}
      />
      <CheckboxField label={t('credentials.resetMfa')} checked={resetMfa} onChange={setResetMfa} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || (!newPassword && !resetMfa)}>
        {t('credentials.submit')}
      </button>
    </form>
  );
}

/** One account: details, roles, activation, and a reset of its password or authenticator. */
export function EditUserPage({ kind }: { kind: AccountKind }) {
  const { t } = useTranslation('organisation');
  const { id } = useParams();
  const { data: loaded, error, reload } = useApiData<User>(`/api/organisation/users/${id}`);
  const { data: units } = useApiData<Unit[]>('/api/organisation/units');
  const [saved, setSaved] = useState<User | null>(null);
  const [notice, setNotice] = useState('');
  // The form shows what the server last returned: a save's answer, or a (re)load.
  const user = saved && saved.version >= (loaded?.version ?? 0) ? saved : loaded;

  const reloadFresh = () => {
    setSaved(null);
    setNotice('');
    reload();
  };

  return (
    <main id="main" tabIndex={-1}>
      <BackLink kind={kind} />
      <h1>{user ? user.displayName : t(`${kind}.title`)}</h1>
      <ErrorMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      {!user || !units ? (
        !error && <Loading />
      ) : (
        <>
          <dl className="facts">
            <dt>{t('users.username')}</dt>
            <dd>{user.username}</dd>
            <dt>{t('users.mfa')}</dt>
            <dd>{t(user.mfaEnrolled ? 'users.mfaEnrolled' : 'users.mfaPending')}</dd>
          </dl>
          <AccountForm
            key={`${user.id}-${user.version}`}
            user={user}
            units={units}
            onSaved={(u) => {
              setSaved(u);
              setNotice(t('users.saved'));
            }}
            onReload={reloadFresh}
          />
          <CredentialsForm
            user={user}
            onDone={(message) => {
              setSaved(null);
              reload();
              setNotice(message);
            }}
          />
          <OidcLinkPanel
            user={user}
            onDone={(message) => {
              setSaved(null);
              reload();
              setNotice(message);
            }}
          />
        </>
      )}
    </main>
  );
}
