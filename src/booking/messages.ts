import { defineMessages } from '../core/i18n/server.ts';

/** Error texts of booking, for staff and for anonymous visitors (in the language asked for). */
export const bookingMessages = defineMessages({
  sv: {
    errors: {
      wrongGroupDay: 'Den dagen är mottagningen till för den andra målgruppen. Personer som säljer sex eller utnyttjas och personer som köper sex bokas aldrig samma dag.',
      otherGroupBookedThatDay: 'Den andra målgruppen är redan bokad den dagen. Personer som säljer sex eller utnyttjas och personer som köper sex bokas aldrig samma dag.',
      outsideOpeningHours: 'Tiden ligger utanför mottagningens öppettider eller är ingen av de lediga tiderna.',
      slotTaken: 'Tiden är redan bokad. Välj en annan tid.',
      slotInThePast: 'Tiden har redan varit.',
      unknownReception: 'Mottagningen finns inte.',
      unknownBookingCode: 'Koden hittades inte eller bokningen är avbokad. Kontrollera att du skrev den rätt.',
    },
  },
  en: {
    errors: {
      wrongGroupDay: 'That day the reception is for the other group. People who sell sex or are exploited and people who buy sex are never booked on the same day.',
      otherGroupBookedThatDay: 'The other group is already booked that day. People who sell sex or are exploited and people who buy sex are never booked on the same day.',
      outsideOpeningHours: 'The time is outside the reception’s opening hours or is not one of the free times.',
      slotTaken: 'The time is already booked. Choose another time.',
      slotInThePast: 'The time has already passed.',
      unknownReception: 'The reception does not exist.',
      unknownBookingCode: 'The code was not found or the booking is cancelled. Check that you typed it correctly.',
    },
  },
});
