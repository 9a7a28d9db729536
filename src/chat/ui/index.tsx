import type { UiCapability } from '../../web/capabilities.tsx';
import { ConsolePage } from './ConsolePage.tsx';
import { EscalationsPage } from './EscalationsPage.tsx';
import { chatLocales } from './locales.ts';
import { SupervisorPage } from './SupervisorPage.tsx';
import './console.css';

export const chatUi: UiCapability = {
  name: 'chat',
  locales: chatLocales,
  routes: [
    { path: '/chat/console', element: <ConsolePage />, permission: 'chat.counsel' },
    { path: '/chat/kast', element: <ConsolePage kast />, permission: 'chat.kast', unitKind: 'kast' },
    { path: '/chat/supervisor', element: <SupervisorPage />, permission: 'chat.supervise' },
    { path: '/chat/escalations', element: <EscalationsPage />, permission: 'chat.escalations.read' },
  ],
  nav: [
    { path: '/chat/console', labelKey: 'nav.console', permission: 'chat.counsel' },
    { path: '/chat/kast', labelKey: 'nav.kast', permission: 'chat.kast', unitKind: 'kast' },
    { path: '/chat/supervisor', labelKey: 'nav.supervisor', permission: 'chat.supervise' },
    { path: '/chat/escalations', labelKey: 'nav.escalations', permission: 'chat.escalations.read' },
  ],
};
