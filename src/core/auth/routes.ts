import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.ts';
import { permissionsOf } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { callerOf } from '../http/context.ts';
import type { App, AppDeps } from '../http/server.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, endAllSessions, endSession, PENDING_COOKIE, SESSION_COOKIE } from './sessions.ts';
import { checkTotp, enrolmentDetails, newTotpSecret } from './totp.ts';
import {
  clearFailures,
  createPendingSignIn,
  findPendingSignIn,
  findUserForSignIn,
  lockedMinutes,
  recordFailure,
} from './store.ts';
import { beginOidc, completeOidc } from './oidc.ts';
import { CodeIn, Enrolment, Me, NextStep, OidcCallbackQuery, OidcFlowCookie, Options, SignedOutEverywhere, SignInIn } from './schema.ts';

const cookieBase = { httpOnly: true, secure: true, sameSite: 'strict' as const, path: '/' };
const SIGN_IN_LIMIT = (deps: AppDeps) => ({ max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' });

function signInFailed(): AppError {
  return new AppError(401, 'signInFailed');
}

async function finishSignIn(deps: AppDeps, reply: FastifyReply, userId: string, method: string) {
  const token = await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
    const t = await createSession(tx, userId);
    await writeAudit(tx, { userId, role: null, unitId: null }, { action: 'sign_in', recordType: 'user', recordId: userId, purpose: 'sign-in', details: { method } });
    return t;
  });
  reply.clearCookie(PENDING_COOKIE, { path: '/' });
  reply.setCookie(SESSION_COOKIE, token, cookieBase);
}

export function registerAuthRoutes(app: App, deps: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/auth/options',
    config: { access: 'public' },
    schema: { summary: 'Which sign-in methods are offered', response: { 200: Options } },
    handler: async () => ({ oidc: Boolean(deps.config.oidc) }),
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
      const locked = await lockedMinutes(deps.db, username);
      if (locked > 0) throw new AppError(429, 'signInLocked', { minutes: locked });
      const user = await findUserForSignIn(deps.db, username);
      const ok = await verifyPassword(user?.password_hash, password);
      if (!user || !ok) {
        await recordFailure(deps.db, username);
        throw signInFailed();
      }
      // Failures are cleared only when the whole sign-in succeeds: clearing them here would let
      // someone who has the password guess TOTP codes without ever being locked out.
      const stage = user.totp_enabled_at ? ('totp' as const) : ('enrol' as const);
      const token = await createPendingSignIn(deps.db, user.id, stage);
      reply.setCookie(PENDING_COOKIE, token, { ...cookieBase, maxAge: 600 });
      return { next: stage };
    },
  });

  const pendingOrFail = async (token: string | undefined, stage: 'totp' | 'enrol') => {
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
      const locked = await lockedMinutes(deps.db, pending.username);
      if (locked > 0) throw new AppError(429, 'signInLocked', { minutes: locked });
      const step = pending.totp_secret ? await checkTotp(pending.totp_secret, request.body.code.trim(), pending.totp_last_step) : null;
      if (step === null) {
        await recordFailure(deps.db, pending.username);
        throw signInFailed();
      }
      await deps.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', pending.user_id).execute();
      await clearFailures(deps.db, pending.username);
      await finishSignIn(deps, reply, pending.user_id, 'password+totp');
      return { next: 'done' as const };
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
      await deps.db.updateTable('pending_sign_ins').set({ candidate_secret: secret }).where('id', '=', pending.id).execute();
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
      const step = pending.candidate_secret ? await checkTotp(pending.candidate_secret, request.body.code.trim(), null) : null;
      if (step === null) throw new AppError(400, 'totpInvalid');
      await deps.db
        .updateTable('users')
        .set({ totp_secret: pending.candidate_secret, totp_enabled_at: new Date(), totp_last_step: step })
        .where('id', '=', pending.user_id)
        .execute();
      await clearFailures(deps.db, pending.username);
      await finishSignIn(deps, reply, pending.user_id, 'password+totp-enrolment');
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
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        kind: user.kind,
        grants: user.grants,
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
      await endSession(deps.db, callerOf(request).user.sessionId);
      deps.sessions.forgetUser(callerOf(request).user.id);
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
      const ended = await endAllSessions(deps.db, callerOf(request).user.id);
      deps.sessions.forgetUser(callerOf(request).user.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ended };
    },
  });

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
      const userId = await deps.db.transaction().execute(async (tx) => {
        const bySubject = await tx.selectFrom('users').select('id').where('oidc_subject', '=', identity.subject).where('active', '=', true).executeTakeFirst();
        if (bySubject) return bySubject.id;
        if (!identity.username) return undefined;
        const byName = await tx
          .updateTable('users')
          .set({ oidc_subject: identity.subject })
          .where((eb) => eb(eb.fn('lower', ['username']), '=', identity.username!.toLowerCase()))
          .where('oidc_subject', 'is', null)
          .where('active', '=', true)
          .returning('id')
          .executeTakeFirst();
        return byName?.id;
      });
      if (!userId) return reply.redirect('/logga-in?fel=oidcUnknownUser');
      await finishSignIn(deps, reply, userId, 'oidc');
      return reply.redirect('/');
    },
  });
}
