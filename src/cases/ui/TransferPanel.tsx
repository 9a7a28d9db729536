import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { ActionForm, ErrorMessage, Field, SelectField, formatDate } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { Wire } from '../../core/http/wire.ts';
import { TRANSFER_REASONS } from '../rules.ts';
import type { CaseTransfersOut } from '../schema.ts';
import type { Act, CaseView } from './CasePage.tsx';

/** The case's transfers, and offering it to another unit that fits the routing rules with the age today. */
export function TransferPanel({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation(['cases', 'intake']);
  const { can } = useSession();
  const [data, setData] = useState<Wire<CaseTransfersOut> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [toUnitId, setToUnitId] = useState('');
  const [reason, setReason] = useState<string>('turned_18');
  const [note, setNote] = useState('');
  useEffect(() => {
    get<Wire<CaseTransfersOut>>(`/api/cases/${c.id}/transfers`).then((d) => {
      setData(d);
      setToUnitId(d.targets[0]?.id ?? '');
    }, setError);
  }, [c]);
  if (!data) return error ? <ErrorMessage error={error} /> : null;
  const pending = data.transfers.find((x) => x.status === 'pending');
  const writable = can('cases.write') && c.status !== 'closed';
  if (!writable && data.transfers.length === 0) return null;
  return (
    <section aria-labelledby="transfer-h">
      <h2 id="transfer-h">{t('transfer.title')}</h2>
      {data.transfers.length > 0 && (
        <ul>
          {data.transfers.map((x) => (
            <li key={x.id}>
              {t('transfer.line', { from: x.fromUnitName, to: x.toUnitName, reason: t(`transfer.reason.${x.reason}`), status: t(`transfer.status.${x.status}`), date: formatDate(x.requestedAt) })}
              {x.declineReason && ` – ${x.declineReason}`}
            </li>
          ))}
        </ul>
      )}
      {writable && pending && (
        <button type="button" onClick={() => void act(() => post(`/api/cases/transfers/${pending.id}/withdraw`)).catch(setError)}>
          {t('transfer.withdraw')}
        </button>
      )}
      {writable && !pending && data.targets.length > 0 && (
        <ActionForm onSubmit={() => act(() => post(`/api/cases/${c.id}/transfers`, { toUnitId, reason, note: note.trim() || null }))}>
          <p className="hint">{t('transfer.hint', { age: t(`intake:ageGroup.${data.ageGroupNow}`) })}</p>
          <SelectField label={t('transfer.to')} value={toUnitId} onChange={(e) => setToUnitId(e.target.value)} options={data.targets.map((u) => [u.id, u.district ? `${u.name} (${u.district})` : u.name] as const)} />
          <SelectField label={t('transfer.reasonLabel')} value={reason} onChange={(e) => setReason(e.target.value)} options={TRANSFER_REASONS.map((r) => [r, t(`transfer.reason.${r}`)] as const)} />
          <Field label={t('transfer.note')} value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />
          <button type="submit">{t('transfer.offer')}</button>
        </ActionForm>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
