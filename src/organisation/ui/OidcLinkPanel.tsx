import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, put } from '../../web/api.ts';
import { ConfirmButton, ErrorMessage, Field, useAction, useApiData } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { User } from './types.ts';

/**
 * The administrator's link between an account and an identity at the municipality's OIDC
 * provider (issuer and subject): shown, made, replaced or removed — audited by the server, which
 * also refuses one's own account (another administrator does that). A changed or removed link
 * ends the account's sessions.
 */
export function OidcLinkPanel({ user, onDone }: { user: User; onDone: (message: string) => void }) {
  const { t } = useTranslation('organisation');
  const { me } = useSession();
  const { data: options } = useApiData<{ oidc: boolean; oidcIssuer?: string }>('/api/auth/options');
  const [subject, setSubject] = useState('');
  const { busy, error, run } = useAction();
  if (!options || (!options.oidc && !user.oidcIdentity)) return null;
  const own = me?.id === user.id;
  const linked = user.oidcIdentity;

  const link = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await put(`/api/organisation/users/${user.id}/oidc-link`, { issuer: options.oidcIssuer, subject: subject.trim() });
      setSubject('');
      onDone(t('oidcLink.linked', { name: user.displayName }));
    });
  };
  const unlink = () =>
    void run(async () => {
      await api('DELETE', `/api/organisation/users/${user.id}/oidc-link`);
      onDone(t('oidcLink.unlinked', { name: user.displayName }));
    });

  return (
    <section aria-labelledby="oidc-heading" className="panel">
      <h2 id="oidc-heading">{t('oidcLink.title')}</h2>
      <p>{t('oidcLink.intro')}</p>
      {linked ? (
        <dl className="facts">
          <dt>{t('oidcLink.issuer')}</dt>
          <dd>{linked.issuer}</dd>
          <dt>{t('oidcLink.subject')}</dt>
          <dd>{linked.subject}</dd>
        </dl>
      ) : (
        <p>{t('oidcLink.none')}</p>
      )}
      {own ? (
        <p>{t('oidcLink.notOwn')}</p>
      ) : (
        <>
          {options.oidc && options.oidcIssuer && (
            <form onSubmit={link} noValidate aria-label={t(linked ? 'oidcLink.replace' : 'oidcLink.link')}>
              <p>{t('oidcLink.issuerIs', { issuer: options.oidcIssuer })}</p>
              <Field label={t('oidcLink.subject')} name="oidcSubject" required autoComplete="off" hint={t('oidcLink.subjectHint')} value={subject} onChange={(e) => setSubject(e.target.value)} />
              <button type="submit" disabled={busy || subject.trim() === ''}>
                {t(linked ? 'oidcLink.replace' : 'oidcLink.link')}
              </button>
            </form>
          )}
          {linked && (
            <ConfirmButton question={t('oidcLink.unlinkQuestion', { name: user.displayName })} confirm={t('oidcLink.unlink')} onConfirm={unlink} disabled={busy}>
              {t('oidcLink.unlink')}
            </ConfirmButton>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
