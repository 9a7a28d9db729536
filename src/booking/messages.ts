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
      badWeekday: 'En veckodag saknas eller är ogiltig.',
      badHours: 'Öppettiden måste sluta efter att den börjar.',
      badSlotLength: 'Tidslängden måste vara minst 15 minuter och rymmas inom öppettiden.',
      mixedGroupsOnADay: 'En dag kan bara vara till för en målgrupp. Personer som säljer sex eller utnyttjas och personer som köper sex tas aldrig emot samma dag.',
      roomTwiceAtOnce: 'Samma rum är lagt två gånger på samma tid.',
      miniKastIsForBuyers: 'Mini-KAST har bara tider för personer som köper sex.',
      unknownRoom: 'Rummet hör inte till mottagningen.',
      unknownStaff: 'Personen arbetar inte på mottagningens enhet.',
      weekContradictsBookings: 'Veckan går inte att spara: det finns bokningar på dagar som då skulle bli den andra målgruppens eller stängda ({{dates}}). Flytta eller avboka dem först.',
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
      badWeekday: 'A weekday is missing or invalid.',
      badHours: 'The opening hours must end after they start.',
      badSlotLength: 'The slot length must be at least 15 minutes and fit within the opening hours.',
      mixedGroupsOnADay: 'A day can serve only one target group. People who sell sex or are exploited and people who buy sex are never received on the same day.',
      roomTwiceAtOnce: 'The same room is used twice at the same time.',
      miniKastIsForBuyers: 'Mini-KAST has times for people who buy sex only.',
      unknownRoom: 'The room does not belong to the reception.',
      unknownStaff: 'The person does not work at the reception’s unit.',
      weekContradictsBookings: 'The week cannot be saved: there are bookings on days that would become the other group’s or closed ({{dates}}). Move or cancel them first.',
    },
  },
});
