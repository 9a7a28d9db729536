import { z } from 'zod';
import { checkGrants, ROLES, type Grant } from '../core/access/policy.ts';
import { auditedRead, writeAudit } from '../core/audit/audit.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../core/auth/passwords.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import {
  createUnit,
  createUser,
  getUser,
  listUnits,
  listUsers,
  resetCredentials,
  toSummary,
  userQuery,
  type UserRow,
  UNIT_KINDS,
  updateUnit,
  updateUser,
} from './store.ts';

const Id = z.object({ id: z.uuid() });
const UnitOut = z.object({ id: z.string(), name: z.string(), kind: z.string(), active: z.boolean() });
const GrantIn = z.object({ role: z.enum(ROLES), unitId: z.uuid().nullable() });
const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  kind: z.enum(['staff', 'partner']),
  partnerOrganisation: z.string().nullable(),
  active: z.boolean(),
  mfaEnrolled: z.boolean(),
  version: z.number(),
  grants: z.array(z.object({ role: z.enum(ROLES), unitId: z.string().nullable() })),
});
const Password = z.string().max(200);
const UserIn = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[a-zA-Z0-9._-]+$/),
  displayName: z.string().trim().min(1).max(200),
  email: z.email().max(200).nullable().default(null),
  kind: z.enum(['staff', 'partner']),
  partnerOrganisation: z.string().trim().min(1).max(200).nullable().default(null),
  initialPassword: Password,
  grants: z.array(GrantIn).max(50),
});
const UserPatchIn = z.object({
  version: z.number().int(),
  displayName: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(200).nullable().optional(),
  partnerOrganisation: z.string().trim().min(1).max(200).nullable().optional(),
  active: z.boolean().optional(),
  grants: z.array(GrantIn).max(50).optional(),
});

function assertGrants(grants: Grant[], kind: 'staff' | 'partner') {
  const [first] = checkGrants(grants, kind);
  if (first) throw new AppError(400, first);
}

function assertPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError(400, 'weakPassword');
}

const PURPOSE = 'user administration';

/** The organisation: units, staff and partner accounts, and their roles (system administrator). */
export function registerOrganisationRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/organisation/units',
    config: { access: 'organisation.read' },
    schema: { summary: 'All units', response: { 200: z.array(UnitOut) } },
    handler: async () => listUnits(db),
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/units',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Create a unit', body: z.object({ name: z.string().trim().min(2).max(120), kind: z.enum(UNIT_KINDS) }), response: { 201: UnitOut } },
    handler: async (request, reply) => {
      const unit = await db.transaction().execute(async (tx) => {
        const u = await createUnit(tx, request.body);
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'unit', recordId: u.id, fields: ['name', 'kind'], purpose: PURPOSE });
        return u;
      });
      return reply.status(201).send(unit);
    },
  });
  app.route({
    method: 'PATCH',
    url: '/api/organisation/units/:id',
    config: { access: 'organisation.manage' },
    schema: {
      summary: 'Rename, re-kind or deactivate a unit',
      params: Id,
      body: z.object({ name: z.string().trim().min(2).max(120).optional(), kind: z.enum(UNIT_KINDS).optional(), active: z.boolean().optional() }),
      response: { 200: UnitOut },
    },
    handler: async (request) =>
      db.transaction().execute(async (tx) => {
        const u = await updateUnit(tx, request.params.id, request.body);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'unit', recordId: u.id, fields: Object.keys(request.body), purpose: PURPOSE });
        return u;
      }),
  });

  app.route({
    method: 'GET',
    url: '/api/organisation/users',
    config: { access: 'organisation.manage' },
    schema: {
      summary: 'Staff and partner accounts',
      querystring: z.object({ kind: z.enum(['staff', 'partner']).optional(), unitId: z.uuid().optional(), query: z.string().max(100).optional() }),
      response: { 200: z.array(UserOut) },
    },
    handler: async (request) =>
      db.transaction().execute(async (tx) => {
        const users = await listUsers(tx, request.query);
        await writeAudit(tx, actorOf(request), { action: 'list', recordType: 'user', fields: ['username', 'displayName', 'email', 'grants'], purpose: PURPOSE, details: { count: users.length } });
        return users;
      }),
  });
  app.route({
    method: 'GET',
    url: '/api/organisation/users/:id',
    config: { access: 'organisation.manage' },
    schema: { summary: 'One account', params: Id, response: { 200: UserOut } },
    handler: async (request) => {
      const row = await auditedRead(db, actorOf(request), userQuery(db, request.params.id).compile(), { action: 'read', recordType: 'user', recordIdColumn: 'id', fields: ['username', 'displayName', 'email', 'grants'], purpose: PURPOSE });
      if (!row) throw new AppError(404, 'notFound');
      return toSummary(row as UserRow);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/users',
    config: { access: 'organisation.manage' },
    schema: {
      summary: 'Create a staff or partner account; the person enrols TOTP at first sign-in',
      body: UserIn,
      response: { 201: UserOut },
    },
    handler: async (request, reply) => {
      const body = request.body;
      assertGrants(body.grants, body.kind);
      assertPassword(body.initialPassword);
      const passwordHash = await hashPassword(body.initialPassword);
      const user = await db.transaction().execute(async (tx) => {
        const id = await createUser(tx, { ...body, passwordHash });
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'user', recordId: id, fields: ['username', 'displayName', 'email', 'kind', 'grants'], purpose: PURPOSE });
        return getUser(tx, id);
      });
      return reply.status(201).send(user);
    },
  });
  app.route({
    method: 'PATCH',
    url: '/api/organisation/users/:id',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Change an account, its roles, or deactivate it', params: Id, body: UserPatchIn, response: { 200: UserOut } },
    handler: async (request) => {
      const { version, ...patch } = request.body;
      if (patch.active === false && request.params.id === signedInUser(request).id) throw new AppError(400, 'cannotDeactivateSelf');
      return db.transaction().execute(async (tx) => {
        if (patch.grants) {
          const current = await getUser(tx, request.params.id);
          assertGrants(patch.grants, current.kind);
        }
        await updateUser(tx, request.params.id, version, patch);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'user', recordId: request.params.id, fields: Object.keys(patch), purpose: PURPOSE });
        return getUser(tx, request.params.id);
      });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/users/:id/reset-credentials',
    config: { access: 'organisation.manage' },
    schema: {
      summary: 'Set a new initial password and/or require a new TOTP enrolment; ends the account’s sessions',
      params: Id,
      body: z.object({ newPassword: Password.optional(), resetMfa: z.boolean().default(false) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const { newPassword, resetMfa } = request.body;
      if (newPassword !== undefined) assertPassword(newPassword);
      const passwordHash = newPassword ? await hashPassword(newPassword) : undefined;
      await db.transaction().execute(async (tx) => {
        await resetCredentials(tx, request.params.id, { passwordHash, resetMfa });
        const fields = [...(passwordHash ? ['password'] : []), ...(resetMfa ? ['totp'] : [])];
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'user', recordId: request.params.id, fields, purpose: PURPOSE });
      });
      return reply.status(204).send(null);
    },
  });
}
