import { Link } from 'react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../web/api.ts';
import { DataTable, formatDateTime } from '../../web/kit/index.ts';
import type { EscalationOut as Escalation, EscalationTranscriptOut as Transcript } from '../schema.ts';

/** Chats handed over with consent, waiting for intake at the reader's units. */
export function EscalationsPage() {
  const { t, i18n } = useTranslation('chat');
  const [rows, setRows] = useState<Escalation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Record<string, Transcript>>({});
  useEffect(() => void get<Escalation[]>('/api/chat/escalations').then(setRows, setError), []);
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('escalations.title')}</h1>
      <p>{t('escalations.intro')}</p>
      <DataTable
        caption={t('escalations.title')}
        rows={rows}
        error={error}
        empty={t('escalations.none')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('escalations.unit'), cell: (r) => r.targetUnitName },
          { header: t('escalations.group'), cell: (r) => t(`group.${r.targetGroup}`) },
          { header: t('escalations.created'), cell: (r) => when(r.createdAt) },
          { header: t('escalations.consent'), cell: (r) => when(r.consentGivenAt) },
          {
            header: t('escalations.transcript'),
            cell: (r) =>
              open[r.id] ? (
                <ol>
                  {open[r.id]!.messages.map((m, i) => (
                    <li key={i}>
                      <strong>{t(`console.sender.${m.sender}`)}:</strong> {m.body}
                    </li>
                  ))}
                </ol>
              ) : (
                <button type="button" onClick={() => get<Transcript>(`/api/chat/escalations/${r.id}/transcript`).then((x) => setOpen((o) => ({ ...o, [r.id]: x })), setError)}>
                  {t('escalations.transcript')}
                </button>
              ),
          },
          { header: t('escalations.intake'), cell: (r) => <Link to={`/kontakt/ny?chattEskalering=${r.id}`}>{t('escalations.register')}</Link> },
        ]}
      />
    </main>
  );
}
