import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { ActionForm, ConfirmButton, DataTable, ErrorMessage, Field, Loading, Notice, SelectField, TextAreaField, formatDate, useAction } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { MERGE_UNDO_DAYS } from '../rules.ts';
import type { MergeOut, MergePreviewOut, MergeRequestsOut } from '../schema.ts';
import { MergePreviewView } from './MergePreview.tsx';
import { useSession } from '../../web/session.tsx';

type Outgoing = MergeRequestsOut['outgoing'][number];
type Incoming = MergeRequestsOut['incoming'][number];

/**
 * Withdrawing an unanswered request the caller's unit sent; the confirmation says what follows. The
 * server decides who may (the requesting unit, the right to ask); the button is offered with that right.
 */
function WithdrawButton({ request, onWithdrawn }: { request: Outgoing; onWithdrawn(message: string): void }) {
  const { t } = useTranslation('persons');
  const action = useAction();
  return (
    <>
      <ConfirmButton
        question={t('requests.withdrawQuestion')}
        confirm={t('requests.withdrawYes')}
        disabled={action.busy}
        label={t('requests.withdrawLabel', { date: formatDate(request.requestedAt) })}
        onConfirm={() =>
          void action.run(async () => {
            await post(`/api/persons/merge-requests/${request.id}/withdraw`, {});
            onWithdrawn(t('requests.withdrawn'));
          })
        }
      >
        {t('requests.withdraw')}
      </ConfirmButton>
      <ErrorMessage error={action.error} />
    </>
  );
}

/** The requests a unit sent: when, how the record was named, and the answer. Nothing of the other record. */
function OutgoingTable({ rows, onWithdrawn }: { rows: Outgoing[]; onWithdrawn(message: string): void }) {
  const { t } = useTranslation('persons');
  const { can } = useSession();
  const canWithdraw = can('cases.write');
  return (
    <DataTable
      caption={t('requests.outgoing')}
      rows={rows}
      rowKey={(r) => r.id}
      empty={t('requests.noneOutgoing')}
      columns={[
        { header: t('requests.requestedAt'), cell: (r) => formatDate(r.requestedAt), rowHeader: true },
        { header: t('requests.foundBy'), cell: (r) => t(`requests.by.${r.foundBy}`) },
        { header: t('requests.status'), cell: (r) => t(`requests.statuses.${r.status}`) },
        { header: t('requests.answer'), cell: (r) => (r.declineReason ? r.declineReason : r.decidedAt ? formatDate(r.decidedAt) : '–') },
        ...(canWithdraw ? [{ header: t('requests.actions'), cell: (r: Outgoing) => (r.status === 'pending' ? <WithdrawButton request={r} onWithdrawn={onWithdrawn} /> : '–') }] : []),
      ]}
    />
  );
}

/**
 * On the case page: ask the unit that holds another record of the person to merge it into this
 * one. The caseworker names it by personnummer or by a case number the other unit gave them, and
 * sees only the request and its answer, never the other record.
 */
export function AskOtherUnit({ personId }: { personId: string }) {
  const { t } = useTranslation('persons');
  const [by, setBy] = useState<'personnummer' | 'caseNumber'>('personnummer');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  const [rows, setRows] = useState<Outgoing[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => get<MergeRequestsOut>(`/api/persons/merge-requests?person=${personId}`).then((r) => setRows(r.outgoing), setError), [personId]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="ask-h">
      <h4 id="ask-h">{t('requests.askTitle')}</h4>
      <p>{t('requests.askIntro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={error} />
      <ActionForm
        label={t('requests.askTitle')}
        onSubmit={async () => {
          setNotice(null);
          await post(`/api/persons/${personId}/merge-requests`, { [by]: value, ...(message.trim() ? { message } : {}) });
          setValue('');
          setMessage('');
          setNotice(t('requests.sent'));
          await load();
        }}
      >
        <SelectField label={t('requests.nameBy')} value={by} onChange={(e) => setBy(e.target.value as typeof by)} options={[['personnummer', t('requests.by.personnummer')], ['caseNumber', t('requests.by.case_number')]]} />
        <Field label={by === 'personnummer' ? t('requests.personnummer') : t('requests.caseNumber')} value={value} onChange={(e) => setValue(e.target.value)} required maxLength={20} autoComplete="off" />
        <TextAreaField label={t('requests.message')} hint={t('requests.messageHint')} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={1000} rows={3} />
        <button type="submit">{t('requests.send')}</button>
      </ActionForm>
      {rows && rows.length > 0 && (
        <OutgoingTable
          rows={rows}
          onWithdrawn={(m) => {
            setNotice(m);
            void load();
          }}
        />
      )}
    </section>
  );
}

/** One request to the caller's unit: preview, then accept (the merge) or decline with a reason. */
function IncomingRequest({ request, onDone }: { request: Incoming; onDone(message: string): void }) {
  const { t } = useTranslation('persons');
  const [preview, setPreview] = useState<Wire<MergePreviewOut> | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <li>
      <p>
        {t('requests.from', { unit: request.requestingUnit, by: request.requestedBy, date: formatDate(request.requestedAt), record: request.otherLabel ?? t('merge.anonymous') })}
        {' '}
        {t(`requests.foundByText.${request.foundBy}`)}
      </p>
      {request.message && <blockquote>{request.message}</blockquote>}
      <ErrorMessage error={action.error} />
      {!preview ? (
        <button type="button" disabled={action.busy} onClick={() => void action.run(async () => setPreview(await get<Wire<MergePreviewOut>>(`/api/persons/merge-requests/${request.id}/preview`)))}>
          {t('requests.showPreview')}
        </button>
      ) : (
        <div>
          <MergePreviewView preview={preview} />
          {preview.problem ? (
            <p>{t(`merge.problem.${preview.problem}`)}</p>
          ) : (
            <ConfirmButton
              question={t('requests.acceptQuestion', { days: MERGE_UNDO_DAYS })}
              confirm={t('requests.acceptYes')}
              disabled={action.busy}
              onConfirm={() =>
                void action.run(async () => {
                  const done = await post<MergeOut>(`/api/persons/merge-requests/${request.id}/accept`, { version: preview.survivor.version, otherVersion: preview.other.version });
                  onDone(t('merge.done', { until: formatDate(done.undoUntil) }));
                })
              }
            >
              {t('requests.accept')}
            </ConfirmButton>
          )}
          <ActionForm
            label={t('requests.decline')}
            onSubmit={async () => {
              await post(`/api/persons/merge-requests/${request.id}/decline`, { reason });
              onDone(t('requests.declined'));
            }}
          >
            <TextAreaField label={t('requests.declineReason')} hint={t('requests.declineHint')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={5} maxLength={1000} rows={3} />
            <button type="submit">{t('requests.decline')}</button>
          </ActionForm>
        </div>
      )}
    </li>
  );
}

/** The unit's merge requests: those other units sent about its records, and those it sent. */
export function MergeRequestsPage() {
  const { t } = useTranslation('persons');
  const [data, setData] = useState<MergeRequestsOut | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(() => get<MergeRequestsOut>('/api/persons/merge-requests').then(setData, setError), []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('requests.title')}</h1>
      <p>{t('requests.intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={error} />
      {!data ? (
        !error && <Loading />
      ) : (
        <>
          <section aria-labelledby="incoming-h">
            <h2 id="incoming-h">{t('requests.incoming')}</h2>
            {data.incoming.length === 0 ? (
              <p>{t('requests.noneIncoming')}</p>
            ) : (
              <ul className="plain">
                {data.incoming.map((r) => (
                  <IncomingRequest
                    key={r.id}
                    request={r}
                    onDone={(message) => {
                      setNotice(message);
                      void load();
                    }}
                  />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="outgoing-h">
            <h2 id="outgoing-h">{t('requests.outgoing')}</h2>
            <OutgoingTable
              rows={data.outgoing}
              onWithdrawn={(message) => {
                setNotice(message);
                void load();
              }}
            />
          </section>
        </>
      )}
    </main>
  );
}
