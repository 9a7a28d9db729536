import type { Db } from '../core/db/database.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import type { Grant, Role } from '../core/access/policy.ts';
import { writeAudit, SYSTEM_ACTOR } from '../core/audit-log/audit.ts';

/**
 * Fictional demo organisation and staff. Every name here is invented. The same command gives the
 * same data: fixed names, fixed password and fixed TOTP secrets (so the README can list them).
 */
export const DEMO_PASSWORD = 'utvag-demo-2026';

export const DEMO_UNITS = [
  { name: 'Nexus – vuxna', kind: 'adult' },
  { name: 'Barn och unga mottagning', kind: 'children' },
  { name: 'KAST', kind: 'kast' },
  { name: 'Ekonomiskt bistånd', kind: 'economic_aid' },
  { name: 'Uppsökande', kind: 'outreach' },
  { name: 'Chattrådgivning', kind: 'chat' },
] as const;

type UnitName = (typeof DEMO_UNITS)[number]['name'];

export interface DemoAccount {
  username: string;
  displayName: string;
  kind: 'staff' | 'partner';
  partnerOrganisation?: string;
  totpSecret: string;
  roles: Array<{ role: Role; unit: UnitName | null }>;
}

// Base32 secrets of 20 bytes, made up for the demo.
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: 'Alva Admin', kind: 'staff', totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJA', roles: [{ role: 'administrator', unit: null }] },
  { username: 'handlaggare', displayName: 'Hanna Handläggare', kind: 'staff', totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE4ZU', roles: [{ role: 'caseworker', unit: 'Nexus – vuxna' }] },
  { username: 'bou', displayName: 'Bo Ungsson', kind: 'staff', totpSecret: 'ONSWG4TFOQQGC3TEEBYGC43TO5XXEZBR', roles: [{ role: 'caseworker', unit: 'Barn och unga mottagning' }] },
  { username: 'kast', displayName: 'Karl Astrup', kind: 'staff', totpSecret: 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BB', roles: [{ role: 'caseworker', unit: 'KAST' }] },
  { username: 'samordnare', displayName: 'Sara Samordnare', kind: 'staff', totpSecret: 'NJ2W24DTEBXXMZLSEB2GQZJANRQXU6JC', roles: [{ role: 'coordinator', unit: 'Nexus – vuxna' }] },
  { username: 'chatt', displayName: 'Cecilia Chatt', kind: 'staff', totpSecret: 'MRXWOIDBNZSCAY3BOQQGC4TFEBTHE2LD', roles: [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }] },
  { username: 'uppsokare', displayName: 'Ulf Uppsökare', kind: 'staff', totpSecret: 'OVYHA43ONNQXEZJAO5XXE23FOIQGM33S', roles: [{ role: 'outreach_worker', unit: 'Uppsökande' }] },
  { username: 'chef', displayName: 'Cajsa Chef', kind: 'staff', totpSecret: 'MNUGKZRAMFXGIIDNMFXGCZ3FOIQHI2DF', roles: [{ role: 'unit_manager', unit: 'Nexus – vuxna' }, { role: 'unit_manager', unit: 'Barn och unga mottagning' }] },
  { username: 'analytiker', displayName: 'Anders Analys', kind: 'staff', totpSecret: 'MFXGC3DZON2CAYLHM5ZGKZ3BORSXGIDP', roles: [{ role: 'analyst', unit: null }] },
  { username: 'loggkontroll', displayName: 'Lena Loggkontroll', kind: 'staff', totpSecret: 'NRXWOIDSMV3GSZLXEBRGSZ3BORSSA2LO', roles: [{ role: 'audit_reviewer', unit: null }] },
  { username: 'redaktor', displayName: 'Rut Redaktör', kind: 'staff', totpSecret: 'OBXXE5DBNQQHEZLEMFVXI33SEBSGK3LP', roles: [{ role: 'content_editor', unit: null }] },
  {
    username: 'partner',
    displayName: 'Pia Partner',
    kind: 'partner',
    partnerOrganisation: 'Regionkoordinator mot människohandel (fiktiv)',
    totpSecret: 'OBQXE5DOMVZCA33SM5QW42LTMF2GS33O',
    roles: [{ role: 'external_partner', unit: null }],
  },
];

/** Seeds the demo organisation unless it is already there. Returns false when nothing was done. */
export async function seedDemoOrganisation(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    const units = await tx.insertInto('units').values(DEMO_UNITS.map((u) => ({ ...u }))).returning(['id', 'name']).execute();
    const unitId = new Map(units.map((u) => [u.name, u.id]));
    for (const account of DEMO_ACCOUNTS) {
      const user = await tx
        .insertInto('users')
        .values({
          username: account.username,
          display_name: account.displayName,
          email: `${account.username}@demo.utvag.invalid`,
          kind: account.kind,
          partner_organisation: account.partnerOrganisation ?? null,
          password_hash: passwordHash,
          totp_secret: account.totpSecret,
          totp_enabled_at: new Date('2026-01-01T00:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const grants: Grant[] = account.roles.map((r) => ({ role: r.role, unitId: r.unit ? unitId.get(r.unit)! : null }));
      await tx.insertInto('user_roles').values(grants.map((g) => ({ user_id: user.id, role: g.role, unit_id: g.unitId }))).execute();
    }
    await writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'demo_data', purpose: 'demo data', details: { accounts: DEMO_ACCOUNTS.length, units: DEMO_UNITS.length } });
  });
  return true;
}
