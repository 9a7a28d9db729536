import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

/** The error loadConfig throws for an environment, as its lines. */
function rejection(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.split('\n');
  }
  throw new Error(`accepted: ${JSON.stringify(env)}`);
}

/** A 32-byte key in base64 (fictional). */
const KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

describe('loadConfig', () => {
  test('the defaults: embedded database, port 3000, 15-minute idle timeout, no OIDC', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      dataDir: path.resolve('./data'),
      database: { kind: 'embedded', dir: path.resolve('./data/postgres'), port: 54329 },
      poolSize: 20,
      sessionIdleMinutes: 15,
      sessionSecret: undefined,
      logLevel: 'info',
      runJobs: true,
      retentionCron: '15 2 * * *',
      loginRateLimitPerMinute: 20,
      publicRateLimitPerMinute: 120,
      oidc: undefined,
    });
  });

  test('empty values count as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  test('valid values are taken', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      PUBLIC_URL: 'https://utvag.example.se/',
      DATABASE_URL: 'postgresql://owner:pw@db.example.se:5432/utvag',
      SESSION_IDLE_MINUTES: '30',
      SESSION_SECRET: 's'.repeat(32),
      TOTP_ENCRYPTION_KEY: KEY,
      RUN_JOBS: '0',
      OIDC_ISSUER: 'https://idp.example.se/realms/kommun',
      OIDC_CLIENT_ID: 'utvag',
      OIDC_CLIENT_SECRET: 'secret',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://utvag.example.se',
      database: { kind: 'external', url: 'postgresql://owner:pw@db.example.se:5432/utvag' },
      sessionIdleMinutes: 30,
      runJobs: false,
      oidc: { issuer: 'https://idp.example.se/realms/kommun', clientId: 'utvag', clientSecret: 'secret', usernameClaim: 'preferred_username', allowInsecure: false },
    });
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: 'soon' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production', TOTP_ENCRYPTION_KEY: KEY }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }, 'TOTP_ENCRYPTION_KEY'],
    [{ TOTP_ENCRYPTION_KEY: 'dG9vIHNob3J0' }, 'TOTP_ENCRYPTION_KEY'],
    [{ TOTP_ENCRYPTION_KEY: 'not base64 at all!' }, 'TOTP_ENCRYPTION_KEY'],
    [{ TOTP_ENCRYPTION_KEY_PREVIOUS: `${KEY},dG9vIHNob3J0` }, 'TOTP_ENCRYPTION_KEY_PREVIOUS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RUN_JOBS: 'yes' }, 'RUN_JOBS'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ LOGIN_RATE_LIMIT_PER_MINUTE: '0' }, 'LOGIN_RATE_LIMIT_PER_MINUTE'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), TOTP_ENCRYPTION_KEY: KEY, OIDC_ALLOW_INSECURE_ISSUER: 'true' }, 'OIDC_ALLOW_INSECURE_ISSUER'],
  ])('%j is refused with one line naming %s', (env, variable) => {
    const lines = rejection(env);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} \\S`));
  });

  test('the ads register refuses to start without its HMAC key, in one line naming it', () => {
    expect(rejection({ ADS_REGISTER_ENABLED: 'true' })).toEqual(['Invalid configuration: ADS_HMAC_KEY is required when ADS_REGISTER_ENABLED is true']);
    expect(rejection({ ADS_HMAC_KEY: 'short' })).toEqual(['Invalid configuration: ADS_HMAC_KEY must be at least 32 characters']);
    expect(loadConfig({}).ads).toEqual({ enabled: false, hmacKey: undefined });
    expect(loadConfig({ ADS_REGISTER_ENABLED: 'true', ADS_HMAC_KEY: 'k'.repeat(32) }).ads).toEqual({ enabled: true, hmacKey: 'k'.repeat(32) });
  });

  test('TRUST_PROXY: off by default, on, or the proxies’ addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(rejection({ TRUST_PROXY: 'lastbalanseraren.example' })).toEqual([
      'Invalid configuration: TRUST_PROXY must be true, false, or a comma-separated list of the proxies’ addresses (IP or CIDR)',
    ]);
  });

  test('the line says what to write', () => {
    expect(rejection({ PORT: 'abc' })).toEqual(['Invalid configuration: PORT must be a whole number from 0 to 65535']);
    expect(rejection({ SESSION_IDLE_MINUTES: '0' })).toEqual(['Invalid configuration: SESSION_IDLE_MINUTES must be at least 1']);
    expect(rejection({ DATABASE_URL: 'mysql://x' })).toEqual(['Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL']);
    expect(rejection({ NODE_ENV: 'production' })).toEqual([
      'Invalid configuration: SESSION_SECRET is required in production',
      'Invalid configuration: TOTP_ENCRYPTION_KEY is required in production',
    ]);
    expect(rejection({ TOTP_ENCRYPTION_KEY: 'dG9vIHNob3J0' })).toEqual(['Invalid configuration: TOTP_ENCRYPTION_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)']);
  });

  test('a partial OIDC set names each missing variable, one line each', () => {
    expect(rejection({ OIDC_ISSUER: 'https://idp.example.se' })).toEqual([
      'Invalid configuration: OIDC_CLIENT_ID must be set when any OIDC_* variable is set',
      'Invalid configuration: OIDC_CLIENT_SECRET must be set when any OIDC_* variable is set',
    ]);
    expect(rejection({ OIDC_CLIENT_ID: 'utvag', OIDC_CLIENT_SECRET: 'x' })).toEqual([
      'Invalid configuration: OIDC_ISSUER must be set when any OIDC_* variable is set',
    ]);
  });

  test('the provider MFA OIDC requires: comma-separated acr/amr values, validated', () => {
    const base = { OIDC_ISSUER: 'https://idp.example.se', OIDC_CLIENT_ID: 'utvag', OIDC_CLIENT_SECRET: 'x' };
    expect(loadConfig(base).oidc).toMatchObject({ requiredAcr: [], requiredAmr: [] });
    expect(loadConfig({ ...base, OIDC_REQUIRED_AMR: 'mfa, otp,hwk', OIDC_REQUIRED_ACR: 'urn:se:loa:3' }).oidc).toMatchObject({ requiredAcr: ['urn:se:loa:3'], requiredAmr: ['mfa', 'otp', 'hwk'] });
    expect(rejection({ ...base, OIDC_REQUIRED_AMR: 'mfa,,otp' })).toEqual(['Invalid configuration: OIDC_REQUIRED_AMR must be a comma-separated list of values without spaces, none empty']);
    expect(rejection({ ...base, OIDC_REQUIRED_ACR: 'loa 3' })).toEqual(['Invalid configuration: OIDC_REQUIRED_ACR must be a comma-separated list of values without spaces, none empty']);
    expect(rejection({ OIDC_REQUIRED_AMR: 'mfa' })).toEqual(['Invalid configuration: OIDC_REQUIRED_AMR needs OIDC_ISSUER']);
  });

  test('the message never repeats a secret value', () => {
    const lines = rejection({ SESSION_SECRET: 'hemligt-kort', TOTP_ENCRYPTION_KEY: 'aGVtbGlndGtvcnQ=' });
    expect(lines.join('\n')).not.toContain('hemligt-kort');
    expect(lines.join('\n')).not.toContain('aGVtbGlndGtvcnQ=');
  });
});

describe('the start command', () => {
  test('prints the one line and exits non-zero on a bad value', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'start'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: 'abc' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr.trim().split('\n')).toEqual([rejection({ PORT: 'abc' })[0]]);
    expect(stdout).toBe('');
  });
});
