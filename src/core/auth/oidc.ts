import * as client from 'openid-client';
import type { Config } from '../config.ts';

/**
 * Sign-in through the municipality's OpenID Connect provider (authorization code flow with PKCE).
 * The provider proves who the person is; Utväg still decides what they may do: the account and its
 * roles must exist here, matched by subject or, the first time, by the configured username claim.
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
  });
  return { authorizationUrl: url.href, state, nonce, verifier };
}

export interface OidcIdentity {
  subject: string;
  username: string | undefined;
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
  // The subject is only unique per issuer.
  return { subject: `${oidc.issuer}#${claims.sub}`, username: typeof username === 'string' ? username : undefined };
}
