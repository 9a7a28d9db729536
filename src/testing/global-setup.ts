import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../core/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedAdminUrl: string;
    serverAdminUrl: string;
  }
}

/**
 * The suite runs its database tests against both targets: an embedded PostgreSQL started here for
 * the whole run, and the PostgreSQL server on the machine (TEST_PG_URL, default 127.0.0.1:5432).
 */
let embedded: EmbeddedServer | undefined;
let dir: string | undefined;

export default async function setup(project: TestProject) {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-test-pg-'));
  await fs.chmod(dir, 0o755);
  // A random port may be taken (other test runs, a loaded machine): try a few.
  for (let attempt = 1; !embedded; attempt++) {
    const port = 56000 + Math.floor(Math.random() * 4000);
    try {
      embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port });
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
  const serverAdminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const probe = new pg.Client({ connectionString: serverAdminUrl });
  try {
    await probe.connect();
    await probe.end();
  } catch (err) {
    throw new Error(`The PostgreSQL server for tests is not reachable at ${serverAdminUrl}: ${(err as Error).message}`);
  }
  project.provide('embeddedAdminUrl', embedded.adminUrl);
  project.provide('serverAdminUrl', serverAdminUrl);
  return async () => {
    await embedded?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  };
}
