import type { Db } from '../core/db/database.ts';
import { seedCaseDemo } from '../cases/demo.ts';
import { seedChatDemo } from '../chat/demo.ts';

/**
 * Fictional demo content of the capabilities (persons, cases, chats…), added after the demo
 * organisation. Each capability appends its own seeding function here.
 */
export async function seedDemoData(db: Db): Promise<void> {
  await seedCaseDemo(db);
  await seedChatDemo(db);
}
