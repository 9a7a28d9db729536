import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { ActionForm, Alert, ConfirmButton, DataTable, ErrorMessage, Field, Notice, formatDate, useAction } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { MERGE_UNDO_DAYS } from '../rules.ts';
import { MergePreviewView } from './MergePreview.tsx';
import { AskOtherUnit } from './MergeRequests.tsx';
import type { MergeOut, MergePreviewOut, PersonOut } from '../schema.ts';

interface Found { id: string; personLabel: string | null; unitName: string; identityMode: string }
interface MergeRow { id: string; mergedId: string; mergedAt: string; undoneAt: string | null; undoUntil: string; canUndo: boolean }
type Shown = Omit<Wire<PersonOut>, 'id' | 'version'>;

/**
 * Merging another record of the same person into this one (issue 16): find the other record among
 * the caller's cases, see what the merged record will be and what follows, confirm; undo within the window.
 */
export function MergeSection({ personId, onChanged }: { personId: string; onChanged(): void }) {
  const { t } = useTranslation(['persons', 'intake']);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [preview, setPreview] = useState<Wire<MergePreviewOut> | null>(null);
  const [merges, setMerges] = useState<MergeRow[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const loadMerges = useCallback(() => get<MergeRow[]>(`/api/persons/${personId}/merges`).then(setMerges, action.setError), [personId, action.setError]);
  useEffect(() => {
    void loadMerges();
  }, [loadMerges]);

  const choose = (caseId: string) =>
    action.run(async () => {
      const c = await get<{ person: { id: string } }>(`/api/cases/${caseId}`);
      setPreview(await get<Wire<MergePreviewOut>>(`/api/persons/${personId}/merge-preview?other=${encodeURIComponent(c.person.id)}`));
      setNotice(null);
    });
  return (
    <section aria-labelledby="merge-h">
      <h3 id="merge-h">{t('merge.title')}</h3>
      <p>{t('merge.intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={action.error} />
      <ActionForm label={t('merge.find')} onSubmit={async () => setFound(await post<Found[]>('/api/cases/search', { query }))}>
        <Field label={t('merge.search')} value={query} onChange={(e) => setQuery(e.target.value)} minLength={2} maxLength={100} required />
        <button type="submit">{t('merge.find')}</button>
      </ActionForm>
      {found && found.length === 0 && <p>{t('merge.none')}</p>}
      {found && found.length > 0 && (
        <ul>
          {found.map((f) => (
            <li key={f.id}>
              <button type="button" disabled={action.busy} onClick={() => void choose(f.id)}>
                {t('merge.choose', { person: `${f.personLabel ?? t('merge.anonymous')} (${f.unitName})` })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {preview && (
        <div>
          <MergePreviewView preview={preview} />
          {preview.problem ? (
            <Alert>{t(`merge.problem.${preview.problem}`)}</Alert>
          ) : (
            <ConfirmButton
              question={t('merge.question', { days: MERGE_UNDO_DAYS })}
              confirm={t('merge.yes')}
              disabled={action.busy}
              onConfirm={() =>
                void action.run(async () => {
                  const done = await post<MergeOut>(`/api/persons/${personId}/merge`, { other: preview.other.id, version: preview.survivor.version, otherVersion: preview.other.version });
                  setPreview(null);
                  setFound(null);
                  setNotice(t('merge.done', { until: formatDate(done.undoUntil) }));
                  await loadMerges();
                  onChanged();
                })
              }
            >
              {t('merge.confirm')}
            </ConfirmButton>
          )}
        </div>
      )}
      <AskOtherUnit personId={personId} />
      {merges.length > 0 && (
        <DataTable
          caption={t('merge.merges')}
          rows={merges}
          rowKey={(m) => m.id}
          columns={[
            { header: t('merge.mergedAt'), cell: (m) => formatDate(m.mergedAt), rowHeader: true },
            { header: t('merge.undoUntil'), cell: (m) => (m.undoneAt ? `${t('merge.undone')} ${formatDate(m.undoneAt)}` : formatDate(m.undoUntil)) },
            {
              header: t('merge.undo'),
              cell: (m) =>
                m.canUndo ? (
                  <ConfirmButton
                    question={t('merge.undoQuestion')}
                    confirm={t('merge.undoYes')}
                    disabled={action.busy}
                    onConfirm={() =>
                      void action.run(async () => {
                        const r = await post<{ rowsMovedBack: number }>(`/api/persons/merges/${m.id}/undo`);
                        setNotice(t('merge.undoneNotice', { count: r.rowsMovedBack }));
                        await loadMerges();
                        onChanged();
                      })
                    }
                  >
                    {t('merge.undo')}
                  </ConfirmButton>
                ) : (
                  '–'
                ),
            },
          ]}
        />
      )}
    </section>
  );
}

