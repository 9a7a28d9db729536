/**
 * The languages of Utväg's public pages (the help portal, the chat, the booking page): chosen in
 * the address (`/hjalp/ar/...`, `/chatt?lang=ar`), never in a cookie. Swedish first.
 *
 * The counsellors answer in Swedish and English; the other languages say so plainly, in that
 * language, with how to get an interpreter.
 */
export const PUBLIC_LANGUAGES = ['sv', 'en', 'ro', 'bg', 'hu', 'es', 'th', 'ar', 'uk'] as const;
export type PublicLanguage = (typeof PUBLIC_LANGUAGES)[number];

/** Each language's name written in that language (the language choice shows these). */
export const LANGUAGE_NAMES: Record<PublicLanguage, string> = {
  sv: 'Svenska',
  en: 'English',
  ro: 'Română',
  bg: 'Български',
  hu: 'Magyar',
  es: 'Español',
  th: 'ไทย',
  ar: 'العربية',
  uk: 'Українська',
};

/** The locale each language's dates and times are written in (Intl). */
export const INTL_LOCALE: Record<PublicLanguage, string> = {
  sv: 'sv-SE',
  en: 'en-GB',
  ro: 'ro-RO',
  bg: 'bg-BG',
  hu: 'hu-HU',
  es: 'es-ES',
  th: 'th-TH',
  ar: 'ar',
  uk: 'uk-UA',
};

export const RIGHT_TO_LEFT: readonly PublicLanguage[] = ['ar'];

export function isPublicLanguage(code: unknown): code is PublicLanguage {
  return typeof code === 'string' && (PUBLIC_LANGUAGES as readonly string[]).includes(code);
}

export function directionOf(lang: PublicLanguage): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.includes(lang) ? 'rtl' : 'ltr';
}

/**
 * The language a visitor asked for: a known code as it is, anything else (unknown, crafted, absent)
 * Swedish, with `known: false` so the page shows the language choice. The code asked for is never
 * returned, so it cannot reach the page.
 */
export function resolvePublicLanguage(code: unknown): { lang: PublicLanguage; known: boolean } {
  if (code === undefined || code === '') return { lang: 'sv', known: true };
  const c = typeof code === 'string' ? code.toLowerCase() : '';
  return isPublicLanguage(c) ? { lang: c, known: true } : { lang: 'sv', known: false };
}

/** The staff-written page texts exist in Swedish and English; every other language reads English where its own is missing. */
export function fallbackOf(lang: PublicLanguage): 'sv' | 'en' {
  return lang === 'sv' ? 'sv' : 'en';
}

/** What the chat and booking pages say in the visitor's language: the counsellors' languages and the interpreter. */
export const VISITOR_LANGUAGE_NOTE: Record<PublicLanguage, { heading: string; notTranslated: string; counsellors: string; interpreter: string; back: string }> = {
  sv: {
    heading: 'Språk och tolk',
    back: 'Till sidorna om hjälp och stöd',
    notTranslated: 'Den här sidan finns inte på ditt språk än. Den visas på engelska.',
    counsellors: 'Rådgivarna svarar på svenska och engelska.',
    interpreter: 'Vill du ha tolk? Skriv vilket språk du talar. Vi bokar en tolk till ett samtal eller ett möte. Tolken har tystnadsplikt, och det kostar ingenting.',
  },
  en: {
    heading: 'Language and interpreter',
    back: 'To the help and support pages',
    notTranslated: 'This page is not yet in your language. It is shown in English.',
    counsellors: 'The counsellors answer in Swedish and English.',
    interpreter: 'Do you want an interpreter? Write which language you speak. We book an interpreter for a call or a meeting. The interpreter must keep everything secret, and it costs nothing.',
  },
  ro: {
    heading: 'Limbă și interpret',
    back: 'La paginile de ajutor și sprijin',
    notTranslated: 'Această pagină nu este încă tradusă în limba ta. Este afișată în engleză.',
    counsellors: 'Consilierii răspund în suedeză și în engleză.',
    interpreter: 'Ai nevoie de un interpret? Scrie-ne ce limbă vorbești. Rezervăm un interpret pentru o convorbire sau o întâlnire. Interpretul are obligația de a păstra secretul și nu costă nimic.',
  },
  bg: {
    heading: 'Език и преводач',
    back: 'Към страниците за помощ и подкрепа',
    notTranslated: 'Тази страница все още не е преведена на вашия език. Показва се на английски.',
    counsellors: 'Консултантите отговарят на шведски и английски.',
    interpreter: 'Нужен ли ви е преводач? Напишете ни кой език говорите. Ще осигурим преводач за разговор или среща. Преводачът е длъжен да пази тайна и това е безплатно.',
  },
  hu: {
    heading: 'Nyelv és tolmács',
    back: 'A segítő és támogató oldalakra',
    notTranslated: 'Ez az oldal még nincs lefordítva a nyelvedre. Angolul jelenik meg.',
    counsellors: 'A tanácsadók svédül és angolul válaszolnak.',
    interpreter: 'Tolmácsra van szükséged? Írd meg, milyen nyelven beszélsz. Tolmácsot foglalunk egy beszélgetésre vagy egy találkozóra. A tolmácsot titoktartás köti, és ez ingyenes.',
  },
  es: {
    heading: 'Idioma e intérprete',
    back: 'A las páginas de ayuda y apoyo',
    notTranslated: 'Esta página todavía no está traducida a tu idioma. Se muestra en inglés.',
    counsellors: 'Los consejeros responden en sueco y en inglés.',
    interpreter: '¿Necesitas un intérprete? Escríbenos qué idioma hablas. Reservamos un intérprete para una llamada o una reunión. El intérprete debe guardar secreto y no cuesta nada.',
  },
  th: {
    heading: 'ภาษาและล่าม',
    back: 'ไปที่หน้าความช่วยเหลือและการสนับสนุน',
    notTranslated: 'หน้านี้ยังไม่ได้แปลเป็นภาษาของคุณ จึงแสดงเป็นภาษาอังกฤษ',
    counsellors: 'ผู้ให้คำปรึกษาตอบเป็นภาษาสวีเดนและภาษาอังกฤษ',
    interpreter: 'ต้องการล่ามไหม เขียนบอกเราว่าคุณพูดภาษาอะไร เราจะจองล่ามให้สำหรับการโทรหรือการพบกัน ล่ามต้องเก็บทุกอย่างเป็นความลับ และไม่มีค่าใช้จ่าย',
  },
  ar: {
    heading: 'اللغة والمترجم',
    back: 'إلى صفحات المساعدة والدعم',
    notTranslated: 'هذه الصفحة غير مترجمة إلى لغتك بعد. وهي معروضة باللغة الإنجليزية.',
    counsellors: 'يجيب المستشارون باللغتين السويدية والإنجليزية.',
    interpreter: 'هل تحتاج إلى مترجم؟ اكتب لنا اللغة التي تتحدثها. سنحجز مترجمًا لمكالمة أو لقاء. المترجم ملزم بالحفاظ على السرية، والخدمة مجانية.',
  },
  uk: {
    heading: 'Мова та перекладач',
    back: 'До сторінок допомоги та підтримки',
    notTranslated: 'Ця сторінка ще не перекладена вашою мовою. Вона показана англійською.',
    counsellors: 'Консультанти відповідають шведською та англійською мовами.',
    interpreter: 'Потрібен перекладач? Напишіть нам, якою мовою ви говорите. Ми замовимо перекладача для розмови або зустрічі. Перекладач зобов’язаний зберігати таємницю, і це безкоштовно.',
  },
};
