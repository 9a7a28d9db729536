import { Link } from 'react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../web/api.ts';
import { ErrorMessage, Loading } from '../../web/components.tsx';
import type { EscalationOut as Escalation, EscalationTranscriptOut as Transcript } from '../schema.ts';

/** Chats handed over with consent, waiting for intake at the reader's units. */
export function EscalationsPage() {
  const { t, i18n } = useTranslation('chat');
  const [rows, setRows] = useState<Escalation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Record<string, Transcript>>({});
  useEffect(() => void get<Escalation[]>('/api/chat/escalations').then(setRows, setError), []);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('escalations.title')}</h1>
      <p>{t('escalations.intro')}</p>
      <ErrorMessage error={error} />
      {!rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t('escalations.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('escalations.unit')}</th>
              <th scope="col">{t('escalations.group')}</th>
              <th scope="col">{t('escalations.created')}</th>
              <th scope="col">{t('escalations.consent')}</th>
              <th scope="col">{t('escalations.transcript')}</th>
              <th scope="col">{t('escalations.intake')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.targetUnitName}</td>
                <td>{t(`group.${r.targetGroup}`)}</td>
                <td>{when(r.createdAt)}</td>
                <td>{when(r.consentGivenAt)}</td>
                <td>
                  {open[r.id] ? (
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
                  )}
                </td>
                <td>
                  <Link to={`/kontakt/ny?chattEskalering=${r.id}`}>{t('escalations.register')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
