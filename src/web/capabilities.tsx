import type { ReactElement } from 'react';
import type { Locales } from '../core/i18n/texts.ts';
import { organisationUi } from '../organisation/ui/index.tsx';
import { auditUi } from '../audit/ui/index.tsx';
import { retentionUi } from '../retention/ui/index.tsx';
import { intakeUi } from '../intake/ui/index.tsx';
import { casesUi } from '../cases/ui/index.tsx';
// Before questions: its case section (the training notice) stands above the questions on the case page.
import { competenceUi } from '../competence/ui/index.tsx';
import { questionsUi } from '../questions/ui/index.tsx';
import { chatUi } from '../chat/ui/index.tsx';
import { consentsUi } from '../consents/ui/index.tsx';
import { exitPlansUi } from '../exit-plans/ui/index.tsx';
import { bookingUi } from '../booking/ui/index.tsx';
import { directoryUi } from '../directory/ui/index.tsx';
import { outreachUi } from '../outreach/ui/index.tsx';
import { adsUi } from '../ads-register/ui/index.tsx';
import { statisticsUi } from '../statistics/ui/index.tsx';
import { portalUi } from '../portal/ui/index.tsx';
import { personsUi } from '../persons/ui/index.tsx';

/**
 * A capability's part of the web app: its texts (an i18next namespace named after it, declared with
 * `defineLocales` in its `ui/locales.ts`, so Swedish and English have the same keys), its pages
 * and its entries in the navigation. Pages and entries name the permission they need; the server
 * still decides — hiding a link is convenience, not security.
 */
export interface UiCapability {
  name: string;
  locales: Locales;
  /** `unitKind`: the permission must come from a role in a unit of that kind (see `can` in session.tsx). */
  routes: Array<{ path: string; element: ReactElement; permission?: string; unitKind?: string }>;
  nav: Array<{ path: string; labelKey: string; permission?: string; unitKind?: string }>;
}

export const uiCapabilities: readonly UiCapability[] = [organisationUi, auditUi, retentionUi, intakeUi, casesUi, competenceUi, questionsUi, chatUi, consentsUi, exitPlansUi, bookingUi, directoryUi, outreachUi, adsUi, statisticsUi, portalUi, personsUi];
