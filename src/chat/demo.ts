import type { Db } from '../core/db/database.ts';

/** Fictional canned answers for the demo console; the supervisor edits them. */
export const DEMO_CANNED_ANSWERS = [
  { language: 'sv', title: 'Hälsning', body: 'Hej och välkommen! Du pratar med en rådgivare på socialtjänsten. Du behöver inte säga vem du är.' },
  { language: 'sv', title: 'Tystnadsplikt', body: 'Vi har tystnadsplikt. Det du skriver här sparas inte med ditt namn, och chatten raderas efter en tid.' },
  { language: 'sv', title: 'Akut fara', body: 'Om du är i akut fara, ring 112. Vill du att vi hjälper dig vidare nu?' },
  { language: 'sv', title: 'Avslut', body: 'Tack för att du hörde av dig. Du är välkommen tillbaka när du vill.' },
  { language: 'en', title: 'Greeting', body: 'Hello and welcome! You are talking to a counsellor at the social services. You do not need to say who you are.' },
  { language: 'en', title: 'Emergency', body: 'If you are in immediate danger, call 112. Would you like us to help you further now?' },
  { language: 'sv', title: 'Stödlinjen', body: 'Vill du prata med någon även när chatten är stängd? Stödlinjen är anonym och svarar alla dagar.' },
  { language: 'sv', title: 'Sexuell hälsa', body: 'Vill du testa dig eller prata om sexuell hälsa kan du vända dig hit, även anonymt.' },
  { language: 'en', title: 'Support line', body: 'Would you like to talk to someone when the chat is closed? The support line is anonymous and answers every day.' },
] as const;

/**
 * Which demo canned answers point at which demo directory entry (by the entry's name): inserting
 * the answer then puts the entry's name and how to reach it into the reply. The entries are the
 * directory's demo data (src/directory/demo.ts), public and active.
 */
export const DEMO_CANNED_ENTRIES: ReadonlyArray<{ title: (typeof DEMO_CANNED_ANSWERS)[number]['title']; entry: string }> = [
  { title: 'Stödlinjen', entry: 'Nationella stödlinjen för personer som säljer sex (fiktiv)' },
  { title: 'Support line', entry: 'Nationella stödlinjen för personer som säljer sex (fiktiv)' },
  { title: 'Sexuell hälsa', entry: 'Mottagning för sexuell och reproduktiv hälsa (fiktiv)' },
];

/** Deterministic: adds the canned answers once, on an empty table. */
export async function seedChatDemo(db: Db): Promise<void> {
  const existing = await db.selectFrom('chat_canned_answers').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  await db.insertInto('chat_canned_answers').values(DEMO_CANNED_ANSWERS.map((c) => ({ ...c, updated_by: null }))).execute();
}

/**
 * Links the demo answers to their directory entries, once the directory's demo data is there (it
 * loads after the chat's). Only answers not linked yet, only to a public and active entry (the
 * same condition as the supervisor's form): a supervisor's own choice is never overwritten.
 */
export async function linkChatDemo(db: Db): Promise<void> {
  for (const { title, entry } of DEMO_CANNED_ENTRIES) {
    const found = await db.selectFrom('directory_entries').select('id').where('name', '=', entry).where('visibility', '=', 'public').where('active', '=', true).executeTakeFirst();
    if (!found) continue;
    await db.updateTable('chat_canned_answers').set({ directory_entry_id: found.id }).where('title', '=', title).where('directory_entry_id', 'is', null).execute();
  }
}
