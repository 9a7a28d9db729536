import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * All configuration comes from environment variables and is validated once at start.
 * A bad value stops the start with one line naming the variable (see `loadConfig`).
 */
const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// zod's own "expected number, received NaN" does not tell an operator what to write.
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `must be a whole number from ${min}` + (max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : '') })
    .int(`must be a whole number`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const aesKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)')
  .transform((v) => Buffer.from(v, 'base64'))
  .refine((b) => b.length === 32, 'must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');

/** A comma-separated list of `acr`/`amr` values: printable, no spaces, none empty. */
const oidcValueList = z.string().transform((v, ctx) => {
  const values = v.split(',').map((x) => x.trim());
  if (values.length === 0 || values.some((x) => !/^[\x21-\x7e]+$/.test(x) || x.includes(','))) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of values without spaces, none empty' });
    return z.NEVER;
  }
  return [...new Set(values)];
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: wholeNumber(0, 65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    UTVAG_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: wholeNumber(1, 200).default(20),
    EMBEDDED_PG_PORT: wholeNumber(1024, 65535).default(54329),
    SESSION_IDLE_MINUTES: wholeNumber(1, 24 * 60).default(15),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RUN_JOBS: boolFromEnv.default(true),
    RETENTION_CRON: z.string().min(9).default('15 2 * * *'),
    AUDIT_CHECKPOINT_MINUTES: wholeNumber(1, 24 * 60).default(10),
    LOGIN_RATE_LIMIT_PER_MINUTE: wholeNumber(1).default(20),
    PUBLIC_RATE_LIMIT_PER_MINUTE: wholeNumber(1).default(120),
    // Behind a load balancer every request comes from its address, and the rate limits would count
    // all callers as one. Trust X-Forwarded-For only from the proxies named here.
    TRUST_PROXY: z
      .string()
      .refine(
        (v) => v === 'true' || v === 'false' || v.split(',').every((a) => isIP(a.trim().split('/')[0]!) !== 0),
        'must be true, false, or a comma-separated list of the proxies’ addresses (IP or CIDR)',
      )
      .transform((v) => (v === 'true' ? true : v === 'false' ? false : v.split(',').map((a) => a.trim())))
      .default(false),
    CHAT_VISITOR_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    CHAT_COUNSELLOR_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    CHAT_SYNCHRONOUS_COMMIT: z.enum(['on', 'off']).default('on'),
    // Below the 90 s after which a console nobody refreshed counts as gone.
    CHAT_PRESENCE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
    // Waiting chats per queue; a visitor beyond it is told the chat is busy (at most 100: the lists are cut at 500).
    CHAT_QUEUE_CAP: wholeNumber(1, 100).default(30),
    // AES-256-GCM key for TOTP secrets at rest: 32 bytes, base64. Older keys (comma-separated) are
    // only read from, while `npm run rotate-totp-key` re-encrypts under the new one.
    TOTP_ENCRYPTION_KEY: aesKey.optional(),
    TOTP_ENCRYPTION_KEY_PREVIOUS: z
      .string()
      .transform((v, ctx) => v.split(',').map((k) => k.trim()).filter(Boolean).map((k) => aesKey.safeParse(k)).flatMap((r) => {
        if (r.success) return [r.data];
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of 32-byte keys in base64' });
        return [];
      }))
      .optional(),
    // Backups (`npm run backup`) are encrypted (AES-256-GCM) under this key when it is set (32 bytes,
    // base64), or under a key derived (scrypt) from the passphrase in this file; never on a command line.
    BACKUP_ENCRYPTION_KEY: aesKey.optional(),
    BACKUP_PASSPHRASE_FILE: z.string().min(1).optional(),
    // A stop (SIGINT/SIGTERM) that has not finished after this many seconds ends the process with
    // exit code 1, after logging what had not stopped.
    STOP_DEADLINE_SECONDS: wholeNumber(1, 600).default(30),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
    OIDC_ALLOW_INSECURE_ISSUER: boolFromEnv.default(false),
    // The provider's proof of a second factor, when Utväg relies on it instead of its own TOTP step:
    // an `acr` of this list, or an `amr` with one of these methods (e.g. mfa,otp,hwk). Comma-separated.
    // When neither is set, an OIDC sign-in is followed by Utväg's own TOTP code.
    OIDC_REQUIRED_ACR: oidcValueList.optional(),
    OIDC_REQUIRED_AMR: oidcValueList.optional(),
    // The online ads register: phone numbers and e-mail addresses are stored only as HMACs under this key.
    ADS_REGISTER_ENABLED: boolFromEnv.default(false),
    ADS_HMAC_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    // Statistics: counts under this are shown as "<N"; the national export's pseudonymous key is an HMAC under this secret.
    STATISTICS_SUPPRESSION_THRESHOLD: wholeNumber(2, 100).default(5),
    STATISTICS_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((env, ctx) => {
    const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
    const set = oidc.filter((k) => env[k] !== undefined);
    if (set.length > 0 && set.length < oidc.length) {
      for (const k of oidc.filter((k) => env[k] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: 'must be set when any OIDC_* variable is set' });
      }
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && !env.TOTP_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TOTP_ENCRYPTION_KEY'], message: 'is required in production' });
    }
    // Tokens fetched over plain HTTP could be read or swapped on the way: only for tests and development.
    if ((env.OIDC_REQUIRED_ACR || env.OIDC_REQUIRED_AMR) && !env.OIDC_ISSUER) {
      for (const k of ['OIDC_REQUIRED_ACR', 'OIDC_REQUIRED_AMR'] as const) {
        if (env[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'needs OIDC_ISSUER' });
      }
    }
    if (env.BACKUP_ENCRYPTION_KEY && env.BACKUP_PASSPHRASE_FILE) {
      ctx.addIssue({ code: 'custom', path: ['BACKUP_PASSPHRASE_FILE'], message: 'must not be set together with BACKUP_ENCRYPTION_KEY (choose one)' });
    }
    if (env.ADS_REGISTER_ENABLED && !env.ADS_HMAC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ADS_HMAC_KEY'], message: 'is required when ADS_REGISTER_ENABLED is true' });
    }
    if (env.NODE_ENV === 'production' && env.OIDC_ALLOW_INSECURE_ISSUER) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ALLOW_INSECURE_ISSUER'], message: 'must not be true in production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: { kind: 'external'; url: string } | { kind: 'embedded'; dir: string; port: number };
  poolSize: number;
  sessionIdleMinutes: number;
  sessionSecret: string | undefined;
  /** The key TOTP secrets are encrypted under; absent in development (then a key file in the data folder). */
  totpEncryptionKey: Buffer | undefined;
  /** Older keys, only decrypted with (during a rotation). */
  totpPreviousKeys: Buffer[];
  logLevel: Env['LOG_LEVEL'];
  /** Backups are encrypted under this key (or one derived from the passphrase file's content) when set. */
  backup: { encryptionKey: Buffer | undefined; passphraseFile: string | undefined };
  /** How long a stop may take before the process gives up and exits with 1. */
  stopDeadlineSeconds: number;
  runJobs: boolean;
  retentionCron: string;
  /** How often the sealer writes a signed checkpoint of the chain head outside the database. */
  auditCheckpointMinutes: number;
  loginRateLimitPerMinute: number;
  publicRateLimitPerMinute: number;
  trustProxy: boolean | string[];
  chat: {
    /** A visitor whose socket closed is gone after this (closing the tab ends the chat). */
    visitorGraceSeconds: number;
    /** A counsellor whose last console closed has their chats returned to the queue after this. */
    counsellorGraceSeconds: number;
    /**
     * 'on' (default): a chat message is acknowledged only after its WAL flush, like every other write.
     * 'off' trades the last fraction of a second of messages on a database-server crash for latency.
     */
    synchronousCommit: boolean;
    /** How often each instance refreshes its consoles' presence and returns the chats of consoles on dead instances. */
    presenceSweepSeconds: number;
    /** Waiting chats per queue; the next visitor is told the chat is busy and may leave a message. */
    queueCap: number;
  };
  /** The online ads register; the HMAC key lives only here, never in the database. */
  ads: { enabled: boolean; hmacKey: string | undefined };
  /** Small counts are suppressed under the threshold; the national export's key is an HMAC under the secret (never in the database). */
  statistics: { threshold: number; keySecret: string | undefined };
  oidc:
    | {
        issuer: string;
        clientId: string;
        clientSecret: string;
        usernameClaim: string;
        allowInsecure: boolean;
        /** The provider's second factor Utväg accepts; both empty: Utväg's own TOTP step follows. */
        requiredAcr: string[];
        requiredAmr: string[];
      }
    | undefined;
}

export class ConfigError extends Error {}

/** Validates the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `Invalid configuration: ${String(i.path[0] ?? '?')} ${i.message}`);
    throw new ConfigError(lines.join('\n'));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.UTVAG_DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'external', url: e.DATABASE_URL }
      : { kind: 'embedded', dir: path.join(dataDir, 'postgres'), port: e.EMBEDDED_PG_PORT },
    poolSize: e.DATABASE_POOL_SIZE,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionSecret: e.SESSION_SECRET,
    totpEncryptionKey: e.TOTP_ENCRYPTION_KEY,
    totpPreviousKeys: e.TOTP_ENCRYPTION_KEY_PREVIOUS ?? [],
    logLevel: e.LOG_LEVEL,
    backup: { encryptionKey: e.BACKUP_ENCRYPTION_KEY, passphraseFile: e.BACKUP_PASSPHRASE_FILE ? path.resolve(e.BACKUP_PASSPHRASE_FILE) : undefined },
    stopDeadlineSeconds: e.STOP_DEADLINE_SECONDS,
    runJobs: e.RUN_JOBS,
    retentionCron: e.RETENTION_CRON,
    auditCheckpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    publicRateLimitPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    chat: {
      visitorGraceSeconds: e.CHAT_VISITOR_GRACE_SECONDS,
      counsellorGraceSeconds: e.CHAT_COUNSELLOR_GRACE_SECONDS,
      synchronousCommit: e.CHAT_SYNCHRONOUS_COMMIT === 'on',
      presenceSweepSeconds: e.CHAT_PRESENCE_SWEEP_SECONDS,
      queueCap: e.CHAT_QUEUE_CAP,
    },
    ads: { enabled: e.ADS_REGISTER_ENABLED, hmacKey: e.ADS_HMAC_KEY },
    statistics: { threshold: e.STATISTICS_SUPPRESSION_THRESHOLD, keySecret: e.STATISTICS_KEY_SECRET },
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            usernameClaim: e.OIDC_USERNAME_CLAIM,
            allowInsecure: e.OIDC_ALLOW_INSECURE_ISSUER,
            requiredAcr: e.OIDC_REQUIRED_ACR ?? [],
            requiredAmr: e.OIDC_REQUIRED_AMR ?? [],
          }
        : undefined,
  };
}
