import { useTranslation } from 'react-i18next';
import { DataTable, Notice } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import type { MergePreviewOut, PersonOut } from '../schema.ts';
import { movesText } from './moves.ts';

type Shown = Omit<Wire<PersonOut>, 'id' | 'version'>;

/** A merge's preview: the two records and the joined one, side by side, and what moves and follows in words. */
export function MergePreviewView({ preview }: { preview: Wire<MergePreviewOut> }) {
  const { t } = useTranslation(['persons', 'intake']);
  const label = (p: Shown) => p.name ?? p.pseudonym ?? t('merge.anonymous');
  const birth = (x: Shown) => x.birthDate ?? (x.birthYear ? String(x.birthYear) : '–');
  const facts: Array<[string, (x: Shown) => string]> = [
    ['identity', (x) => t(`intake:identityMode.${x.identityMode}`)],
    ['name', (x) => label(x)],
    ['birth', birth],
    ['protection', (x) => t(`intake:protection.${x.protection}`)],
    ['languages', (x) => x.languages.join(', ') || '–'],
  ];
  const rows = facts.map(([key, f]) => ({ key, field: t(`merge.fields.${key}`), survivor: f(preview.survivor), other: f(preview.other), result: f(preview.result) }));
  return (
    <>
      <h4>{t('merge.preview')}</h4>
      <DataTable
        caption={t('merge.preview')}
        rows={rows}
        rowKey={(r) => r.key}
        columns={[
          { header: t('merge.field'), cell: (r) => r.field, rowHeader: true },
          { header: t('merge.survivor'), cell: (r) => r.survivor },
          { header: t('merge.other'), cell: (r) => r.other },
          { header: t('merge.result'), cell: (r) => r.result },
        ]}
      />
      {preview.protectionRaised && <Notice>{t('merge.protectionRaised', { level: t(`intake:protection.${preview.result.protection}`) })}</Notice>}
      <h4>{t('merge.moves')}</h4>
      {preview.moves.every((m) => m.count === 0) ? <p>{t('merge.noMoves')}</p> : <p>{movesText(t, preview.moves)}</p>}
      {preview.follows.some((m) => m.count > 0) && (
        <p>
          {t('merge.follows')}: {movesText(t, preview.follows)}
        </p>
      )}
    </>
  );
}
