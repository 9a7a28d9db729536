import type { ComponentType } from 'react';
import type { Act, CaseView } from './CasePage.tsx';

/** A section another capability adds to the case page (the structured questions), below the referrals. */
export interface CaseSection {
  key: string;
  Section: ComponentType<{ c: CaseView; act: Act }>;
}

/**
 * The case page knows no capability that adds to it: a capability that uses cases registers its
 * section here from its ui/index.tsx, which the web app's registry loads before anything renders.
 */
export const caseSections: CaseSection[] = [];

export function addCaseSection(section: CaseSection): void {
  if (!caseSections.some((s) => s.key === section.key)) caseSections.push(section);
}
