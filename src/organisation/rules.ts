/** Kinds of unit in the social services' organisation. Shared by the API schema and the web app. */
export const UNIT_KINDS = ['adult', 'children', 'kast', 'economic_aid', 'outreach', 'chat', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
