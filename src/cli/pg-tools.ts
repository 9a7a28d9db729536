import { execFile, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { encryptingStream, isEncryptedBackup, openEncryptedBackup, verifyEncryptedBackup, BackupDecryptionError, type BackupSecret } from './backup-crypto.ts';

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

/** pg_dump to a file, or to its standard output (`file` null) when the dump is encrypted on the way. */
export function pgDumpCommand(url: string, file: string | null): PgCommand {
  const { dbname, env } = pgConnection(url);
  // The rate-limit counters (an unlogged table) are worth a minute: their rows are not backed up.
  return { args: ['--format=custom', '--no-owner', '--no-unlogged-table-data', ...(file ? [`--file=${file}`] : []), `--dbname=${dbname}`], env };
}

/** pg_restore from a file, or from its standard input (`file` null) when the backup is decrypted on the way. */
export function pgRestoreCommand(url: string, file: string | null): PgCommand {
  const { dbname, env } = pgConnection(url);
  return { args: ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${dbname}`, ...(file ? [file] : [])], env };
}

/** Runs a tool with a stream as its standard input or output; rejects with its stderr when it fails. */
function runPiped(tool: string, command: PgCommand, io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream }): Promise<void> {
  const child = spawn(tool, command.args, { env: { ...process.env, ...command.env }, stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`))));
  });
  const piping = [
    io.stdin ? pipeline(io.stdin, child.stdin!) : undefined,
    io.stdout ? pipeline(child.stdout!, io.stdout) : undefined,
  ].filter(Boolean);
  return Promise.all([exited, ...piping]).then(() => undefined, (err: unknown) => {
    child.kill();
    throw err;
  });
}

/**
 * Writes a backup readable only by its owner (mode 0600): the file is made (or an existing one
 * narrowed) before pg_dump opens it, and pg_dump keeps the mode of the file it truncates.
 */
export async function writeBackup(url: string, file: string, secret?: BackupSecret): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    if (secret) {
      // pg_dump's output goes through the cipher into the file: no clear copy is ever written.
      const out = handle.createWriteStream();
      const encrypt = await encryptingStream(secret);
      await Promise.all([runPiped('pg_dump', pgDumpCommand(url, null), { stdout: encrypt }), pipeline(encrypt, out)]);
      return;
    }
  } finally {
    await handle.close().catch(() => {});
  }
  const command = pgDumpCommand(url, file);
  await run('pg_dump', command.args, { env: { ...process.env, ...command.env } });
}

/**
 * Checks that a backup can be restored before anything is dropped: an encrypted one is decrypted
 * once (tag checked, nothing kept) with the configured secret. Returns whether it is encrypted.
 */
export async function checkBackup(file: string, secret: BackupSecret | undefined): Promise<boolean> {
  if (!(await isEncryptedBackup(file))) return false;
  if (!secret) throw new BackupDecryptionError('This backup is encrypted: set BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE_FILE to the one it was made with');
  await verifyEncryptedBackup(file, secret);
  return true;
}

export async function restoreBackup(url: string, file: string, secret?: BackupSecret): Promise<void> {
  if (await isEncryptedBackup(file)) {
    if (!secret) throw new BackupDecryptionError('This backup is encrypted: set BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE_FILE');
    const { decipher, start, end } = await openEncryptedBackup(file, secret);
    const decrypted = createReadStream(file, { start, end }).pipe(decipher);
    await runPiped('pg_restore', pgRestoreCommand(url, null), { stdin: decrypted });
    return;
  }
  const command = pgRestoreCommand(url, file);
  await run('pg_restore', command.args, { env: { ...process.env, ...command.env } });
}
