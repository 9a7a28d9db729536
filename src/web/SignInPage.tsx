import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get, post, resetCsrf } from './api.ts';
import { ErrorMessage, Field, Notice, useAction } from './kit/index.ts';
import { useSession } from './session.tsx';

type Step = 'password' | 'totp' | 'enrol' | 'newPassword';

export function SignInPage() {
  const { t } = useTranslation();
  const { refresh, expired } = useSession();
  const [params] = useSearchParams();
  // After an OIDC sign-in the server may ask for Utväg's own code (or its enrolment) next.
  const [step, setStep] = useState<Step>(() => (params.get('steg') === 'totp' ? 'totp' : params.get('steg') === 'enrol' ? 'enrol' : 'password'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [enrolment, setEnrolment] = useState<{ qrDataUrl: string; secret: string } | null>(null);
  const { busy, error, setError, run } = useAction(params.get('fel') ? new Error(t(`signIn.errors.${params.get('fel')}`, { defaultValue: '' }) || params.get('fel')!) : null);
  const [oidc, setOidc] = useState(false);

  useEffect(() => {
    get<{ oidc: boolean }>('/api/auth/options').then((o) => setOidc(o.oidc), () => {});
  }, []);

  useEffect(() => {
    if (step !== 'enrol') return;
    post<{ qrDataUrl: string; secret: string }>('/api/auth/enrol/start').then(setEnrolment, setError);
  }, [step]);

  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await post<{ next: Step }>('/api/auth/sign-in', { username, password });
      setPassword('');
      setStep(r.next);
    });
  };
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await post<{ next: 'password' | 'done' }>(step === 'enrol' ? '/api/auth/enrol/confirm' : '/api/auth/totp', { code });
      setCode('');
      if (r.next === 'password') return setStep('newPassword');
      // The sign-in rotated the CSRF secret.
      resetCsrf();
      await refresh();
    });
  };
  const submitNewPassword = (e: FormEvent) => {
    e.preventDefault();
    if (newPassword !== repeated) return setError(new Error(t('signIn.passwordsDiffer')));
    void run(async () => {
      await post('/api/auth/initial-password', { newPassword });
      resetCsrf();
      await refresh();
    });
  };

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <h1>{step === 'password' ? t('signIn.title') : step === 'totp' ? t('signIn.codeTitle') : step === 'enrol' ? t('signIn.enrolTitle') : t('signIn.newPasswordTitle')}</h1>
      <ErrorMessage error={error} />
      {step === 'password' && (
        <>
          {expired && <Notice>{t('signIn.expired')}</Notice>}
          <p>{t('signIn.intro')}</p>
          <form onSubmit={submitPassword} noValidate>
            <Field label={t('signIn.username')} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
            <Field label={t('signIn.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            <button type="submit" className="primary" disabled={busy}>
              {t('signIn.submit')}
            </button>
          </form>
          {oidc && (
            <>
              <p className="divider">{t('signIn.or')}</p>
              <a className="button" href="/api/auth/oidc/start">
                {t('signIn.oidc')}
              </a>
            </>
          )}
        </>
      )}
      {step === 'newPassword' && (
        <>
          <p>{t('signIn.newPasswordIntro')}</p>
          <form onSubmit={submitNewPassword} noValidate>
            <Field label={t('signIn.newPassword')} name="new-password" type="password" autoComplete="new-password" required minLength={12} value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoFocus />
            <Field label={t('signIn.repeatPassword')} name="repeat-password" type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} />
            <button type="submit" className="primary" disabled={busy}>
              {t('signIn.savePassword')}
            </button>
          </form>
        </>
      )}
      {(step === 'totp' || step === 'enrol') && (
        <>
          {step === 'enrol' && (
            <>
              <p>{t('signIn.enrolIntro')}</p>
              {enrolment && (
                <figure className="qr">
                  <img src={enrolment.qrDataUrl} alt={t('signIn.qrAlt')} width={220} height={220} />
                  <figcaption>
                    {t('signIn.secretLabel')} <code>{enrolment.secret}</code>
                  </figcaption>
                </figure>
              )}
            </>
          )}
          <form onSubmit={submitCode} noValidate>
            <Field label={t('signIn.code')} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} autoFocus />
            <button type="submit" className="primary" disabled={busy}>
              {t('signIn.verify')}
            </button>
          </form>
          <button type="button" className="link" onClick={() => { setStep('password'); setCode(''); setEnrolment(null); }}>
            {t('signIn.startOver')}
          </button>
        </>
      )}
    </main>
  );
}
