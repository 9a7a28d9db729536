/** The words of structured questions shared by the contract, the rules and the UI. */

/** Who a set is for: children 13–17 (and younger), adults, people who buy sex. */
export const SET_AUDIENCES = ['children', 'adults', 'buyers'] as const;
export type SetAudience = (typeof SET_AUDIENCES)[number];

/** Where a "yes" leads. */
export const FOLLOW_UP_SUGGESTIONS = ['support_talk', 'risk_assessment', 'referral'] as const;
export type FollowUpSuggestion = (typeof FOLLOW_UP_SUGGESTIONS)[number];

/** What was done with the suggestion. */
export const FOLLOW_UP_ACTIONS = ['done_now', 'offered_accepted', 'offered_declined', 'planned', 'not_relevant'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

/** Answered "the person chose not to answer": counts as asked. A question left out was not asked and never counts. */
export const DECLINED = 'declined';
