import { z } from 'zod';
import { defineJob } from '../core/capability.ts';
import type { Db } from '../core/db/database.ts';
import { openImportFile } from './staging.ts';
import { importAds } from './store.ts';

/**
 * An import runs on the shared job runner: the route stages the sealed file and queues this job
 * with the import's id in one transaction; any instance's runner takes it. Progress and the
 * row-level report are written on the import row as it goes.
 */
export const adsImportJob = defineJob({
  name: 'ads-import',
  payload: z.object({ importId: z.uuid() }),
  // A run cut short (the process killed) is tried again; a finished or failed import is not redone.
  maxAttempts: 3,
  run: async (deps, { importId }) => {
    const key = deps.config.ads.hmacKey;
    if (!key) throw new Error('ads import queued but ADS_HMAC_KEY is not configured on this instance');
    await runImport(deps.db, key, importId);
  },
});

export async function runImport(db: Db, hmacKey: string, importId: string): Promise<void> {
  const staged = await db
    .selectFrom('ads_import_files as f')
    .innerJoin('ads_imports as i', 'i.id', 'f.import_id')
    .select(['f.sealed', 'f.allow_partial', 'i.file_name', 'i.state'])
    .where('f.import_id', '=', importId)
    .executeTakeFirst();
  if (!staged || staged.state !== 'running') {
    await db.deleteFrom('ads_import_files').where('import_id', '=', importId).execute();
    return;
  }
  try {
    const content = openImportFile(hmacKey, staged.sealed);
    await importAds(db, { fileName: staged.file_name, content, hmacKey, allowPartial: staged.allow_partial, importId });
  } catch (err) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('ads_imports').set({ state: 'failed', finished_at: new Date(), errors: JSON.stringify([{ row: 0, message: 'the import stopped unexpectedly; nothing was imported' }]) }).where('id', '=', importId).execute();
      await tx.deleteFrom('ads_import_files').where('import_id', '=', importId).execute();
    });
    throw err;
  }
}
