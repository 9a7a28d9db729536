import { defineMessages } from '../core/i18n/server.ts';

/** Error texts of the chat, also sent to visitors over the socket in the chat's language. */
export const chatMessages = defineMessages({
  sv: {
    errors: {
      chatClosed: 'Chatten är stängd just nu. Du kan lämna ett meddelande och läsa svaret senare med en kod.',
      unknownChat: 'Chatten finns inte längre. Starta en ny chatt om du vill prata med oss.',
      unknownCode: 'Koden hittades inte. Kontrollera att du skrev den rätt.',
      chatNotActive: 'Chatten är avslutad eller inte din. Meddelandet skickades inte.',
      malformedFrame: 'Meddelandet kunde inte läsas. Försök igen.',
      messageTooLong: 'Meddelandet är för långt (högst {{max}} tecken). Dela upp det.',
      tooFast: 'Du skickar för snabbt. Vänta en stund – meddelandet skickades inte.',
      helloFirst: 'Anslutningen måste börja med chattens nyckel.',
      chatBlocked: 'Chatten har avslutats av rådgivaren.',
      notYourQueue: 'Chatten ligger inte i en kö du arbetar med.',
      transferNotAllowed: 'Chattar kan inte flyttas mellan KAST-kön och de andra köerna.',
      colleagueNotOnDuty: 'Kollegan är inte inloggad i chattkonsolen för den kön.',
      noConsent: 'Besökaren har inte gett sitt samtycke till att fortsätta med en identifierad kontakt.',
      alreadyEscalated: 'Chatten är redan överlämnad.',
      outcomeMissing: 'Ange ämne, målgrupp, åldersgrupp och om hänvisning gavs innan chatten avslutas.',
      kastUnitOnly: 'Bara KAST:s personal arbetar med KAST-kön.',
      badOrigin: 'Anslutningen kommer från en annan webbplats.',
      queueEmpty: 'Ingen väntar i dina köer.',
    },
  },
  en: {
    errors: {
      chatClosed: 'The chat is closed right now. You can leave a message and read the answer later with a code.',
      unknownChat: 'This chat no longer exists. Start a new chat if you want to talk to us.',
      unknownCode: 'The code was not found. Check that you typed it correctly.',
      chatNotActive: 'The chat has ended or is not yours. The message was not sent.',
      malformedFrame: 'The message could not be read. Please try again.',
      messageTooLong: 'The message is too long (at most {{max}} characters). Please split it.',
      tooFast: 'You are sending too fast. Wait a moment – the message was not sent.',
      helloFirst: 'The connection must start with the chat key.',
      chatBlocked: 'The counsellor has ended the chat.',
      notYourQueue: 'The chat is not in a queue you work with.',
      transferNotAllowed: 'Chats cannot be moved between the KAST queue and the other queues.',
      colleagueNotOnDuty: 'The colleague is not signed in to the chat console for that queue.',
      noConsent: 'The visitor has not consented to continue with an identified contact.',
      alreadyEscalated: 'The chat has already been handed over.',
      outcomeMissing: 'Give topic, target group, age band and whether a referral was given before ending the chat.',
      kastUnitOnly: 'Only KAST staff work with the KAST queue.',
      badOrigin: 'The connection comes from another site.',
      queueEmpty: 'Nobody is waiting in your queues.',
    },
  },
});
