import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Wire } from '../../core/http/wire.ts';
import { post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import { ActionForm, ConfirmButton, DataTable, Field, Notice, SelectField, formatDate, todayIso } from '../../web/kit/index.ts';
import { ACTOR_KINDS } from '../rules.ts';
import type { ConsentOut } from '../schema.ts';

type Consent = Wire<ConsentOut>;

/** A person's consents: the list with status, recording a new one, withdrawing one (at once). */
export function ConsentsSection({ personId, consents, onChange }: { personId: string; consents: Consent[]; onChange(): void }) {
  const { t } = useTranslation('consents');
  const { can } = useSession();
  const [kind, setKind] = useState<string>('healthcare');
  const [name, setName] = useState('');
  const [scope, setScope] = useState('');
  const [form, setForm] = useState<'written' | 'oral'>('written');
  const [givenOn, setGivenOn] = useState(todayIso());
  const [expiresOn, setExpiresOn] = useState('');
  const [notice, setNotice] = useState('');
  const status = (c: Consent) => t(`status.${c.status}`) + (c.expiringSoon ? ` · ${t('expiringSoon')}` : '');
  return (
    <section aria-labelledby="consents-title">
      <h2 id="consents-title">{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <DataTable
        caption={t('title')}
        rows={consents}
        rowKey={(c) => c.id}
        empty={t('none')}
        columns={[
          { header: t('columns.actor'), rowHeader: true, cell: (c) => `${c.actorName} (${t(`kinds.${c.actorKind}`)})` },
          { header: t('columns.scope'), cell: (c) => c.scope },
          { header: t('columns.form'), cell: (c) => (c.basis === 'legal_basis' ? t('legalBasis', { basis: c.legalBasis }) : t(`form.${c.form}`)) },
          { header: t('columns.given'), cell: (c) => formatDate(c.givenOn) },
          { header: t('columns.expires'), cell: (c) => (c.expiresOn ? formatDate(c.expiresOn) : t('noExpiry')) },
          { header: t('columns.status'), cell: status },
          {
            header: '',
            cell: (c) =>
              c.status === 'in_force' && can('consents.record') ? (
                <ConfirmButton
                  question={t('withdrawQuestion', { actor: c.actorName })}
                  confirm={t('withdrawConfirm')}
                  onConfirm={() => void post(`/api/consents/${c.id}/withdraw`, { note: null }).then(() => { setNotice(t('withdrawn')); onChange(); })}
                >
                  {t('withdraw')}
                </ConfirmButton>
              ) : null,
          },
        ]}
      />
      {can('consents.record') && (
        <ActionForm
          label={t('record')}
          onSubmit={async () => {
            await post('/api/consents', { personId, actorKind: kind, actorName: name, scope, form, givenOn, expiresOn: expiresOn || null });
            setName('');
            setScope('');
            setNotice(t('recorded'));
            onChange();
          }}
        >
          <div className="toolbar">
            <SelectField label={t('actorKind')} value={kind} onChange={(e) => setKind(e.target.value)} options={ACTOR_KINDS.filter((k) => k !== 'social_services').map((k) => [k, t(`kinds.${k}`)] as const)} />
            <Field label={t('actorName')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            <Field label={t('scope')} value={scope} onChange={(e) => setScope(e.target.value)} required maxLength={1000} />
            <SelectField label={t('how')} value={form} onChange={(e) => setForm(e.target.value as 'written' | 'oral')} options={[['written', t('form.written')], ['oral', t('form.oral')]]} />
            <Field label={t('givenOn')} type="date" value={givenOn} onChange={(e) => setGivenOn(e.target.value)} required />
            <Field label={t('expiresOn')} type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
          </div>
          <button type="submit" className="primary">{t('record')}</button>
        </ActionForm>
      )}
    </section>
  );
}
