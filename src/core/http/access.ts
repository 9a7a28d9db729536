import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit-log/audit.ts';
import { grantFor, type Permission } from '../access/policy.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { AppError } from '../errors.ts';
import type { Caller } from './context.ts';

/**
 * What a route requires, declared on the route itself (`config.access`). The server refuses to
 * start with a route that declares nothing. 'public' routes are rate limited.
 */
export type Access = Permission | 'public' | 'signed-in';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** false only for routes that do not use the session cookie (e.g. the anonymous chat). */
    csrf?: boolean;
    /** The purpose the audit log records for this route; by default the capability's. */
    purpose?: string;
    /** The capability that registered the route (set by the server). */
    capability?: string;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    /** The role and unit under which this request is allowed, for the audit log. */
    actor: Actor | null;
    /** The signed-in caller with the scope of the route's permission (see context.ts). */
    caller: Caller | null;
  }
}

export function routeAccess(request: FastifyRequest): Access | undefined {
  return request.routeOptions.config?.access;
}

export function signedInUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError(401, 'unauthenticated');
  return request.user;
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'unauthenticated');
  return request.actor;
}

/** Decides a request against its route's rule. Returns the actor, or throws 401/403. */
export function authorize(access: Access, user: SessionUser | null): Actor | null {
  if (access === 'public') return user ? { userId: user.id, role: user.grants[0]?.role ?? null, unitId: user.grants[0]?.unitId ?? null } : null;
  if (!user) throw new AppError(401, 'unauthenticated');
  if (access === 'signed-in') return { userId: user.id, role: user.grants[0]?.role ?? null, unitId: user.grants[0]?.unitId ?? null };
  const grant = grantFor(user.grants, access);
  if (!grant) throw new AppError(403, 'forbidden');
  return { userId: user.id, role: grant.role, unitId: grant.unitId };
}
