import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgCommand {
  args: string[];
  /** Added to the environment: the password goes to the tool as PGPASSWORD, never on its command line. */
  env: Record<string, string>;
}

/**
 * The connection for a PostgreSQL client tool (pg_dump, pg_restore): the URL without its password,
 * and the password in the environment. A command line is readable by every user of the machine
 * (`ps`, /proc/<pid>/cmdline); a process's environment only by its owner and root.
 */
export function pgConnection(url: string): { dbname: string; env: Record<string, string> } {
  const target = new URL(url);
  const password = decodeURIComponent(target.password) || target.searchParams.get('password') || '';
  target.password = '';
  target.searchParams.delete('password');
  return { dbname: target.href, env: password ? { PGPASSWORD: password } : {} };
}

export function pgDumpCommand(url: string, file: string): PgCommand {
  const { dbname, env } = pgConnection(url);
  return { args: ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${dbname}`], env };
}

export function pgRestoreCommand(url: string, file: string): PgCommand {
  const { dbname, env } = pgConnection(url);
  return { args: ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${dbname}`, file], env };
}

/**
 * Writes a backup readable only by its owner (mode 0600): the file is made (or an existing one
 * narrowed) before pg_dump opens it, and pg_dump keeps the mode of the file it truncates.
 */
export async function writeBackup(url: string, file: string): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    await handle.chmod(0o600);
  } finally {
    await handle.close();
  }
  const command = pgDumpCommand(url, file);
  await run('pg_dump', command.args, { env: { ...process.env, ...command.env } });
}

export async function restoreBackup(url: string, file: string): Promise<void> {
  const command = pgRestoreCommand(url, file);
  await run('pg_restore', command.args, { env: { ...process.env, ...command.env } });
}
