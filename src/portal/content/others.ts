import type { PublicLanguage } from '../../chat/visitor/languages.ts';
import type { PageContent } from '../rules.ts';

/**
 * The core page (the start page) in the other languages of the portal. The other pages are not yet
 * translated into these languages: they show the "not yet translated" notice and the English page
 * until an editor publishes a translation. These texts should be reviewed by a native speaker
 * before the portal goes live (written for Utväg, not machine-translated).
 */
export const OTHERS: Partial<Record<PublicLanguage, Partial<Record<string, PageContent>>>> = {
  ro: {
    start: {
      title: 'Ajutor și sprijin pentru persoanele care vând sex sau sunt exploatate',
      body: `Serviciile sociale ale comunei te ajută dacă vinzi sex, ești exploatat, cumperi sex sau ești îngrijorat pentru cineva. Ajutorul este gratuit.

- **Poți rămâne anonim.** Nu trebuie să spui cum te numești ca să ne scrii în chat sau să faci o programare.
- **Vânzarea de sex nu este o infracțiune în Suedia.** Nu vei fi pedepsit pentru că vinzi sex.
- **Primești ajutor oricum.** Ajutorul nu depinde de faptul că folosești droguri sau că ai permis de ședere.
- **Păstrăm secretul.** Ce ne spui rămâne la noi. Dar dacă un copil este în pericol sau viața cuiva este în pericol, trebuie să acționăm.

Consilierii răspund în suedeză și în engleză. Dacă ai nevoie de un interpret, scrie-ne ce limbă vorbești.`,
    },
  },
  bg: {
    start: {
      title: 'Помощ и подкрепа за хора, които продават секс или са експлоатирани',
      body: `Социалните служби на общината ви помагат, ако продавате секс, ако сте експлоатирани, ако купувате секс или ако се тревожите за някого. Помощта е безплатна.

- **Можете да останете анонимни.** Не е нужно да казвате името си, за да пишете в чата или да запишете час.
- **Продаването на секс не е престъпление в Швеция.** Няма да бъдете наказани, защото продавате секс.
- **Получавате помощ при всички случаи.** Помощта не зависи от това дали употребявате наркотици или дали имате разрешение за пребиваване.
- **Пазим тайна.** Това, което ни кажете, остава при нас. Но ако дете е в опасност или нечий живот е в опасност, трябва да действаме.

Консултантите отговарят на шведски и английски. Ако ви трябва преводач, напишете ни кой език говорите.`,
    },
  },
  hu: {
    start: {
      title: 'Segítség és támogatás azoknak, akik szexet árulnak vagy akiket kizsákmányolnak',
      body: `Az önkormányzat szociális szolgálata segít neked, ha szexet árulsz, ha kizsákmányolnak, ha szexet vásárolsz, vagy ha aggódsz valakiért. A segítség ingyenes.

- **Névtelen maradhatsz.** Nem kell megmondanod a neved ahhoz, hogy csetelj velünk vagy időpontot foglalj.
- **A szex árulása Svédországban nem bűncselekmény.** Nem büntetnek meg azért, mert szexet árulsz.
- **Mindenképpen kapsz segítséget.** A segítség nem függ attól, hogy használsz-e drogot, vagy van-e tartózkodási engedélyed.
- **Titoktartás köt minket.** Amit elmondasz, nálunk marad. De ha egy gyermek veszélyben van, vagy valakinek az élete veszélyben van, cselekednünk kell.

A tanácsadók svédül és angolul válaszolnak. Ha tolmácsra van szükséged, írd meg, milyen nyelven beszélsz.`,
    },
  },
  es: {
    start: {
      title: 'Ayuda y apoyo para personas que venden sexo o son explotadas',
      body: `Los servicios sociales del municipio te ayudan si vendes sexo, si te explotan, si compras sexo o si te preocupa alguien. La ayuda es gratuita.

- **Puedes ser anónimo.** No tienes que decir tu nombre para chatear con nosotros o pedir una cita.
- **Vender sexo no es un delito en Suecia.** No te castigarán por vender sexo.
- **Recibes ayuda de todos modos.** La ayuda no depende de si consumes drogas ni de si tienes permiso de residencia.
- **Guardamos secreto.** Lo que nos cuentas se queda con nosotros. Pero si un niño está en peligro o la vida de alguien está en peligro, tenemos que actuar.

Los consejeros responden en sueco y en inglés. Si necesitas un intérprete, escríbenos qué idioma hablas.`,
    },
    sexkopslagen: {
      title: 'La ley sobre la compra de sexo – si visitas Suecia',
      body: `## Comprar sexo está prohibido en Suecia
- Es un delito comprar sexo o intentar comprar sexo, también en un hotel, en un piso o por internet.
- La ley se aplica a todas las personas que están en Suecia, también a turistas, estudiantes y viajeros de negocios.
- También se aplica si pagas con otra cosa que dinero, por ejemplo drogas, alojamiento o regalos.
- La pena puede ser de cárcel.

## Vender sexo no está prohibido
La persona que vende sexo no comete ningún delito. Muchas personas que venden sexo son explotadas o víctimas de trata de personas.

## Comprar sexo a menores
Comprar sexo a una persona menor de 18 años es un delito grave.`,
    },
  },
  th: {
    start: {
      title: 'ความช่วยเหลือสำหรับผู้ที่ขายบริการทางเพศหรือถูกแสวงประโยชน์',
      body: `หน่วยงานบริการสังคมของเทศบาลช่วยเหลือคุณ ถ้าคุณขายบริการทางเพศ ถูกแสวงประโยชน์ ซื้อบริการทางเพศ หรือเป็นห่วงใครบางคน ความช่วยเหลือนี้ไม่มีค่าใช้จ่าย

- **คุณไม่ต้องบอกชื่อก็ได้** คุณแชทกับเราหรือนัดเวลาได้โดยไม่ต้องบอกชื่อ
- **การขายบริการทางเพศไม่ผิดกฎหมายในสวีเดน** คุณจะไม่ถูกลงโทษเพราะขายบริการทางเพศ
- **คุณได้รับความช่วยเหลือเสมอ** ไม่ว่าคุณจะใช้ยาเสพติดหรือไม่ และไม่ว่าคุณจะมีใบอนุญาตพำนักหรือไม่
- **เราเก็บเรื่องของคุณเป็นความลับ** แต่ถ้าเด็กตกอยู่ในอันตราย หรือชีวิตของใครตกอยู่ในอันตราย เราต้องลงมือช่วย

ผู้ให้คำปรึกษาตอบเป็นภาษาสวีเดนและภาษาอังกฤษ ถ้าคุณต้องการล่าม เขียนบอกเราว่าคุณพูดภาษาอะไร`,
    },
  },
  ar: {
    start: {
      title: 'المساعدة والدعم لمن يبيعون الجنس أو يتعرضون للاستغلال',
      body: `تساعدك الخدمات الاجتماعية في البلدية إذا كنت تبيع الجنس، أو تتعرض للاستغلال، أو تشتري الجنس، أو تقلق على شخص ما. المساعدة مجانية.

- **يمكنك البقاء دون ذكر اسمك.** لا تحتاج إلى ذكر اسمك لكي تتحدث معنا عبر الدردشة أو تحجز موعدًا.
- **بيع الجنس ليس جريمة في السويد.** لن تُعاقَب لأنك تبيع الجنس.
- **ستحصل على المساعدة في كل الأحوال.** لا تعتمد المساعدة على تعاطيك المخدرات أو على امتلاكك تصريح إقامة.
- **نحن ملزمون بالسرية.** ما تخبرنا به يبقى لدينا. لكن إذا كان طفل في خطر أو كانت حياة شخص ما في خطر، يجب علينا أن نتصرف.

يجيب المستشارون باللغتين السويدية والإنجليزية. إذا كنت تحتاج إلى مترجم، اكتب لنا اللغة التي تتحدثها.`,
    },
  },
  uk: {
    start: {
      title: 'Допомога та підтримка для людей, які продають секс або зазнають експлуатації',
      body: `Соціальні служби муніципалітету допомагають вам, якщо ви продаєте секс, зазнаєте експлуатації, купуєте секс або хвилюєтеся за когось. Допомога безкоштовна.

- **Ви можете залишатися анонімними.** Вам не потрібно називати своє ім’я, щоб написати нам у чаті або записатися на прийом.
- **Продаж сексу не є злочином у Швеції.** Вас не покарають за те, що ви продаєте секс.
- **Ви отримаєте допомогу в будь-якому разі.** Допомога не залежить від того, чи вживаєте ви наркотики і чи маєте дозвіл на проживання.
- **Ми зберігаємо таємницю.** Те, що ви розповідаєте, залишається у нас. Але якщо дитина в небезпеці або чиєсь життя в небезпеці, ми мусимо діяти.

Консультанти відповідають шведською та англійською мовами. Якщо вам потрібен перекладач, напишіть нам, якою мовою ви говорите.`,
    },
  },
};
