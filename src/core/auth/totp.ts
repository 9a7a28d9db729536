import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

const ISSUER = 'Utväg';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function enrolmentDetails(secret: string, username: string): Promise<{ uri: string; qrDataUrl: string }> {
  const uri = generateURI({ issuer: ISSUER, label: username, secret });
  return { uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * Checks a code, allowing one step of clock drift, and refuses a code whose time step was
 * already used (replay). Returns the time step to remember, or null.
 */
export async function checkTotp(secret: string, code: string, lastUsedStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastUsedStep !== null ? { afterTimeStep: lastUsedStep } : {}),
  }).catch(() => ({ valid: false as const }));
  if (!result.valid) return null;
  return (result as { timeStep: number }).timeStep;
}

/** The current code for a secret: used by the demo helper command and by tests. */
export function currentTotp(secret: string): Promise<string> {
  return generate({ secret });
}
