import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../web/api.ts';
import { ErrorMessage, Field, Loading, Notice, SelectField, useApiData } from '../../web/kit/index.ts';
import { UNIT_KINDS, type UnitKind } from '../rules.ts';
import type { Unit } from './types.ts';

function useKindOptions() {
  const { t } = useTranslation('organisation');
  return UNIT_KINDS.map((k) => [k, t(`unitKinds.${k}`)] as const);
}

function NewUnitForm({ onCreated }: { onCreated: (unit: Unit) => void }) {
  const { t } = useTranslation('organisation');
  const kinds = useKindOptions();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('adult');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const unit = await post<Unit>('/api/organisation/units', { name, kind });
      setName('');
      onCreated(unit);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="new-unit">
      <h2 id="new-unit">{t('units.newTitle')}</h2>
      <ErrorMessage error={error} />
      <form onSubmit={submit} noValidate className="toolbar">
        <Field label={t('units.name')} name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label={t('units.kind')} name="kind" value={kind} onChange={(e) => setKind(e.target.value as UnitKind)} options={kinds} />
        <button type="submit" className="primary" disabled={busy}>
          {t('units.create')}
        </button>
      </form>
    </section>
  );
}

function EditUnitForm({ unit, onSaved, onCancel }: { unit: Unit; onSaved: (unit: Unit) => void; onCancel: () => void }) {
  const { t } = useTranslation('organisation');
  const kinds = useKindOptions();
  const [name, setName] = useState(unit.name);
  const [kind, setKind] = useState<UnitKind>(unit.kind);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens above the table the button was in: take keyboard and screen-reader users there.
  useEffect(() => heading.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onSaved(await patch<Unit>(`/api/organisation/units/${unit.id}`, { name, kind }));
    } catch (err) {
      setError(err);
    }
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
  const [editing, setEditing] = useState<Unit | null>(null);
  const [notice, setNotice] = useState('');
  const [rowError, setRowError] = useState<unknown>(null);

  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    reload();
  };
  const setActive = async (unit: Unit, active: boolean) => {
    setRowError(null);
    try {
      await patch<Unit>(`/api/organisation/units/${unit.id}`, { active });
      done(t(active ? 'units.activated' : 'units.deactivated', { name: unit.name }));
    } catch (err) {
      setRowError(err);
    }
  };

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('units.title')}</h1>
      <p>{t('units.intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <NewUnitForm onCreated={(u) => done(t('units.created', { name: u.name }))} />
      {editing && <EditUnitForm key={editing.id} unit={editing} onSaved={(u) => done(t('units.saved', { name: u.name }))} onCancel={() => setEditing(null)} />}
      <h2>{t('units.listTitle')}</h2>
      <ErrorMessage error={error ?? rowError} />
      {!units ? (
        !error && <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('units.name')}</th>
              <th scope="col">{t('units.kind')}</th>
              <th scope="col">{t('status', { ns: 'common' })}</th>
              <th scope="col">{t('actions', { ns: 'common' })}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>{t(`unitKinds.${u.kind}`)}</td>
                <td>{t(u.active ? 'active' : 'inactive', { ns: 'common' })}</td>
                <td className="actions">
                  <button type="button" onClick={() => setEditing(u)} aria-label={t('units.editLabel', { name: u.name })}>
                    {t('edit')}
                  </button>
                  <button type="button" onClick={() => void setActive(u, !u.active)} aria-label={t(u.active ? 'units.deactivateLabel' : 'units.activateLabel', { name: u.name })}>
                    {t(u.active ? 'deactivate' : 'activate')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
