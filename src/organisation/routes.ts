import { z } from 'zod';
import { checkGrants, type Grant } from '../core/access/policy.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../core/auth/passwords.ts';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { District, DistrictIn, DistrictPatchIn, Id, OidcLinkIn, ResetCredentialsIn, Unit, UnitIn, UnitPatchIn, User, UserIn, UserPatchIn, UsersQuery, type UserInput } from './schema.ts';
import { createDistrict, listDistricts, updateDistrict, createUnit, createUser, credentialState, getUser, listUnits, listUsers, resetCredentials, setOidcIdentity, updateUnit, updateUser, compiledUserQuery, type UserPatch } from './store.ts';

function assertGrants(grants: Grant[], kind: 'staff' | 'partner') {
  const [first] = checkGrants(grants, kind);
  if (first) throw new AppError(400, first);
}

function assertPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError(400, 'weakPassword');
}

/** What the log records of an account read or listed. */
const USER_FIELDS = ['username', 'displayName', 'email', 'grants'];

/** The organisation: units, staff and partner accounts, and their roles (system administrator). */
export function registerOrganisationRoutes(app: App, { db, sessions, config }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/organisation/units',
    config: { access: 'organisation.read' },
    schema: { summary: 'All units', response: { 200: z.array(Unit) } },
    handler: () => listUnits(db),
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/units',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Create a unit', body: UnitIn, response: { 201: Unit } },
    handler: async (request, reply) => {
      const unit = await callerOf(request).transaction(async (tx, audit) => {
        const u = await createUnit(tx, request.body);
        await audit({ action: 'create', recordType: 'unit', recordId: u.id, fields: ['name', 'kind', 'districtId'] });
        return u;
      });
      return reply.status(201).send(unit);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/organisation/districts',
    config: { access: 'organisation.read' },
    schema: { summary: 'All districts (stadsdelar, nämnder)', response: { 200: z.array(District) } },
    handler: () => listDistricts(db),
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/districts',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Create a district', body: DistrictIn, response: { 201: District } },
    handler: async (request, reply) => {
      const district = await callerOf(request).transaction(async (tx, audit) => {
        const d = await createDistrict(tx, request.body.name);
        await audit({ action: 'create', recordType: 'district', recordId: d.id, fields: ['name'] });
        return d;
      });
      return reply.status(201).send(district);
    },
  });
  app.route({
    method: 'PATCH',
    url: '/api/organisation/districts/:id',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Rename or deactivate a district', params: Id, body: DistrictPatchIn, response: { 200: District } },
    handler: (request) =>
      callerOf(request).transaction(async (tx, audit) => {
        if (Object.keys(request.body).length === 0) throw new AppError(400, 'validation', { details: 'name or active' });
        const d = await updateDistrict(tx, request.params.id, request.body);
        await audit({ action: 'update', recordType: 'district', recordId: d.id, fields: Object.keys(request.body) });
        return d;
      }),
  });
  app.route({
    method: 'PATCH',
    url: '/api/organisation/units/:id',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Rename, re-kind or deactivate a unit', params: Id, body: UnitPatchIn, response: { 200: Unit } },
    handler: (request) =>
      callerOf(request).transaction(async (tx, audit) => {
        const u = await updateUnit(tx, request.params.id, request.body);
        await audit({ action: 'update', recordType: 'unit', recordId: u.id, fields: Object.keys(request.body) });
        return u;
      }),
  });

  app.route({
    method: 'GET',
    url: '/api/organisation/users',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Staff and partner accounts', querystring: UsersQuery, response: { 200: z.array(User) } },
    handler: (request) =>
      callerOf(request).transaction(async (tx, audit) => {
        const users = await listUsers(tx, request.query);
        await audit({ action: 'list', recordType: 'user', fields: USER_FIELDS, details: { count: users.length } });
        return users;
      }),
  });
  app.route({
    method: 'GET',
    url: '/api/organisation/users/:id',
    config: { access: 'organisation.manage' },
    schema: { summary: 'One account', params: Id, response: { 200: User } },
    handler: async (request) => {
      const row = await callerOf(request).auditedRead(compiledUserQuery(db, request.params.id), { action: 'read', recordType: 'user', recordIdColumn: 'id', fields: USER_FIELDS });
      if (!row) throw new AppError(404, 'notFound');
      return row;
    },
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/users',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Create a staff or partner account; the person enrols TOTP at first sign-in', body: UserIn, response: { 201: User } },
    handler: async (request, reply) => reply.status(201).send(await createAccount(callerOf(request), request.body)),
  });
  app.route({
    method: 'PATCH',
    url: '/api/organisation/users/:id',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Change an account, its roles, or deactivate it', params: Id, body: UserPatchIn, response: { 200: User } },
    handler: async (request) => {
      const { version, ...patch } = request.body;
      const updated = await updateAccount(callerOf(request), request.params.id, version, patch);
      // Deactivation and new roles hold at once on this instance; the others hear it from the database.
      sessions.forgetUser(request.params.id);
      return updated;
    },
  });
  app.route({
    method: 'POST',
    url: '/api/organisation/users/:id/reset-credentials',
    config: { access: 'organisation.manage' },
    schema: {
      summary: 'Set a new initial password and/or require a new TOTP enrolment; ends the account’s sessions',
      params: Id,
      body: ResetCredentialsIn,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await resetAccountCredentials(callerOf(request), request.params.id, request.body);
      sessions.forgetUser(request.params.id);
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/organisation/users/:id/oidc-link',
    config: { access: 'organisation.manage' },
    schema: {
      summary: 'Link the account to an identity at the OIDC provider (issuer and subject); a replaced link ends the account’s sessions',
      params: Id,
      body: OidcLinkIn,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      if (!config.oidc) throw new AppError(404, 'oidcNotConfigured');
      // Only the configured provider's identities sign in; a link to another issuer would never match.
      if (request.body.issuer !== config.oidc.issuer) throw new AppError(400, 'oidcIssuerUnknown');
      await linkOidcIdentity(callerOf(request), request.params.id, request.body);
      sessions.forgetUser(request.params.id);
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'DELETE',
    url: '/api/organisation/users/:id/oidc-link',
    config: { access: 'organisation.manage' },
    schema: { summary: 'Remove the account’s link to an OIDC identity; ends the account’s sessions', params: Id, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await linkOidcIdentity(callerOf(request), request.params.id, null);
      sessions.forgetUser(request.params.id);
      return reply.status(204).send(null);
    },
  });
}

/**
 * The only way an identity at the provider gets an account: an administrator's deliberate, audited
 * step, with the identity's issuer and subject before and after (a username claim binds nothing).
 * Not one's own account: like credentials, another administrator does that (separation of duties).
 * A changed or removed link ends the sessions the earlier identity may have opened.
 */
async function linkOidcIdentity(caller: Caller, id: string, identity: { issuer: string; subject: string } | null) {
  if (id === caller.user.id) throw new AppError(403, 'cannotLinkOwnIdentity');
  await caller.transaction(async (tx, audit) => {
    const before = await tx.selectFrom('users').select(['oidc_issuer', 'oidc_subject']).where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError(404, 'notFound');
    if (!(await setOidcIdentity(tx, id, identity))) throw new AppError(409, 'oidcIdentityInUse');
    if (before.oidc_subject !== null) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await audit({
      action: 'update',
      recordType: 'user',
      recordId: id,
      fields: ['oidcIdentity'],
      details: {
        oidcIdentity: {
          before: before.oidc_subject === null ? null : { issuer: before.oidc_issuer, subject: before.oidc_subject },
          after: identity,
        },
      },
    });
  });
}
async function createAccount(caller: Caller, body: UserInput) {
  assertGrants(body.grants, body.kind);
  assertPassword(body.initialPassword);
  const passwordHash = await hashPassword(body.initialPassword);
  return caller.transaction(async (tx, audit) => {
    const id = await createUser(tx, { ...body, passwordHash });
    await audit({ action: 'create', recordType: 'user', recordId: id, fields: ['username', 'displayName', 'email', 'kind', 'grants'] });
    return getUser(tx, id);
  });
}

async function updateAccount(caller: Caller, id: string, version: number, patch: UserPatch) {
  if (patch.active === false && id === caller.user.id) throw new AppError(400, 'cannotDeactivateSelf');
  // Separation of duties: an administrator who could give themselves a caseworker's role could
  // read every case. Another administrator changes an administrator's roles.
  if (patch.grants && id === caller.user.id) throw new AppError(403, 'cannotChangeOwnGrants');
  return caller.transaction(async (tx, audit) => {
    const before = await getUser(tx, id);
    if (patch.grants) assertGrants(patch.grants, before.kind);
    await updateUser(tx, id, version, patch);
    const after = await getUser(tx, id);
    // Roles and unit ids only: what changed is on record, with nothing about the person.
    const details = patch.grants ? { grants: { before: grantsOf(before.grants), after: grantsOf(after.grants) } } : undefined;
    await audit({ action: 'update', recordType: 'user', recordId: id, fields: Object.keys(patch), ...(details && { details }) });
    return after;
  });
}

function grantsOf(grants: readonly Grant[]): Array<{ role: string; unitId: string | null }> {
  return grants.map((g) => ({ role: g.role, unitId: g.unitId })).sort((a, b) => `${a.role}|${a.unitId}`.localeCompare(`${b.role}|${b.unitId}`));
}

/**
 * An administrator resets one factor at a time, and never to a state where the administrator
 * knows every factor of an account the person has taken over: with a password the administrator
 * chose and no authenticator app, the administrator could sign in as the person, enrol their own
 * app and see its secret. So a new password leaves the person's app in place (and must be changed
 * at the next sign-in), and a new enrolment is done by the person with their own password.
 */
async function resetAccountCredentials(caller: Caller, id: string, { newPassword, resetMfa }: { newPassword?: string; resetMfa: boolean }) {
  if (id === caller.user.id) throw new AppError(403, 'cannotResetOwnCredentials');
  if (newPassword !== undefined && resetMfa) throw new AppError(400, 'resetKeepsOneFactor');
  if (newPassword !== undefined) assertPassword(newPassword);
  const passwordHash = newPassword ? await hashPassword(newPassword) : undefined;
  await caller.transaction(async (tx, audit) => {
    const state = await credentialState(tx, id);
    // A new password for an account without an app: only while the person has never chosen a
    // password of their own (a new account); a new enrolment: only while the password is theirs.
    if (passwordHash && !state.mfaEnrolled && !state.mustChangePassword) throw new AppError(400, 'resetKeepsOneFactor');
    if (resetMfa && state.mustChangePassword) throw new AppError(400, 'resetKeepsOneFactor');
    await resetCredentials(tx, id, { passwordHash, resetMfa });
    const fields = [...(passwordHash ? ['password'] : []), ...(resetMfa ? ['totp'] : [])];
    await audit({ action: 'update', recordType: 'user', recordId: id, fields });
  });
}
