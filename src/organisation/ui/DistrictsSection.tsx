import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../web/api.ts';
import { ActionBar, ActionForm, DataTable, Field, Notice, useAction } from '../../web/kit/index.ts';
import type { DistrictOut } from '../schema.ts';

/**
 * Districts (stadsdelar, nämnder; seed 003: a coordinator in each committee). Routing picks the
 * unit of the right kind in the person's district; a unit without a district serves the whole
 * municipality.
 */
export function DistrictsSection({ districts, error, reload }: { districts: DistrictOut[] | undefined; error: unknown; reload: () => void }) {
  const { t } = useTranslation('organisation');
  const [name, setName] = useState('');
  const [notice, setNotice] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const { error: rowError, run } = useAction();
  const done = (message: string) => {
    setNotice(message);
    setRenaming(null);
    reload();
  };
  return (
    <section aria-labelledby="districts">
      <h2 id="districts">{t('districts.title')}</h2>
      <p className="hint">{t('districts.intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <ActionForm
        label={t('districts.newTitle')}
        className="toolbar"
        onSubmit={async () => {
          const d = await post<DistrictOut>('/api/organisation/districts', { name });
          setName('');
          done(t('districts.created', { name: d.name }));
        }}
      >
        <Field label={t('districts.name')} required value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary">
          {t('districts.create')}
        </button>
      </ActionForm>
      {renaming && (
        <ActionForm
          label={t('districts.renameTitle')}
          className="toolbar"
          onSubmit={async () => {
            const d = await patch<DistrictOut>(`/api/organisation/districts/${renaming.id}`, { name: renaming.name });
            done(t('districts.saved', { name: d.name }));
          }}
        >
          <Field label={t('districts.newName')} required value={renaming.name} onChange={(e) => setRenaming({ ...renaming, name: e.target.value })} />
          <button type="submit" className="primary">
            {t('save', { ns: 'common' })}
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            {t('cancel', { ns: 'common' })}
          </button>
        </ActionForm>
      )}
      <DataTable
        caption={t('districts.title')}
        rows={districts}
        error={error ?? rowError}
        rowKey={(d) => d.id}
        empty={t('districts.none')}
        columns={[
          { header: t('districts.name'), cell: (d) => d.name, rowHeader: true },
          { header: t('status', { ns: 'common' }), cell: (d) => t(d.active ? 'active' : 'inactive', { ns: 'common' }) },
          {
            header: t('actions', { ns: 'common' }),
            cell: (d) => (
              <ActionBar>
                <button type="button" onClick={() => setRenaming({ id: d.id, name: d.name })} aria-label={t('districts.renameLabel', { name: d.name })}>
                  {t('edit')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void run(async () => {
                      await patch<DistrictOut>(`/api/organisation/districts/${d.id}`, { active: !d.active });
                      done(t(d.active ? 'districts.deactivated' : 'districts.activated', { name: d.name }));
                    })
                  }
                  aria-label={t(d.active ? 'districts.deactivateLabel' : 'districts.activateLabel', { name: d.name })}
                >
                  {t(d.active ? 'deactivate' : 'activate')}
                </button>
              </ActionBar>
            ),
          },
        ]}
      />
    </section>
  );
}
