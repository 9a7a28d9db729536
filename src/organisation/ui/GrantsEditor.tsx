import { useTranslation } from 'react-i18next';
import { ORGANISATION_WIDE_ROLES, ROLES, type Role } from '../../core/access/policy.ts';
import { SelectField } from '../../web/kit/index.ts';
import type { UiGrant, Unit } from './types.ts';

const STAFF_ROLES = ROLES.filter((r) => r !== 'external_partner');

/**
 * Roles × units of a staff account. Organisation-wide roles (administrator, audit reviewer,
 * analyst, content editor) take no unit; every other role needs one. The server checks the same rule.
 */
export function GrantsEditor({ grants, units, onChange }: { grants: UiGrant[]; units: Unit[]; onChange: (grants: UiGrant[]) => void }) {
  const { t } = useTranslation('organisation');
  const { t: common } = useTranslation();
  const activeUnits = units.filter((u) => u.active || grants.some((g) => g.unitId === u.id));
  const firstUnit = activeUnits[0]?.id ?? null;

  const setRole = (index: number, role: Role) =>
    onChange(grants.map((g, i) => (i !== index ? g : { role, unitId: ORGANISATION_WIDE_ROLES.includes(role) ? null : (g.unitId ?? firstUnit) })));
  const setUnit = (index: number, unitId: string) => onChange(grants.map((g, i) => (i === index ? { ...g, unitId } : g)));

  return (
    <fieldset>
      <legend>{t('grants.legend')}</legend>
      <p className="hint">{t('grants.hint')}</p>
      {grants.length === 0 && <p>{t('grants.none')}</p>}
      {grants.map((g, i) => (
        <fieldset key={i} className="grant">
          <legend>{t('grants.item', { n: i + 1 })}</legend>
          <SelectField label={t('grants.role')} value={g.role} onChange={(e) => setRole(i, e.target.value as Role)} options={STAFF_ROLES.map((r) => [r, common(`roles.${r}`)] as const)} />
          {ORGANISATION_WIDE_ROLES.includes(g.role) ? (
            <p className="grant-scope">{t('grants.wholeOrganisation')}</p>
          ) : (
            <SelectField label={t('grants.unit')} value={g.unitId ?? ''} onChange={(e) => setUnit(i, e.target.value)} options={activeUnits.map((u) => [u.id, u.name] as const)} />
          )}
          <button type="button" onClick={() => onChange(grants.filter((_, j) => j !== i))} aria-label={t('grants.removeLabel', { n: i + 1 })}>
            {t('grants.remove')}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...grants, { role: 'caseworker', unitId: firstUnit }])}>
        {t('grants.add')}
      </button>
    </fieldset>
  );
}
