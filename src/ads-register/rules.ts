/** The register's lists, shared by the contract and the pages (no zod here: the web app imports it). */

export const LINK_KINDS = ['phone', 'email', 'text', 'image', 'confirmed'] as const;
/** How a poster was contacted: one worker, one message. */
export const CONTACT_CHANNELS = ['sms', 'phone_call', 'email', 'site_message', 'other'] as const;
/** The answer as a category; the reply's own words are not kept. */
export const CONTACT_ANSWERS = ['no_answer', 'declined', 'wants_contact', 'wrong_number', 'other'] as const;
