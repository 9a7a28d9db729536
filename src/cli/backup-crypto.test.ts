import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSecretOf, encryptingStream, isEncryptedBackup, openEncryptedBackup, verifyEncryptedBackup, type BackupSecret } from './backup-crypto.ts';

describe('encrypted backup files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-backup-crypto-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  // A fictional "dump" with a name and a personnummer in it, long enough for several stream chunks.
  const clear = Buffer.concat([Buffer.from('PGDMP Fiktiv Persson 19900101-0017 '), randomBytes(300_000), Buffer.from(' slut')]);

  async function encryptTo(file: string, secret: BackupSecret) {
    await pipeline(Readable.from([clear.subarray(0, 70_000), clear.subarray(70_000)]), await encryptingStream(secret), createWriteStream(file));
  }
  async function decrypt(file: string, secret: BackupSecret): Promise<Buffer> {
    const { decipher, start, end } = await openEncryptedBackup(file, secret);
    const parts: Buffer[] = [];
    for await (const chunk of createReadStream(file, { start, end }).pipe(decipher)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  it.each([
    ['a key', { kind: 'key', key: randomBytes(32) } as BackupSecret],
    ['a passphrase', { kind: 'passphrase', passphrase: 'en lång fiktiv lösenfras' } as BackupSecret],
  ])('under %s: no clear text in the file, and it decrypts to what went in', async (_name, secret) => {
    const file = path.join(dir, `backup-${secret.kind}.enc`);
    await encryptTo(file, secret);
    const stored = await fs.readFile(file);
    expect(stored.includes(Buffer.from('Fiktiv Persson'))).toBe(false);
    expect(stored.includes(Buffer.from('19900101-0017'))).toBe(false);
    expect(stored.includes(Buffer.from('PGDMP'))).toBe(false);
    expect(await isEncryptedBackup(file)).toBe(true);
    await verifyEncryptedBackup(file, secret);
    expect((await decrypt(file, secret)).equals(clear)).toBe(true);
  });

  it('refuses the wrong key, the wrong kind of secret, a changed byte, a changed header and a cut tail', async () => {
    const secret: BackupSecret = { kind: 'key', key: randomBytes(32) };
    const file = path.join(dir, 'tamper.enc');
    await encryptTo(file, secret);
    await expect(verifyEncryptedBackup(file, { kind: 'key', key: randomBytes(32) })).rejects.toThrow(/could not be decrypted/);
    await expect(verifyEncryptedBackup(file, { kind: 'passphrase', passphrase: 'en lång fiktiv lösenfras' })).rejects.toThrow(/BACKUP_ENCRYPTION_KEY/);
    const original = await fs.readFile(file);
    for (const [what, changed] of [
      ['a byte in the middle', (b: Buffer) => (b[100_000]! ^= 1)],
      ['the nonce in the header', (b: Buffer) => (b[30]! ^= 1)],
      ['the reserved header bytes', (b: Buffer) => (b[40]! ^= 1)],
    ] as const) {
      const copy = Buffer.from(original);
      changed(copy);
      await fs.writeFile(file, copy);
      await expect(verifyEncryptedBackup(file, secret), what).rejects.toThrow(/could not be decrypted/);
    }
    await fs.writeFile(file, original.subarray(0, original.length - 1000));
    await expect(verifyEncryptedBackup(file, secret)).rejects.toThrow(/could not be decrypted/);
    await fs.writeFile(file, original);
    await verifyEncryptedBackup(file, secret);
  });

  it('reads the passphrase from the first line of its file and refuses a short one', async () => {
    const file = path.join(dir, 'passphrase');
    await fs.writeFile(file, 'en lång fiktiv lösenfras\n', { mode: 0o600 });
    expect(await backupSecretOf({ encryptionKey: undefined, passphraseFile: file })).toEqual({ kind: 'passphrase', passphrase: 'en lång fiktiv lösenfras' });
    await fs.writeFile(file, 'kort\n');
    await expect(backupSecretOf({ encryptionKey: undefined, passphraseFile: file })).rejects.toThrow(/shorter than 12/);
    expect(await backupSecretOf({ encryptionKey: undefined, passphraseFile: undefined })).toBeUndefined();
  });
});
