import type { PageContent } from '../rules.ts';

/**
 * The portal's texts in Swedish, the first published version of each page (editors change them in
 * Utväg; this is what a new installation starts with). Plain language: short sentences, "du".
 * A fictional municipality's social services.
 */
export const SV: Partial<Record<string, PageContent>> = {
  start: {
    title: 'Hjälp och stöd om sex mot ersättning och människohandel',
    body: `Socialtjänsten i kommunen ger stöd till dig som säljer sex, blir utnyttjad, köper sex eller är orolig för någon. Stödet är gratis.

- **Du kan vara anonym.** Du behöver inte säga ditt namn för att chatta, boka en tid eller fråga oss om råd.
- **Att sälja sex är inte ett brott i Sverige.** Du blir inte straffad för att du säljer sex.
- **Du får hjälp ändå.** Hjälpen beror inte på om du använder droger eller om du har uppehållstillstånd.
- **Vi har tystnadsplikt.** Det du berättar stannar hos oss. Men om ett barn far illa eller om någons liv är i fara måste vi agera.

Välj den sida som passar dig nedan. Du kan också chatta med oss direkt.`,
  },
  'saljer-sex': {
    title: 'Du som säljer sex eller blir utnyttjad',
    body: `Du bestämmer själv vad du vill berätta. Vi dömer dig inte.

## Det här gäller i Sverige
- Att sälja sex är **inte** ett brott. Det är den som köper sex som gör något olagligt.
- Den som tvingar, lurar eller tjänar pengar på att någon annan säljer sex begår ett brott.
- Du har rätt till hjälp även om du använder alkohol eller droger.
- Du har rätt till stöd även om du inte har uppehållstillstånd i Sverige. Vi frågar inte om dina papper för att prata med dig.

## Det här kan vi hjälpa till med
- Samtal med någon som vet mycket om sex mot ersättning.
- Hjälp med boende, pengar, skulder och kontakt med vården.
- Stöd om du vill sluta, och stöd om du inte vill sluta just nu.
- Stöd om du har blivit hotad, slagen eller lurad. Du kan få hjälp även om du inte vill anmäla till polisen.

## Så kommer du i kontakt med oss
Chatta med oss utan att säga vem du är, eller boka en tid. Tiden kan du boka med ett påhittat namn.`,
  },
  unga: {
    title: 'Du som är ung',
    body: `Om någon vill ge dig pengar, saker, en plats att sova på, droger eller något annat för att du ska göra något sexuellt, så är det fel av **den vuxna** – aldrig ditt fel.

## Dina rättigheter
- Barnkonventionen är lag i Sverige. Den säger att du har rätt att skyddas mot sexuellt utnyttjande.
- Du som är under 18 år är ett barn enligt lagen. Det är alltid ett brott att köpa sex av någon under 18 år.
- Du är aldrig skyldig till det som händer. Du blir inte straffad.
- Du har rätt att bli lyssnad på och att få säga vad du tycker om hjälpen du får.

## Vad händer om du pratar med oss?
Du kan chatta anonymt. Om du berättar vem du är kan vi hjälpa dig mer. Då kan vi behöva prata med dina föräldrar eller andra vuxna som ska skydda dig. Vi berättar alltid för dig först vad som händer.

## Prata med någon nu
Chatta med oss, ring BRIS på 116 111, eller prata med en vuxen du litar på, till exempel skolkuratorn eller skolsköterskan.`,
  },
  'koper-sex': {
    title: 'Du som köper sex eller oroar dig för ditt sexuella beteende',
    body: `Vill du sluta köpa sex? Tänker du mycket på sex på ett sätt som oroar dig? Du kan få hjälp av KAST. KAST betyder Köpare Av Sexuella Tjänster.

## Det här är KAST
- Samtal med en behandlare som har tystnadsplikt.
- Du kan vara anonym. Du behöver inte säga ditt namn.
- Vi anmäler dig inte till polisen för att du söker hjälp.
- Det kostar ingenting.

## Bra att veta
Att köpa sex är ett brott i Sverige. Många som köper sex vill sluta men vet inte hur. Det är bra att du läser det här.

## Så kommer du i kontakt med KAST
Chatta med oss och välj att du köper sex eller oroar dig för ditt sexuella beteende. Du kan också boka en tid. Mottagningen tar aldrig emot köpare och personer som säljer sex på samma dag.

Du kan också ringa PrevenTell på 020-66 77 88. Det är en nationell och anonym stödlinje.`,
  },
  anhoriga: {
    title: 'Du som är anhörig eller vän',
    body: `Är du orolig för någon som säljer sex, blir utnyttjad eller köper sex? Du kan prata med oss, även utan att säga ditt eller den andras namn.

## Tecken som kan göra dig orolig
- Personen har pengar, kläder eller telefoner och du vet inte varifrån.
- Personen har nya, äldre vänner eller en partner som bestämmer mycket.
- Personen är borta på nätterna, verkar rädd eller har skador.

## Så kan du göra
- Lyssna utan att döma. Säg att du finns kvar.
- Skuldbelägg inte. Den som utnyttjas är inte skyldig.
- Fråga om personen vill ha hjälp att kontakta oss.
- Om personen är under 18 år kan du göra en orosanmälan till socialtjänsten. Du kan vara anonym.

## Stöd för dig själv
Det är tungt att vara orolig. Du kan få samtal med oss för din egen skull. Chatta med oss eller boka en tid.`,
  },
  yrkesverksamma: {
    title: 'Du som möter målgruppen i ditt arbete',
    body: `Du kan vara den första som ser att någon far illa. Här finns stöd för dig som arbetar i skolan, vården, polisen, en förening eller socialtjänsten.

## Våga fråga
- Fråga rakt och lugnt, till exempel: "Har någon gett dig pengar eller saker för sex?"
- Fråga i enrum, utan följeslagare och utan att en anhörig tolkar.
- Använd en professionell tolk när ni inte har ett gemensamt språk.
- Säg vad du kan och inte kan hålla hemligt.

## Gör en orosanmälan
Om du i ditt arbete får veta eller misstänker att ett barn far illa ska du anmäla det till socialtjänsten direkt. Du behöver inte vara säker. Det är socialtjänsten som utreder.

## Konsultera oss
Du kan rådfråga oss om ett ärende **utan att säga personens namn**. Ring, chatta eller boka en konsultation. Vi hjälper dig att bedöma läget och vad du kan göra.`,
  },
  sexkopslagen: {
    title: 'Sexköpslagen – för dig som besöker Sverige',
    body: `## Att köpa sex är förbjudet i Sverige
- Det är ett brott att köpa sex eller att försöka köpa sex, också om det sker på ett hotell, i en lägenhet eller via nätet.
- Det gäller alla som är i Sverige, också turister, studenter och affärsresenärer.
- Det gäller också om du betalar med något annat än pengar, till exempel droger, en plats att bo eller presenter.
- Straffet kan bli fängelse.

## Att sälja sex är inte förbjudet
Den som säljer sex begår inget brott. Många som säljer sex är utnyttjade eller offer för människohandel.

## Köp av sex från barn
Att köpa sex av någon som är under 18 år är ett allvarligt brott. Du kan dömas även om du inte visste personens ålder.

## Vill du sluta?
Du kan få anonym hjälp av KAST. Läs mer på sidan för dig som köper sex.`,
  },
  natet: {
    title: 'Grooming och utnyttjande på nätet – för dig som går i skolan',
    body: `Grooming betyder att någon, ofta en vuxen, bygger upp en kontakt med dig på nätet för att få dig att göra något sexuellt. Det är ett brott.

## Tecken att vara uppmärksam på
- Någon ger dig mycket beröm, presenter eller pengar och vill att ni ska ha hemligheter.
- Någon vill flytta samtalet till en annan app eller ber om bilder.
- Någon hotar att sprida bilder om du inte skickar fler eller betalar.

## Om det har hänt dig
- **Det är inte ditt fel.** Den som utnyttjar dig gör fel, inte du.
- Skicka inga fler bilder och betala inte. Hoten brukar inte sluta för att man betalar.
- Spara meddelanden och användarnamn, men sprid inte bilderna vidare.
- Berätta för en vuxen du litar på, chatta med oss eller ring BRIS på 116 111.
- Du kan anmäla till polisen. Vi kan hjälpa dig med det.`,
  },
  'utan-namn': {
    title: 'Rådgivning utan att säga ditt namn',
    body: `Du kan få råd och stöd av oss utan att berätta vem du är.

## Så går det till
- **Chatta anonymt.** Du behöver inte ge namn, e-post eller telefonnummer. Vi sparar inte din IP-adress.
- **Boka en tid med ett påhittat namn.** Du får en kod. Med koden kan du ändra eller avboka. Vi skickar inga påminnelser.
- **Lämna ett meddelande när chatten är stängd.** Du får en kod och läser svaret senare.

## Om du vill ha mer hjälp
Vissa sorters hjälp, som boende eller ekonomiskt bistånd, kräver att vi vet vem du är. Du bestämmer själv om och när du vill berätta det. Vi förklarar alltid vad det innebär först.

Yrkesverksamma kan också konsultera oss om ett ärende utan att säga personens namn.`,
  },
  'surfa-sakert': {
    title: 'Surfa säkert',
    body: `Om någon kontrollerar din telefon eller dator kan det vara farligt att de ser att du har läst om hjälp.

## Lämna sidan snabbt
Knappen **Lämna sidan snabbt** finns högst upp på varje sida. Den byter sidan mot en vädersida. Du kan också trycka på **Esc** två gånger. Den här webbplatsen tar bara upp ett steg i webbläsarens historik, så bakåtknappen leder inte tillbaka hit.

## Så skyddar du dig mer
- Använd ett privat fönster (inkognito). Då sparas ingen historik.
- Rensa historiken efteråt om du inte använde ett privat fönster.
- Använd gärna en telefon eller dator som ingen annan kan kontrollera, till exempel på biblioteket.
- Den här webbplatsen sätter inga kakor (cookies) och hämtar inget från andra webbplatser.

## Kom ihåg
Inget sätt är helt säkert. Om du är i fara, ring 112.`,
  },
  tillganglighet: {
    title: 'Tillgänglighetsredogörelse',
    body: `Kommunen står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service och hur du kan rapportera problem.

## Hur tillgänglig är webbplatsen?
Webbplatsen är delvis förenlig med lagen. Sidorna testas automatiskt mot WCAG 2.1 nivå AA och fungerar utan JavaScript, med tangentbord och med skärmläsare.

## Kända brister
- Alla sidor finns inte översatta till alla språk än. Då visas sidan på svenska eller engelska med ett meddelande om det.
- Chatten och bokningen finns på svenska och engelska. Rådgivarna kan ordna tolk.

## Rapportera ett problem
Berätta för oss om något inte fungerar för dig, eller om du behöver innehållet i ett annat format:

- Chatta med oss och skriv att det gäller tillgänglighet.
- Skicka e-post till tillganglighet@example.se.

Vi svarar inom fem arbetsdagar.

## Om du inte är nöjd
Om du inte är nöjd med vårt svar kan du kontakta Myndigheten för digital förvaltning (Digg). Digg är tillsynsmyndighet för lagen.`,
  },
};
