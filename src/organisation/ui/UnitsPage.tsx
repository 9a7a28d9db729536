import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../web/api.ts';
import { ActionBar, ConfirmButton, DataTable, ErrorMessage, Field, Notice, SelectField, useAction, useApiData } from '../../web/kit/index.ts';
import { UNIT_KINDS, type UnitKind } from '../rules.ts';
import type { Unit } from './types.ts';
import type { DistrictOut } from '../schema.ts';
import { DistrictsSection } from './DistrictsSection.tsx';

function useKindOptions() {
  const { t } = useTranslation('organisation');
  return UNIT_KINDS.map((k) => [k, t(`unitKinds.${k}`)] as const);
}

function useDistrictOptions(districts: DistrictOut[] | undefined, current: string | null = null) {
  const { t } = useTranslation('organisation');
  return [['', t('districts.wholeMunicipality')] as const, ...(districts ?? []).filter((d) => d.active || d.id === current).map((d) => [d.id, d.name] as const)];
}

function NewUnitForm({ onCreated, districts }: { onCreated: (unit: Unit) => void; districts: DistrictOut[] | undefined }) {
  const { t } = useTranslation('organisation');
  const kinds = useKindOptions();
  const districtOptions = useDistrictOptions(districts);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('adult');
  const [districtId, setDistrictId] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const unit = await post<Unit>('/api/organisation/units', { name, kind, districtId: districtId || null });
      setName('');
      onCreated(unit);
    });
  };
  return (
    <section aria-labelledby="new-unit">
      <h2 id="new-unit">{t('units.newTitle')}</h2>
      <ErrorMessage error={error} />
      <form onSubmit={submit} noValidate className="toolbar">
        <Field label={t('units.name')} name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label={t('units.kind')} name="kind" value={kind} onChange={(e) => setKind(e.target.value as UnitKind)} options={kinds} />
        <SelectField label={t('districts.district')} name="districtId" value={districtId} onChange={(e) => setDistrictId(e.target.value)} options={districtOptions} />
        <button type="submit" className="primary" disabled={busy}>
          {t('units.create')}
        </button>
      </form>
    </section>
  );
}

function EditUnitForm({ unit, onSaved, onCancel, districts }: { unit: Unit; onSaved: (unit: Unit) => void; onCancel: () => void; districts: DistrictOut[] | undefined }) {
  const { t } = useTranslation('organisation');
  const kinds = useKindOptions();
  const districtOptions = useDistrictOptions(districts, unit.districtId);
  const [name, setName] = useState(unit.name);
  const [kind, setKind] = useState<UnitKind>(unit.kind);
  const [districtId, setDistrictId] = useState(unit.districtId ?? '');
  const { error, run } = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens above the table the button was in: take keyboard and screen-reader users there.
  useEffect(() => heading.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => onSaved(await patch<Unit>(`/api/organisation/units/${unit.id}`, { name, kind, districtId: districtId || null })));
  };
  return (
    <section aria-labelledby="edit-unit" className="panel">
      <h2 id="edit-unit" tabIndex={-1} ref={heading}>
        {t('units.editTitle', { name: unit.name })}
      </h2>
      <ErrorMessage error={error} />
      <form onSubmit={submit} noValidate className="toolbar">
        <Field label={t('units.name')} name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label={t('units.kind')} name="kind" value={kind} onChange={(e) => setKind(e.target.value as UnitKind)} options={kinds} />
        <SelectField label={t('districts.district')} name="districtId" value={districtId} onChange={(e) => setDistrictId(e.target.value)} options={districtOptions} />
        <button type="submit" className="primary">
          {t('save', { ns: 'common' })}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel', { ns: 'common' })}
        </button>
      </form>
    </section>
  );
}

/** The administrator's list of units: create, rename, change kind, deactivate and reactivate. */
export function UnitsPage() {
  const { t } = useTranslation('organisation');
  const { data: units, error, reload } = useApiData<Unit[]>('/api/organisation/units');
  const { data: districts, error: districtsError, reload: reloadDistricts } = useApiData<DistrictOut[]>('/api/organisation/districts');
  const districtName = (id: string | null) => (id ? (districts?.find((d) => d.id === id)?.name ?? '') : t('districts.wholeMunicipality'));
  const [editing, setEditing] = useState<Unit | null>(null);
  const [notice, setNotice] = useState('');
  const { error: rowError, run } = useAction();

  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    reload();
  };
  const setActive = (unit: Unit, active: boolean) =>
    run(async () => {
      await patch<Unit>(`/api/organisation/units/${unit.id}`, { active });
      done(t(active ? 'units.activated' : 'units.deactivated', { name: unit.name }));
    });

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('units.title')}</h1>
      <p>{t('units.intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <NewUnitForm districts={districts} onCreated={(u) => done(t('units.created', { name: u.name }))} />
      {editing && <EditUnitForm key={editing.id} unit={editing} districts={districts} onSaved={(u) => done(t('units.saved', { name: u.name }))} onCancel={() => setEditing(null)} />}
      <h2>{t('units.listTitle')}</h2>
      <DataTable
        caption={t('units.listTitle')}
        rows={units}
        error={error ?? rowError}
        rowKey={(u) => u.id}
        columns={[
          { header: t('units.name'), cell: (u) => u.name, rowHeader: true },
          { header: t('units.kind'), cell: (u) => t(`unitKinds.${u.kind}`) },
          { header: t('districts.district'), cell: (u) => districtName(u.districtId) },
          { header: t('status', { ns: 'common' }), cell: (u) => t(u.active ? 'active' : 'inactive', { ns: 'common' }) },
          {
            header: t('actions', { ns: 'common' }),
            cell: (u) => (
              <ActionBar>
                <button type="button" onClick={() => setEditing(u)} aria-label={t('units.editLabel', { name: u.name })}>
                  {t('edit')}
                </button>
                {u.active ? (
                  // Staff and cases of the unit are affected: asked first.
                  <ConfirmButton label={t('units.deactivateLabel', { name: u.name })} question={t('units.deactivateQuestion', { name: u.name })} confirm={t('units.deactivateConfirm')} onConfirm={() => void setActive(u, false)}>
                    {t('deactivate')}
                  </ConfirmButton>
                ) : (
                  <button type="button" onClick={() => void setActive(u, true)} aria-label={t('units.activateLabel', { name: u.name })}>
                    {t('activate')}
                  </button>
                )}
              </ActionBar>
            ),
          },
        ]}
      />
      <DistrictsSection districts={districts} error={districtsError} reload={reloadDistricts} />
    </main>
  );
}
