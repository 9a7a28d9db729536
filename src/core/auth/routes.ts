import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../audit-log/audit.ts';
import { permissionsOf } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { callerOf } from '../http/context.ts';
import type { App, AppDeps } from '../http/server.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import { createSession, CSRF_COOKIE, endAllSessions, endSession, PENDING_COOKIE, SESSION_COOKIE } from './sessions.ts';
import { checkTotp, enrolmentDetails, newTotpSecret } from './totp.ts';
import { delayMsAfter, throttleKeys } from './throttle.ts';
import {
  claimPendingSignIn,
  clearFailures,
  createPendingSignIn,
  findPendingSignIn,
  findUserForOidc,
  findUserForSignIn,
  lockedMinutes,
  recordFailure,
  setOwnPassword,
  useTotpStep,
  type PendingStage,
  type ThrottleSlot,
} from './store.ts';
import { beginOidc, completeOidc, providerMfa, type OidcIdentity } from './oidc.ts';
import { CodeIn, Enrolment, InitialPasswordIn, Me, NextStep, OidcCallbackQuery, OidcFlowCookie, Options, OwnPasswordIn, SignedOutEverywhere, SignInIn } from './schema.ts';

const cookieBase = { httpOnly: true, secure: true, sameSite: 'strict' as const, path: '/' };
const SIGN_IN_LIMIT = (deps: AppDeps) => ({ max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' });
/** Sign-in's own audit entries come before there is a caller: nobody is signed in yet. */
const NOBODY = { userId: null, role: null, unitId: null };

function signInFailed(): AppError {
  return new AppError(401, 'signInFailed');
}

function assertNewPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError(400, 'weakPassword');
}

/**
 * The end of every sign-in: the pending sign-in is taken (of parallel requests only one gets
 * it), a session made and audited, and the CSRF secret rotated, so a token fixed before the
 * sign-in (login CSRF, a shared computer) is worth nothing after it.
 */
async function finishSignIn(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, userId: string, method: string, pendingId: string | null) {
  const token = await deps.db.transaction().execute(async (tx) => {
    if (pendingId !== null && !(await claimPendingSignIn(tx, pendingId))) throw new AppError(401, 'signInExpired');
    await tx.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
    const t = await createSession(tx, userId);
    await writeAudit(tx, { userId, role: null, unitId: null }, { action: 'sign_in', recordType: 'user', recordId: userId, purpose: 'sign-in', details: { method } });
    return t;
  });
  reply.clearCookie(PENDING_COOKIE, { path: '/' });
  reply.setCookie(SESSION_COOKIE, token, cookieBase);
  delete request.cookies[CSRF_COOKIE];
  reply.generateCsrf();
}

export function registerAuthRoutes(app: App, deps: AppDeps) {
  const keys = throttleKeys(deps.sessionSecret);
  const slotOf = (request: FastifyRequest, username: string): ThrottleSlot => ({ usernameKey: keys.username(username), clientKey: keys.client(request.ip) });
  const assertNotLocked = async (slot: ThrottleSlot) => {
    const locked = await lockedMinutes(deps.db, slot);
    if (locked > 0) throw new AppError(429, 'signInLocked', { minutes: locked });
  };

  /**
   * A failed attempt: counted for this username from this client, audited (the account when it
   * exists; for a name no account has, only its keyed hash — never the typed name, never the
   * password, never the address), answered after a delay that grows with the failures.
   */
  const failSignIn = async (slot: ThrottleSlot, userId: string | null, stage: PendingStage | 'password-check'): Promise<never> => {
    const failures = await recordFailure(deps.db, slot);
    await deps.db.transaction().execute((tx) =>
      writeAudit(tx, NOBODY, {
        action: 'sign_in_failed',
        recordType: 'user',
        recordId: userId,
        purpose: 'sign-in',
        details: { stage, ...(userId ? {} : { unknownAccount: true, usernameKey: slot.usernameKey }) },
      }),
    );
    const delay = delayMsAfter(failures);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    throw signInFailed();
  };

  const openSecret = (request: FastifyRequest, sealed: string | null): string | null => {
    if (!sealed) return null;
    try {
      return deps.totpKeys.open(sealed);
    } catch (err) {
      request.log.warn({ reason: (err as Error).message }, 'a stored TOTP secret could not be decrypted');
      return null;
    }
  };

  /** After the second factor: a one-time password is changed before there is a session. */
  const afterSecondFactor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    pending: { id: string; user_id: string; must_change_password: boolean; method: 'password' | 'oidc' },
    from: PendingStage,
    secondFactor: 'totp' | 'totp-enrolment',
  ) => {
    const method = `${pending.method}+${secondFactor}`;
    // After an OIDC sign-in no password was used: a one-time password waits for a password sign-in.
    if (!pending.must_change_password || pending.method === 'oidc') {
      await finishSignIn(deps, request, reply, pending.user_id, method, pending.id);
      return { next: 'done' as const };
    }
    const moved = await deps.db.updateTable('pending_sign_ins').set({ stage: 'password' }).where('id', '=', pending.id).where('stage', '=', from).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError(401, 'signInExpired');
    return { next: 'password' as const };
  };

  app.route({
    method: 'GET',
    url: '/api/auth/options',
    config: { access: 'public' },
    schema: { summary: 'Which sign-in methods are offered', response: { 200: Options } },
    handler: async () => ({ oidc: Boolean(deps.config.oidc), ...(deps.config.oidc ? { oidcIssuer: deps.config.oidc.issuer } : {}) }),
  });

  app.route({
    method: 'POST',
    url: '/api/auth/sign-in',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: {
      summary: 'First step of sign-in: username and password',
      body: SignInIn,
      response: { 200: NextStep },
    },
    handler: async (request, reply) => {
      const { username, password } = request.body;
      const slot = slotOf(request, username);
      await assertNotLocked(slot);
      const user = await findUserForSignIn(deps.db, username);
      const ok = await verifyPassword(user?.password_hash, password);
      if (!user || !ok) return failSignIn(slot, user?.id ?? null, 'password-check');
      // Failures are cleared only when the whole sign-in succeeds: clearing them here would let
      // someone who has the password guess TOTP codes without ever being locked out.
      const stage = user.totp_enabled_at ? ('totp' as const) : ('enrol' as const);
      const token = await createPendingSignIn(deps.db, user.id, stage);
      reply.setCookie(PENDING_COOKIE, token, { ...cookieBase, maxAge: 600 });
      return { next: stage };
    },
  });

  const pendingOrFail = async (token: string | undefined, stage: PendingStage) => {
    const pending = token ? await findPendingSignIn(deps.db, token) : undefined;
    if (!pending || pending.stage !== stage) throw new AppError(401, 'signInExpired');
    return pending;
  };

  app.route({
    method: 'POST',
    url: '/api/auth/totp',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: { summary: 'Second step: the code from the authenticator app', body: CodeIn, response: { 200: NextStep } },
    handler: async (request, reply) => {
      const pending = await pendingOrFail(request.cookies[PENDING_COOKIE], 'totp');
      const slot = slotOf(request, pending.username);
      await assertNotLocked(slot);
      const secret = openSecret(request, pending.totp_secret);
      const step = secret ? await checkTotp(secret, request.body.code.trim(), pending.totp_last_step) : null;
      // The step is taken only if it is later than the last one used: parallel requests with one
      // code find it taken by the first, and are refused like a replay.
      if (step === null || !(await useTotpStep(deps.db, pending.user_id, step))) return failSignIn(slot, pending.user_id, 'totp');
      await clearFailures(deps.db, slot);
      return afterSecondFactor(request, reply, pending, 'totp', 'totp');
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/enrol/start',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: {
      summary: 'Start TOTP enrolment after the first password sign-in: returns the QR code',
      response: { 200: Enrolment },
    },
    handler: async (request) => {
      const pending = await pendingOrFail(request.cookies[PENDING_COOKIE], 'enrol');
      const secret = newTotpSecret();
      await deps.db.updateTable('pending_sign_ins').set({ candidate_secret: deps.totpKeys.seal(secret) }).where('id', '=', pending.id).execute();
      return { ...(await enrolmentDetails(secret, pending.username)), secret };
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/enrol/confirm',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: { summary: 'Confirm TOTP enrolment with a first code', body: CodeIn, response: { 200: NextStep } },
    handler: async (request, reply) => {
      const pending = await pendingOrFail(request.cookies[PENDING_COOKIE], 'enrol');
      const candidate = openSecret(request, pending.candidate_secret);
      const step = candidate ? await checkTotp(candidate, request.body.code.trim(), null) : null;
      if (step === null) throw new AppError(400, 'totpInvalid');
      await deps.db
        .updateTable('users')
        .set({ totp_secret: pending.candidate_secret, totp_enabled_at: new Date(), totp_last_step: step })
        .where('id', '=', pending.user_id)
        .execute();
      await clearFailures(deps.db, slotOf(request, pending.username));
      return afterSecondFactor(request, reply, pending, 'enrol', 'totp-enrolment');
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/initial-password',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: {
      summary: 'Last step of a sign-in with a one-time password: the person chooses their own',
      body: InitialPasswordIn,
      response: { 200: NextStep },
    },
    handler: async (request, reply) => {
      const pending = await pendingOrFail(request.cookies[PENDING_COOKIE], 'password');
      const { newPassword } = request.body;
      assertNewPassword(newPassword);
      if (await verifyPassword(pending.password_hash, newPassword)) throw new AppError(400, 'passwordUnchanged');
      await setOwnPassword(deps.db, pending.user_id, await hashPassword(newPassword));
      await finishSignIn(deps, request, reply, pending.user_id, 'password+totp+new-password', pending.id);
      return { next: 'done' as const };
    },
  });

  app.route({
    method: 'GET',
    url: '/api/auth/me',
    config: { access: 'signed-in' },
    schema: { summary: 'The signed-in user, their roles and permissions', response: { 200: Me } },
    handler: async (request) => {
      const { user } = callerOf(request);
      const unitIds = user.grants.flatMap((g) => (g.unitId ? [g.unitId] : []));
      const units = unitIds.length === 0 ? [] : await deps.db.selectFrom('units').select(['id', 'name', 'kind']).where('id', 'in', unitIds).execute();
      const unit = new Map(units.map((u) => [u.id, u]));
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        kind: user.kind,
        grants: user.grants.map((g) => ({ ...g, unitName: (g.unitId && unit.get(g.unitId)?.name) ?? null, unitKind: (g.unitId && unit.get(g.unitId)?.kind) ?? null })),
        permissions: permissionsOf(user.grants),
        idleMinutes: deps.config.sessionIdleMinutes,
      };
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/sign-out',
    config: { access: 'signed-in' },
    schema: { summary: 'End this session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        await endSession(tx, caller.user.sessionId);
        await audit({ action: 'sign_out', recordType: 'user', recordId: caller.user.id, details: { sessions: 'this' } });
      });
      deps.sessions.forgetUser(caller.user.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/sign-out-everywhere',
    config: { access: 'signed-in' },
    schema: { summary: 'End every session of the signed-in user', response: { 200: SignedOutEverywhere } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const ended = await caller.transaction(async (tx, audit) => {
        const n = await endAllSessions(tx, caller.user.id);
        await audit({ action: 'sign_out', recordType: 'user', recordId: caller.user.id, details: { sessions: 'all', ended: n } });
        return n;
      });
      deps.sessions.forgetUser(caller.user.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ended };
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/password',
    config: { access: 'signed-in', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: {
      summary: 'Change one’s own password (the current one is asked for); ends one’s other sessions',
      body: OwnPasswordIn,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const { currentPassword, newPassword } = request.body;
      const row = await deps.db.selectFrom('users').select('password_hash').where('id', '=', caller.user.id).executeTakeFirstOrThrow();
      if (!row.password_hash) throw new AppError(400, 'passwordChangeOnlyForPasswordAccounts');
      if (!(await verifyPassword(row.password_hash, currentPassword))) throw new AppError(400, 'passwordWrong');
      assertNewPassword(newPassword);
      if (newPassword === currentPassword) throw new AppError(400, 'passwordUnchanged');
      const passwordHash = await hashPassword(newPassword);
      await caller.transaction(async (tx, audit) => {
        await setOwnPassword(tx, caller.user.id, passwordHash);
        // Whoever knew the old password and signed in with it elsewhere is signed out.
        await tx.deleteFrom('sessions').where('user_id', '=', caller.user.id).where('id', '!=', caller.user.sessionId).execute();
        await audit({ action: 'update', recordType: 'user', recordId: caller.user.id, fields: ['password'], details: { by: 'self' } });
      });
      deps.sessions.forgetUser(caller.user.id);
      return reply.status(204).send(null);
    },
  });

  /** A refused OIDC sign-in, audited with the identity so an administrator can link the right one. */
  const oidcRefused = (userId: string | null, stage: 'oidc-not-linked' | 'oidc-mfa', identity: OidcIdentity) =>
    deps.db.transaction().execute((tx) =>
      writeAudit(tx, NOBODY, {
        action: 'sign_in_failed',
        recordType: 'user',
        recordId: userId,
        purpose: 'sign-in',
        details: { stage, issuer: identity.issuer, subject: identity.subject, ...(stage === 'oidc-mfa' ? { acr: identity.acr ?? null, amr: identity.amr } : {}) },
      }),
    );

  const OIDC_COOKIE = 'utvag_oidc';
  app.route({
    method: 'GET',
    url: '/api/auth/oidc/start',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: { summary: 'Redirect to the municipality identity provider' },
    handler: async (_request, reply) => {
      if (!deps.config.oidc) throw new AppError(404, 'oidcNotConfigured');
      const flow = await beginOidc(deps.config.oidc, deps.config.publicUrl);
      // Lax: the provider sends the browser back with a cross-site redirect.
      reply.setCookie(OIDC_COOKIE, JSON.stringify({ state: flow.state, nonce: flow.nonce, verifier: flow.verifier }), {
        ...cookieBase,
        sameSite: 'lax',
        signed: true,
        maxAge: 600,
      });
      return reply.redirect(flow.authorizationUrl);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/auth/oidc/callback',
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT(deps) },
    schema: {
      summary: 'Return from the identity provider',
      querystring: OidcCallbackQuery,
    },
    handler: async (request, reply) => {
      const oidc = deps.config.oidc;
      if (!oidc) throw new AppError(404, 'oidcNotConfigured');
      const raw = request.cookies[OIDC_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      reply.clearCookie(OIDC_COOKIE, { path: '/' });
      if (!unsigned?.valid || !unsigned.value) return reply.redirect('/logga-in?fel=oidcFailed');
      let identity;
      try {
        const flow = OidcFlowCookie.parse(JSON.parse(unsigned.value));
        const callbackUrl = new URL(request.url, deps.config.publicUrl);
        identity = await completeOidc(oidc, callbackUrl, flow);
      } catch (err) {
        request.log.warn({ err }, 'oidc sign-in failed');
        return reply.redirect('/logga-in?fel=oidcFailed');
      }
      const user = await findUserForOidc(deps.db, identity.issuer, identity.subject);
      if (!user) {
        // Never bound by a username claim: whoever can choose their name at the provider would get
        // the account with that name. An administrator links the identity (organisation).
        const named = identity.username ? await findUserForSignIn(deps.db, identity.username) : undefined;
        await oidcRefused(named?.id ?? null, 'oidc-not-linked', identity);
        return reply.redirect(named ? '/logga-in?fel=oidcNotLinked' : '/logga-in?fel=oidcUnknownUser');
      }
      const mfa = providerMfa(oidc, identity);
      if (mfa === 'missing') {
        await oidcRefused(user.id, 'oidc-mfa', identity);
        return reply.redirect('/logga-in?fel=oidcMfaRequired');
      }
      if (mfa === 'proved') {
        await finishSignIn(deps, request, reply, user.id, 'oidc+provider-mfa', null);
        return reply.redirect('/');
      }
      // The provider's second factor is not relied on: Utväg's own TOTP step follows (or its
      // enrolment), as after a password; no password step follows it.
      const stage = user.totp_enabled_at ? ('totp' as const) : ('enrol' as const);
      const token = await createPendingSignIn(deps.db, user.id, stage, 'oidc');
      reply.setCookie(PENDING_COOKIE, token, { ...cookieBase, maxAge: 600 });
      return reply.redirect(`/logga-in?steg=${stage}`);
    },
  });
}
