import { defineMessages } from '../core/i18n/server.ts';

export const planMessages = defineMessages({
  sv: {
    errors: {
      planAlreadyExists: 'Ärendet har redan en aktiv plan.',
      planClosed: 'Planen är avslutad.',
      notACoordinator: 'Den valda personen är inte samordnare.',
      notAPartner: 'Kontot är inget partnerkonto. Be en administratör skapa ett.',
      unknownActor: 'Aktören finns inte i planen.',
      unknownConsent: 'Samtycket finns inte för den här personen.',
      unknownDependency: 'En insats som den här bygger på finns inte i planen.',
      unknownDecision: 'Beslutet finns inte i ärendet.',
      unknownWarning: 'Varningen gäller inte längre. Ladda om planen.',
      actorWithoutConsent: 'Aktören saknar ett gällande samtycke (eller lagstöd). Registrera samtycket först.',
      consentNotInForce: 'Personens samtycke gäller inte längre. Du har inte åtkomst till planen.',
      endBeforeStart: 'Slutdatum kan inte ligga före startdatum.',
      dependsOnItself: 'En insats kan inte bygga på sig själv.',
      dependencyCycle: 'Beroendena bildar en cirkel: {{cycle}}. Ta bort ett av beroendena.',
      acknowledgementNeedsReason: 'Skriv varför du går vidare trots varningen (minst 10 tecken).',
      warningsNeedAcknowledgement: 'Ändringen ger varningar som du behöver bekräfta med ett skäl.',
    },
  },
  en: {
    errors: {
      planAlreadyExists: 'The case already has an active plan.',
      planClosed: 'The plan is closed.',
      notACoordinator: 'The person chosen is not a coordinator.',
      notAPartner: 'The account is not a partner account. Ask an administrator to create one.',
      unknownActor: 'The actor is not part of the plan.',
      unknownConsent: 'The consent does not exist for this person.',
      unknownDependency: 'A measure this one depends on is not in the plan.',
      unknownDecision: 'The decision is not in the case.',
      unknownWarning: 'The warning no longer applies. Reload the plan.',
      actorWithoutConsent: 'The actor has no consent (or legal basis) in force. Record the consent first.',
      consentNotInForce: 'The person’s consent is no longer in force. You have no access to the plan.',
      endBeforeStart: 'The end date cannot be before the start date.',
      dependsOnItself: 'A measure cannot depend on itself.',
      dependencyCycle: 'The dependencies form a cycle: {{cycle}}. Remove one of them.',
      acknowledgementNeedsReason: 'Write why you go ahead despite the warning (at least 10 characters).',
      warningsNeedAcknowledgement: 'The change brings warnings that you need to acknowledge with a reason.',
    },
  },
});
