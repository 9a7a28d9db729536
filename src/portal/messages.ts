import { defineMessages } from '../core/i18n/server.ts';

export const portalMessages = defineMessages({
  sv: { errors: { portalVersionNotFound: 'Versionen finns inte.', portalAlreadyPublished: 'Versionen är redan publicerad.' } },
  en: { errors: { portalVersionNotFound: 'The version does not exist.', portalAlreadyPublished: 'The version is already published.' } },
});
