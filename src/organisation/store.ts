import { sql } from 'kysely';
import type { Executor, Tx } from '../core/db/database.ts';
import type { Grant } from '../core/access/policy.ts';
import { AppError } from '../core/errors.ts';
import { prepared } from '../core/audit-log/prepared.ts';

import type { UnitKind } from './rules.ts';

export { UNIT_KINDS, type UnitKind } from './rules.ts';

/** The units table's kind column holds a UnitKind (every write goes through UnitIn). */
type KindNarrowed = { kind: UnitKind };
const UNIT_COLUMNS = ['id', 'name', 'kind', 'active', 'district_id as districtId'] as const;

export function listUnits(db: Executor) {
  return db.selectFrom('units').select(UNIT_COLUMNS).$narrowType<KindNarrowed>().orderBy('name').execute();
}

export async function createUnit(db: Executor, unit: { name: string; kind: UnitKind; districtId?: string | null }) {
  return db
    .insertInto('units')
    .values({ name: unit.name, kind: unit.kind, district_id: unit.districtId ?? null })
    .returning(UNIT_COLUMNS)
    .$narrowType<KindNarrowed>()
    .executeTakeFirstOrThrow()
    .catch(rethrowUnique('unitNameTaken'));
}

export async function updateUnit(db: Executor, id: string, { districtId, ...patch }: { name?: string; kind?: UnitKind; active?: boolean; districtId?: string | null }) {
  const row = await db
    .updateTable('units')
    .set({ ...patch, ...(districtId !== undefined && { district_id: districtId }) })
    .where('id', '=', id)
    .returning(UNIT_COLUMNS)
    .$narrowType<KindNarrowed>()
    .executeTakeFirst()
    .catch(rethrowUnique('unitNameTaken'));
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

const userColumns = [
  'u.id',
  'u.username',
  'u.display_name as displayName',
  'u.email',
  'u.kind',
  'u.partner_organisation as partnerOrganisation',
  'u.active',
  'u.version',
] as const;

/** An account as the contract has it (User in schema.ts): its grants and whether TOTP is enrolled. */
function users(db: Executor) {
  return db
    .selectFrom('users as u')
    .select([
      ...userColumns,
      sql<boolean>`u.totp_enabled_at is not null`.as('mfaEnrolled'),
      sql<{ issuer: string; subject: string } | null>`case when u.oidc_subject is null then null else json_build_object('issuer', u.oidc_issuer, 'subject', u.oidc_subject) end`.as('oidcIdentity'),
      sql<Grant[]>`coalesce((select json_agg(json_build_object('role', r.role, 'unitId', r.unit_id) order by r.role) from user_roles r where r.user_id = u.id), '[]')`.as('grants'),
    ]);
}
export type UserSummary = Awaited<ReturnType<typeof getUser>>;

export async function listUsers(db: Executor, filter: { kind?: 'staff' | 'partner'; unitId?: string; query?: string }) {
  let q = users(db);
  if (filter.kind) q = q.where('u.kind', '=', filter.kind);
  if (filter.unitId) q = q.where((eb) => eb.exists(eb.selectFrom('user_roles as r').whereRef('r.user_id', '=', 'u.id').where('r.unit_id', '=', filter.unitId!)));
  if (filter.query) {
    const like = `%${filter.query.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  return q.orderBy('u.display_name').limit(500).execute();
}

export function userQuery(db: Executor, id: string) {
  return users(db).where('u.id', '=', id);
}

const userRead = prepared((db, { id }: { id: string }) => userQuery(db, id));
/** userQuery compiled once and given its id (the hot audited read of an account; see prepared.ts). */
export function compiledUserQuery(db: Executor, id: string) {
  return userRead(db, { id });
}

export async function getUser(db: Executor, id: string) {
  const row = await userQuery(db, id).executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

async function replaceGrants(tx: Tx, userId: string, grants: readonly Grant[]) {
  await tx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (grants.length === 0) return;
  const unitIds = [...new Set(grants.map((g) => g.unitId).filter((u): u is string => u !== null))];
  if (unitIds.length) {
    const found = await tx.selectFrom('units').select('id').where('id', 'in', unitIds).execute();
    if (found.length !== unitIds.length) throw new AppError(400, 'unknownUnit');
  }
  const unique = [...new Map(grants.map((g) => [`${g.role}|${g.unitId}`, g])).values()];
  await tx.insertInto('user_roles').values(unique.map((g) => ({ user_id: userId, role: g.role, unit_id: g.unitId }))).execute();
}

export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  kind: 'staff' | 'partner';
  partnerOrganisation: string | null;
  passwordHash: string;
  grants: Grant[];
}

export async function createUser(tx: Tx, user: NewUser): Promise<string> {
  const row = await tx
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      email: user.email,
      kind: user.kind,
      partner_organisation: user.partnerOrganisation,
      password_hash: user.passwordHash,
      // The administrator chose it: the person replaces it at the first sign-in.
      must_change_password: true,
    })
    // A taken username skips the insert instead of failing it: a unique violation makes PostgreSQL
    // log the key (the username) in its DETAIL line.
    .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'usernameTaken');
  await replaceGrants(tx, row.id, user.grants);
  return row.id;
}

export interface UserPatch {
  displayName?: string;
  email?: string | null;
  partnerOrganisation?: string | null;
  active?: boolean;
  grants?: Grant[];
}

/** Optimistic locking: the caller sends the version it read; a stale version changes nothing. */
export async function updateUser(tx: Tx, id: string, version: number, patch: UserPatch): Promise<void> {
  const row = await tx
    .updateTable('users')
    .set({
      ...(patch.displayName !== undefined && { display_name: patch.displayName }),
      ...(patch.email !== undefined && { email: patch.email }),
      ...(patch.partnerOrganisation !== undefined && { partner_organisation: patch.partnerOrganisation }),
      ...(patch.active !== undefined && { active: patch.active }),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    const exists = await tx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
    throw exists ? new AppError(409, 'conflict') : new AppError(404, 'notFound');
  }
  if (patch.grants) await replaceGrants(tx, id, patch.grants);
  if (patch.active === false) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
}

export async function resetCredentials(tx: Tx, id: string, change: { passwordHash?: string; resetMfa?: boolean }): Promise<void> {
  const row = await tx
    .updateTable('users')
    .set({
      ...(change.passwordHash && { password_hash: change.passwordHash, must_change_password: true }),
      ...(change.resetMfa && { totp_secret: null, totp_enabled_at: null, totp_last_step: null }),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
}

/** What a credential reset must know: whether the person has an app, and whether the password is still the administrator's. */
export async function credentialState(db: Executor, id: string): Promise<{ mfaEnrolled: boolean; mustChangePassword: boolean }> {
  const row = await db
    .selectFrom('users')
    .select([sql<boolean>`totp_enabled_at is not null`.as('mfaEnrolled'), 'must_change_password as mustChangePassword'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'notFound');
  return row;
}

function rethrowUnique(code: string) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') throw new AppError(409, code);
    // A district id that does not exist (units.district_id references districts).
    if ((err as { code?: string }).code === '23503') throw new AppError(400, 'unknownDistrict');
    throw err;
  };
}

/**
 * Links the account to an OIDC identity (issuer and subject), replacing any earlier link; `null`
 * removes the link. False when another account already has that identity.
 */
export async function setOidcIdentity(tx: Tx, userId: string, identity: { issuer: string; subject: string } | null): Promise<boolean> {
  if (identity) {
    const other = await tx
      .selectFrom('users')
      .select('id')
      .where('oidc_issuer', '=', identity.issuer)
      .where('oidc_subject', '=', identity.subject)
      .where('id', '!=', userId)
      .executeTakeFirst();
    if (other) return false;
  }
  const r = await tx
    .updateTable('users')
    .set({ oidc_issuer: identity?.issuer ?? null, oidc_subject: identity?.subject ?? null, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(404, 'notFound');
  return true;
}

const DISTRICT_COLUMNS = ['id', 'name', 'active'] as const;

export function listDistricts(db: Executor) {
  return db.selectFrom('districts').select(DISTRICT_COLUMNS).orderBy('name').execute();
}

export function createDistrict(db: Executor, name: string) {
  return db.insertInto('districts').values({ name }).returning(DISTRICT_COLUMNS).executeTakeFirstOrThrow().catch(rethrowUnique('districtNameTaken'));
}

export async function updateDistrict(db: Executor, id: string, patch: { name?: string; active?: boolean }) {
  const row = await db.updateTable('districts').set(patch).where('id', '=', id).returning(DISTRICT_COLUMNS).executeTakeFirst().catch(rethrowUnique('districtNameTaken'));
  if (!row) throw new AppError(404, 'notFound');
  return row;
}
