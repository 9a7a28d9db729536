import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from './api.ts';
import { ErrorMessage, Field, Notice, useAction } from './kit/index.ts';

/** My account: change one's own password (the current one is asked for; other sessions end). */
export function AccountPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (next !== repeated) return setError(new Error(t('signIn.passwordsDiffer')));
    void run(async () => {
      await post('/api/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeated('');
      setDone(true);
    });
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('account.title')}</h1>
      <h2>{t('account.passwordTitle')}</h2>
      <ErrorMessage error={error} />
      {done && <Notice>{t('account.passwordChanged')}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field label={t('account.currentPassword')} name="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <Field label={t('signIn.newPassword')} name="new-password" type="password" autoComplete="new-password" required minLength={12} hint={t('account.passwordHint')} value={next} onChange={(e) => setNext(e.target.value)} />
        <Field label={t('signIn.repeatPassword')} name="repeat-password" type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} />
        <button type="submit" className="primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </form>
    </main>
  );
}
