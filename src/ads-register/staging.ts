import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * An uploaded file waits in the database for its import job (any instance's runner may take it),
 * sealed: gzip, then AES-256-GCM under a key derived from ADS_HMAC_KEY, which is configuration and
 * never in the database. So the raw numbers in the file are never readable from the database, its
 * backups or its logs; the job deletes the sealed file in the transaction that stores the import.
 */
function stagingKey(hmacKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', hmacKey, 'utvag', 'ads import staging v1', 32));
}

export function sealImportFile(hmacKey: string, content: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', stagingKey(hmacKey), iv);
  const body = Buffer.concat([cipher.update(gzipSync(content)), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the file was sealed under another key or changed. */
export function openImportFile(hmacKey: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', stagingKey(hmacKey), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return gunzipSync(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()])).toString('utf8');
}
