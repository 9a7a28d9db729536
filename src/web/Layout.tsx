import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { UI_LANGUAGES } from './i18n.ts';
import { uiCapabilities } from './capabilities.tsx';
import { useSession } from './session.tsx';
import { get, lastActivityAt } from './api.ts';

/** The menu entries the signed-in user can use: by permission, and by unit kind where a page is for one kind of unit. */
export function useMenu() {
  const { can } = useSession();
  return uiCapabilities.flatMap((c) => c.nav.filter((n) => !n.permission || can(n.permission, n.unitKind)).map((n) => ({ ...n, ns: c.name })));
}

/**
 * A minute before the idle timeout, a warning with a button to stay signed in (a request that
 * counts as activity). What is being written is kept as a draft in the tab either way
 * (useSessionDraft), and is there again after signing in.
 */
function IdleWarning({ idleMinutes }: { idleMinutes: number }) {
  const { t } = useTranslation();
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const tick = () => {
      const left = Math.round((lastActivityAt() + idleMinutes * 60_000 - Date.now()) / 1000);
      setSecondsLeft(left <= 60 ? Math.max(left, 0) : null);
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [idleMinutes]);
  const warning = secondsLeft !== null;
  useEffect(() => {
    if (warning) buttonRef.current?.focus();
  }, [warning]);
  if (!warning) return null;
  return (
    <div className="alert alert-info idle-warning" role="alertdialog" aria-labelledby="idle-h" aria-describedby="idle-text">
      <h2 id="idle-h">{t('idle.title')}</h2>
      <p id="idle-text">{t('idle.text', { seconds: secondsLeft })}</p>
      <button ref={buttonRef} type="button" className="primary" onClick={() => void get('/api/auth/me').then(() => setSecondsLeft(null), () => {})}>
        {t('idle.stay')}
      </button>
    </div>
  );
}

/** The frame every page sits in: skip link, header, navigation by permission, language, sign-out. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  // The next person at this computer starts from the start page, not from the last one's page.
  const leave = (everywhere: boolean) => void signOut(everywhere).then(() => navigate('/'));
  // Move focus to the page's main region after navigation, as screen-reader users expect.
  // On a phone the header's tools and the menu fold behind one button, so the page starts at the top.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    document.getElementById('main')?.focus();
    setMenuOpen(false);
  }, [location.pathname]);
  const items = useMenu();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className={menuOpen ? 'app-header menu-open' : 'app-header'}>
        <NavLink to="/" className="brand">
          {t('appName')}
        </NavLink>
        {me && (
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="app-menu" onClick={() => setMenuOpen((o) => !o)}>
            {t('menu')}
          </button>
        )}
        <div className="header-tools">
          <label className="language">
            <span>{t('language')}</span>
            <select value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
              {UI_LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          {me && (
            <>
              <span className="who">{t('signedInAs', { name: me.displayName })}</span>
              <NavLink to="/konto">{t('account.title')}</NavLink>
              <button type="button" onClick={() => leave(false)}>
                {t('signOut')}
              </button>
              <button type="button" onClick={() => leave(true)}>
                {t('signOutEverywhere')}
              </button>
            </>
          )}
        </div>
      </header>
      {me && <IdleWarning idleMinutes={me.idleMinutes} />}
      <div className={menuOpen ? 'app-body menu-open' : 'app-body'}>
        {me && (
          <nav id="app-menu" aria-label={t('mainNavigation')} className="app-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('home')}
                </NavLink>
              </li>
              {items.map((item) => (
                <li key={item.path}>
                  <NavLink to={item.path}>{t(item.labelKey, { ns: item.ns })}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {children}
      </div>
    </>
  );
}
