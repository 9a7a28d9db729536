import { describe, expect, test } from 'vitest';
import { capabilities } from '../capabilities.ts';
import { seedDemoData } from '../demo/data.ts';
import { seedDemoOrganisation } from '../demo/seed.ts';
import { DEMO_ENTRIES } from '../directory/demo.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { DEMO_CANNED_ANSWERS, DEMO_CANNED_ENTRIES, linkChatDemo, seedChatDemo } from './demo.ts';
import { cannedAnswers } from './store.ts';

describe('the demo canned answers’ links', () => {
  test('name demo answers and public demo directory entries that exist', () => {
    const titles = DEMO_CANNED_ANSWERS.map((a) => a.title as string);
    for (const link of DEMO_CANNED_ENTRIES) {
      expect(titles).toContain(link.title);
      expect(DEMO_ENTRIES.find((e) => e.name === link.entry)).toMatchObject({ name: link.entry });
      expect(DEMO_ENTRIES.find((e) => e.name === link.entry)?.visibility ?? 'public').toBe('public');
    }
  });
});

describe.each(databaseTargets())('chat demo data on $name', (target) => {
  const t = useTestApp(target);

  test('canned answers, some pointing at a directory entry: inserting one gives the entry and how to reach it', async () => {
    await seedDemoOrganisation(t.db);
    await seedDemoData(t.db, capabilities);
    const answers = await cannedAnswers(t.db);
    expect(answers).toHaveLength(DEMO_CANNED_ANSWERS.length);
    const linked = answers.filter((a) => a.directoryEntryId !== null);
    expect(linked.map((a) => a.title).sort()).toEqual(['Sexuell hälsa', 'Stödlinjen', 'Support line']);
    const line = answers.find((a) => a.title === 'Stödlinjen')!;
    expect(line.entryName).toBe('Nationella stödlinjen för personer som säljer sex (fiktiv)');
    expect(line.text).toContain('Nationella stödlinjen för personer som säljer sex (fiktiv): ');
    expect(line.text).toContain('020-10 10 10');
    expect(answers.find((a) => a.title === 'Support line')!.text).toMatch(/Open: Alla dagar 10–22\.$/i);
    expect(answers.find((a) => a.title === 'Hälsning')!.entryName).toBeNull();

    // Linking again (the chat's own step) changes nothing, and a supervisor's own link is never overwritten.
    const health = answers.find((a) => a.title === 'Sexuell hälsa')!;
    const other = await t.db.selectFrom('directory_entries').select('id').where('name', '=', 'KAST-linjen (fiktiv)').executeTakeFirstOrThrow();
    await t.db.updateTable('chat_canned_answers').set({ directory_entry_id: other.id }).where('id', '=', health.id).execute();
    await linkChatDemo(t.db);
    await seedChatDemo(t.db);
    const again = await cannedAnswers(t.db);
    expect(again).toHaveLength(DEMO_CANNED_ANSWERS.length);
    expect(again.find((a) => a.id === health.id)!.directoryEntryId).toBe(other.id);
  });
});
