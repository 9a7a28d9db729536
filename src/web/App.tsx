import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { Layout, useMenu } from './Layout.tsx';
import { SignInPage } from './SignInPage.tsx';
import { AccountPage } from './AccountPage.tsx';
import { uiCapabilities } from './capabilities.tsx';
import { useSession } from './session.tsx';
import { Loading } from './kit/index.ts';

/**
 * The start page: who you are here (each role with its unit, "Enhetschef (Nexus – vuxna)") and what
 * you can do, as the menu offers it. A role with a single page (the external partner) starts on it.
 */
function Home() {
  const { t } = useTranslation();
  const { me } = useSession();
  const items = useMenu();
  if (items.length === 1) return <Navigate to={items[0]!.path} replace />;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('welcome', { name: me?.displayName })}</h1>
      <h2>{t('yourRoles')}</h2>
      <ul>
        {me?.grants.map((g) => (
          <li key={`${g.role}-${g.unitId}`}>{roleWithUnit(t, g)}</li>
        ))}
      </ul>
      <h2>{t('whatYouCanDo')}</h2>
      {items.length > 0 ? (
        <>
          <p>{t('chooseInMenu')}</p>
          <ul>
            {items.map((item) => (
              <li key={item.path}>{t(item.labelKey, { ns: item.ns })}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('nothingYet')}</p>
      )}
      <p className="hint">{t('idleWarning', { minutes: me?.idleMinutes })}</p>
    </main>
  );
}

/** "Enhetschef (Nexus – vuxna)", or "Systemadministratör (hela organisationen)". */
export function roleWithUnit(t: (key: string) => string, g: { role: string; unitName: string | null; unitId: string | null }): string {
  return `${t(`roles.${g.role}`)} (${g.unitId === null ? t('organisationWide') : (g.unitName ?? '–')})`;
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
          c.routes.map((r) => <Route key={r.path} path={r.path} element={!r.permission || can(r.permission, r.unitKind) ? r.element : <Message text={t('noAccess')} />} />),
        )}
        <Route path="*" element={<Message text={t('notFound')} />} />
      </Routes>
    </Layout>
  );
}
