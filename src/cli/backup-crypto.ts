import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type CipherGCM, type DecipherGCM } from 'node:crypto';
import fs from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Encrypted backups: the pg_dump stream through AES-256-GCM, never a clear copy on disk.
 *
 *   header (45 bytes)  "UTVGBAK1" | kdf (1: key, 2: scrypt passphrase) | salt (16) | nonce (12) | reserved (8, zero)
 *   ciphertext
 *   tag (16 bytes)
 *
 * The header is the GCM's additional data, so a changed header fails like a changed byte of the
 * dump. The key is BACKUP_ENCRYPTION_KEY (32 bytes) or scrypt(passphrase, salt) from a passphrase
 * file — never an argument on a command line, which every user of the machine can read.
 * A restore reads the whole file once to check its tag before anything is dropped, then decrypts
 * it again straight into pg_restore.
 */
export const MAGIC = Buffer.from('UTVGBAK1');
const HEADER_LENGTH = MAGIC.length + 1 + 16 + 12 + 8;
const TAG_LENGTH = 16;
const KDF_KEY = 1;
const KDF_SCRYPT = 2;
// scrypt N=2^15, r=8: about 32 MiB and a tenth of a second; a backup is made and restored rarely.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export type BackupSecret = { kind: 'key'; key: Buffer } | { kind: 'passphrase'; passphrase: string };

export class BackupDecryptionError extends Error {}

/** The secret from the configuration: the key, or the passphrase file's content (its first line). */
export async function backupSecretOf(backup: { encryptionKey: Buffer | undefined; passphraseFile: string | undefined }): Promise<BackupSecret | undefined> {
  if (backup.encryptionKey) return { kind: 'key', key: backup.encryptionKey };
  if (!backup.passphraseFile) return undefined;
  const passphrase = (await fs.readFile(backup.passphraseFile, 'utf8')).split(/\r?\n/)[0]!;
  if (passphrase.length < 12) throw new Error(`The passphrase in ${backup.passphraseFile} is shorter than 12 characters`);
  return { kind: 'passphrase', passphrase };
}

function scrypt(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(passphrase, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

async function keyFor(secret: BackupSecret, kdf: number, salt: Buffer): Promise<Buffer> {
  if (kdf === KDF_KEY) {
    if (secret.kind !== 'key') throw new BackupDecryptionError('This backup is encrypted under a key: set BACKUP_ENCRYPTION_KEY');
    return secret.key;
  }
  if (kdf === KDF_SCRYPT) {
    if (secret.kind !== 'passphrase') throw new BackupDecryptionError('This backup is encrypted under a passphrase: set BACKUP_PASSPHRASE_FILE');
    return scrypt(secret.passphrase, salt);
  }
  throw new BackupDecryptionError('Unknown key derivation in the backup header');
}

/** A stream that encrypts what passes through it: the header first, the tag last. */
export async function encryptingStream(secret: BackupSecret): Promise<Transform> {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const kdf = secret.kind === 'key' ? KDF_KEY : KDF_SCRYPT;
  const header = Buffer.concat([MAGIC, Buffer.from([kdf]), salt, nonce, Buffer.alloc(8)]);
  const cipher = createCipheriv('aes-256-gcm', await keyFor(secret, kdf, salt), nonce) as CipherGCM;
  cipher.setAAD(header);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!started) {
        started = true;
        this.push(header);
      }
      cb(null, cipher.update(chunk));
    },
    flush(cb: TransformCallback) {
      if (!started) this.push(header);
      this.push(cipher.final());
      cb(null, cipher.getAuthTag());
    },
  });
}

/** Whether a file is an encrypted backup (by its first bytes). */
export async function isEncryptedBackup(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/**
 * A decipher for an encrypted backup file, with the byte range of its ciphertext. The tag is set
 * before any byte is decrypted, so `final()` throws when anything in the file was changed.
 */
export async function openEncryptedBackup(file: string, secret: BackupSecret): Promise<{ decipher: DecipherGCM; start: number; end: number }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < HEADER_LENGTH + TAG_LENGTH) throw new BackupDecryptionError('The backup file is too short to be an encrypted backup');
    const header = Buffer.alloc(HEADER_LENGTH);
    await handle.read(header, 0, HEADER_LENGTH, 0);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupDecryptionError('Not an encrypted Utväg backup');
    const kdf = header[MAGIC.length]!;
    const salt = header.subarray(MAGIC.length + 1, MAGIC.length + 17);
    const nonce = header.subarray(MAGIC.length + 17, MAGIC.length + 29);
    const tag = Buffer.alloc(TAG_LENGTH);
    await handle.read(tag, 0, TAG_LENGTH, size - TAG_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', await keyFor(secret, kdf, salt), nonce) as DecipherGCM;
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    return { decipher, start: HEADER_LENGTH, end: size - TAG_LENGTH - 1 };
  } finally {
    await handle.close();
  }
}

/** Reads the whole encrypted file and checks its tag, keeping nothing: the wrong key or a changed byte throws. */
export async function verifyEncryptedBackup(file: string, secret: BackupSecret): Promise<void> {
  const { decipher, start, end } = await openEncryptedBackup(file, secret);
  const { createReadStream } = await import('node:fs');
  for await (const chunk of createReadStream(file, { start, end })) decipher.update(chunk as Buffer);
  try {
    decipher.final();
  } catch {
    throw new BackupDecryptionError('The backup could not be decrypted: the key or passphrase is wrong, or the file was changed or cut short');
  }
}
