import * as client from 'openid-client';
import type { Config } from '../config.ts';

/**
 * Sign-in through the municipality's OpenID Connect provider (authorization code flow with PKCE).
 * The provider proves who the person is; Utväg still decides what they may do: the account and its
 * roles must exist here, linked by an administrator to the identity (issuer and subject). A username
 * claim never binds an identity to an account: whoever can set a name at the provider could take over
 * the account with that name.
 */
export interface OidcFlow {
  authorizationUrl: string;
  state: string;
  nonce: string;
  verifier: string;
}

type OidcConfig = NonNullable<Config['oidc']>;

let cached: { key: string; config: Promise<client.Configuration> } | undefined;

function configurationFor(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}|${oidc.clientId}`;
  if (!cached || cached.key !== key) {
    const config = client
      .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, {
        execute: oidc.allowInsecure ? [client.allowInsecureRequests] : [],
      })
      .catch((err: unknown) => {
        cached = undefined; // try discovery again next time
        throw err;
      });
    cached = { key, config };
  }
  return cached.config;
}

export function redirectUri(publicUrl: string): string {
  return `${publicUrl}/api/auth/oidc/callback`;
}

export async function beginOidc(oidc: OidcConfig, publicUrl: string): Promise<OidcFlow> {
  const config = await configurationFor(oidc);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(publicUrl),
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // A hint to the provider which assurance Utväg will require (voluntary; the answer is checked).
    ...(oidc.requiredAcr.length > 0 ? { acr_values: oidc.requiredAcr.join(' ') } : {}),
  });
  return { authorizationUrl: url.href, state, nonce, verifier };
}

export interface OidcIdentity {
  /** The issuer of the ID token (checked by openid-client to be the configured one). */
  issuer: string;
  /** Unique only together with the issuer. */
  subject: string;
  /** Only for the message to a person whose identity is not linked yet; never binds anything. */
  username: string | undefined;
  acr: string | undefined;
  amr: string[];
}

/**
 * Whether the provider proved a second factor Utväg accepts: an `acr` of the configured list, or an
 * `amr` with one of the configured methods. 'not-configured': Utväg's own TOTP step must follow.
 */
export function providerMfa(oidc: Pick<OidcConfig, 'requiredAcr' | 'requiredAmr'>, identity: Pick<OidcIdentity, 'acr' | 'amr'>): 'proved' | 'missing' | 'not-configured' {
  if (oidc.requiredAcr.length === 0 && oidc.requiredAmr.length === 0) return 'not-configured';
  if (identity.acr !== undefined && oidc.requiredAcr.includes(identity.acr)) return 'proved';
  if (identity.amr.some((m) => oidc.requiredAmr.includes(m))) return 'proved';
  return 'missing';
}

export async function completeOidc(
  oidc: OidcConfig,
  callbackUrl: URL,
  flow: Pick<OidcFlow, 'state' | 'nonce' | 'verifier'>,
): Promise<OidcIdentity> {
  const config = await configurationFor(oidc);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  let username = claims[oidc.usernameClaim];
  // A conforming provider puts scope-requested claims (preferred_username is a 'profile' claim) in
  // the UserInfo response, not in the ID token; ask there, for the same subject, when it is missing.
  if (username === undefined && config.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    username = info[oidc.usernameClaim];
  }
  return {
    issuer: claims.iss,
    subject: claims.sub,
    username: typeof username === 'string' ? username : undefined,
    acr: typeof claims.acr === 'string' ? claims.acr : undefined,
    amr: Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : [],
  };
}
