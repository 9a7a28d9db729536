import type { Capability } from '../core/capability.ts';
import type { Db } from '../core/db/database.ts';

/**
 * Fictional demo content of the capabilities (persons, cases, chats…), added after the demo
 * organisation: each capability's manifest brings its own, in registry order; then the links
 * between them (which need both sides loaded).
 */
export async function seedDemoData(db: Db, capabilities: readonly Capability[]): Promise<void> {
  for (const capability of capabilities) await capability.demo?.(db);
  for (const capability of capabilities) await capability.demoLinks?.(db);
}
