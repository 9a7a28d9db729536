import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { Layout } from './Layout.tsx';
import { SignInPage } from './SignInPage.tsx';
import { AccountPage } from './AccountPage.tsx';
import { uiCapabilities } from './capabilities.tsx';
import { useSession } from './session.tsx';
import { Loading } from './kit/index.ts';

function Home() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('welcome', { name: me?.displayName })}</h1>
      <p>{t('welcomeText')}</p>
      <h2>{t('yourRoles')}</h2>
      <ul>
        {me?.grants.map((g) => (
          <li key={`${g.role}-${g.unitId}`}>{t(`roles.${g.role}`)}</li>
        ))}
      </ul>
      <p className="hint">{t('idleWarning', { minutes: me?.idleMinutes })}</p>
    </main>
  );
}

function Message({ text }: { text: string }) {
  return (
    <main id="main" tabIndex={-1}>
      <h1>{text}</h1>
    </main>
  );
}

export function App() {
  const { t } = useTranslation();
  const { me, loading, can } = useSession();
  if (loading) return <Loading />;
  if (!me)
    return (
      <Layout>
        <SignInPage />
      </Layout>
    );
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/konto" element={<AccountPage />} />
        {uiCapabilities.flatMap((c) =>
          c.routes.map((r) => <Route key={r.path} path={r.path} element={!r.permission || can(r.permission) ? r.element : <Message text={t('noAccess')} />} />),
        )}
        <Route path="*" element={<Message text={t('notFound')} />} />
      </Routes>
    </Layout>
  );
}
