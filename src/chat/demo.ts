import type { Db } from '../core/db/database.ts';

/** Fictional canned answers for the demo console; the supervisor edits them. */
export const DEMO_CANNED_ANSWERS = [
  { language: 'sv', title: 'Hälsning', body: 'Hej och välkommen! Du pratar med en rådgivare på socialtjänsten. Du behöver inte säga vem du är.' },
  { language: 'sv', title: 'Tystnadsplikt', body: 'Vi har tystnadsplikt. Det du skriver här sparas inte med ditt namn, och chatten raderas efter en tid.' },
  { language: 'sv', title: 'Akut fara', body: 'Om du är i akut fara, ring 112. Vill du att vi hjälper dig vidare nu?' },
  { language: 'sv', title: 'Avslut', body: 'Tack för att du hörde av dig. Du är välkommen tillbaka när du vill.' },
  { language: 'en', title: 'Greeting', body: 'Hello and welcome! You are talking to a counsellor at the social services. You do not need to say who you are.' },
  { language: 'en', title: 'Emergency', body: 'If you are in immediate danger, call 112. Would you like us to help you further now?' },
] as const;

/** Deterministic: adds the canned answers once, on an empty table. */
export async function seedChatDemo(db: Db): Promise<void> {
  const existing = await db.selectFrom('chat_canned_answers').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  await db.insertInto('chat_canned_answers').values(DEMO_CANNED_ANSWERS.map((c) => ({ ...c, updated_by: null }))).execute();
}
