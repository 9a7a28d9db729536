import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';

/**
 * TOTP secrets at rest: AES-256-GCM under a key that lives outside the database (the validated
 * configuration, or in development a file in the data folder), so a dump or a read-only SQL
 * injection yields no second factor. A stored value is `v1.<key id>.<iv>.<ciphertext+tag>`; the
 * key id lets a rotation run while older values are still about (TOTP_ENCRYPTION_KEY_PREVIOUS).
 */
const PREFIX = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a ciphertext to its purpose: a value moved from another column does not decrypt. */
const AAD = Buffer.from('utvag totp secret');

export const TOTP_KEY_FILE = 'totp-key';
export const TOTP_PREVIOUS_KEYS_FILE = 'totp-key.previous';

export interface TotpKeyring {
  /** Encrypts under the current key. */
  seal(secret: string): string;
  /** Decrypts a sealed value under any known key; throws on clear text, an unknown key or tampering. */
  open(sealed: string): string;
  /** Whether a stored value is sealed under the current key (the rotation skips those). */
  isCurrent(sealed: string): boolean;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${PREFIX}.`);
}

export function makeKeyring(current: Buffer, previous: readonly Buffer[] = []): TotpKeyring {
  for (const k of [current, ...previous]) if (k.length !== 32) throw new Error('A TOTP encryption key is 32 bytes');
  const byId = new Map([current, ...previous].map((k) => [keyId(k), k] as const));
  const currentId = keyId(current);
  return {
    seal(secret) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [PREFIX, currentId, iv.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [prefix, id, iv, body] = sealed.split('.');
      if (prefix !== PREFIX || !id || !iv || !body) throw new Error('TOTP secret is not encrypted');
      const key = byId.get(id);
      if (!key) throw new Error(`TOTP secret is encrypted under an unknown key (${id})`);
      const raw = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(AAD);
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(0, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    isCurrent(sealed) {
      return sealed.startsWith(`${PREFIX}.${currentId}.`);
    },
  };
}

export function newTotpKey(): Buffer {
  return randomBytes(32);
}

async function readKeyFile(file: string): Promise<Buffer[] | undefined> {
  try {
    const text = await fs.readFile(file, 'utf8');
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => Buffer.from(l, 'base64'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The keyring of this configuration: TOTP_ENCRYPTION_KEY (+ _PREVIOUS), or in development and the
 * embedded default a key made once and kept in the data folder (like the session secret), never
 * in the database.
 */
export async function totpKeyring(config: Pick<Config, 'dataDir' | 'totpEncryptionKey' | 'totpPreviousKeys'>): Promise<TotpKeyring> {
  if (config.totpEncryptionKey) return makeKeyring(config.totpEncryptionKey, config.totpPreviousKeys);
  const file = path.join(config.dataDir, TOTP_KEY_FILE);
  const previous = (await readKeyFile(path.join(config.dataDir, TOTP_PREVIOUS_KEYS_FILE))) ?? [];
  const existing = (await readKeyFile(file))?.[0];
  if (existing) return makeKeyring(existing, previous);
  const key = newTotpKey();
  await fs.mkdir(config.dataDir, { recursive: true });
  // 'wx': two processes starting at once must not each write a key of their own.
  await fs.writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return makeKeyring((await readKeyFile(file))![0]!, previous);
}

/**
 * Encrypts under the current key every TOTP secret that is still in clear text or under an older
 * key (users' secrets and enrolments in progress), in one transaction. Run at every start (the
 * migration path for databases from before encryption) and by `npm run rotate-totp-key`. A value
 * under a key this configuration does not know is left as it is and counted as unreadable.
 */
export async function resealTotpSecrets(db: Db, keys: TotpKeyring): Promise<{ resealed: number; unreadable: number }> {
  return db.transaction().execute(async (tx) => {
    const result = { resealed: 0, unreadable: 0 };
    const reseal = (stored: string): string | undefined => {
      try {
        return keys.seal(isSealed(stored) ? keys.open(stored) : stored);
      } catch {
        result.unreadable += 1;
        return undefined;
      }
    };
    const users = await tx.selectFrom('users').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).forUpdate().execute();
    for (const u of users) {
      if (keys.isCurrent(u.totp_secret!)) continue;
      const sealed = reseal(u.totp_secret!);
      if (!sealed) continue;
      await tx.updateTable('users').set({ totp_secret: sealed }).where('id', '=', u.id).execute();
      result.resealed += 1;
    }
    const pending = await tx.selectFrom('pending_sign_ins').select(['id', 'candidate_secret']).where('candidate_secret', 'is not', null).forUpdate().execute();
    for (const p of pending) {
      if (keys.isCurrent(p.candidate_secret!)) continue;
      const sealed = reseal(p.candidate_secret!);
      if (!sealed) continue;
      await tx.updateTable('pending_sign_ins').set({ candidate_secret: sealed }).where('id', '=', p.id).execute();
      result.resealed += 1;
    }
    return result;
  });
}

/**
 * `npm run rotate-totp-key`. With TOTP_ENCRYPTION_KEY configured, the operator has put the new key
 * there and the old one in TOTP_ENCRYPTION_KEY_PREVIOUS; every secret is re-encrypted under the
 * new one, after which the old key can be dropped. Without it (development, the embedded default)
 * a new key is made in the data folder: the old one is kept beside it until every secret is
 * re-encrypted, then removed. Stop Utväg first: a running instance still holds the old key.
 */
export async function rotateTotpKey(config: Pick<Config, 'dataDir' | 'totpEncryptionKey' | 'totpPreviousKeys'>, db: Db): Promise<{ resealed: number; unreadable: number; keyFile?: string }> {
  if (config.totpEncryptionKey) return resealTotpSecrets(db, makeKeyring(config.totpEncryptionKey, config.totpPreviousKeys));
  const file = path.join(config.dataDir, TOTP_KEY_FILE);
  const previousFile = path.join(config.dataDir, TOTP_PREVIOUS_KEYS_FILE);
  const old = (await readKeyFile(file))?.[0];
  const previous = (await readKeyFile(previousFile)) ?? [];
  const key = newTotpKey();
  await fs.mkdir(config.dataDir, { recursive: true });
  // Order matters for a crash half-way: the old key is on disk as a previous key before the new
  // one replaces it, and is removed only after every secret is under the new key.
  if (old) await fs.writeFile(previousFile, [old, ...previous].map((k) => k.toString('base64')).join('\n') + '\n', { mode: 0o600 });
  await fs.writeFile(`${file}.new`, key.toString('base64') + '\n', { mode: 0o600 });
  await fs.rename(`${file}.new`, file);
  const result = await resealTotpSecrets(db, makeKeyring(key, old ? [old, ...previous] : previous));
  if (result.unreadable === 0) await fs.rm(previousFile, { force: true });
  return { ...result, keyFile: file };
}
