import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../web/api.ts';
import { ActionBar, ActionForm, DataTable, Field, Notice, formatDate, formatDateTime, todayIso, type Column } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import type { ExtractOut, PersonHit } from '../extract.ts';
import { useAuditLabels } from './labels.ts';

type Extract = Wire<ExtractOut>;
type Row = Extract['entries'][number];


/**
 * A person's log extract: the reviewer finds the person by personnummer or name (the lookup is
 * logged), chooses a period, and gets who read or changed the person's records, when and from which
 * unit — as a page to print and as CSV.
 */
export function ExtractPage() {
  const { t, i18n } = useTranslation(['audit', 'common']);
  const labels = useAuditLabels();
  // The CSV is handed to the person: in the reviewer's language, or the other one on request.
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Wire<PersonHit>[] | null>(null);
  const [person, setPerson] = useState<Wire<PersonHit> | null>(null);
  // The last year up to today, in Stockholm's calendar (not UTC's, which is yesterday after midnight).
  const today = todayIso();
  const [from, setFrom] = useState(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28'));
  const [to, setTo] = useState(today);
  const [extract, setExtract] = useState<Extract | null>(null);
  const personLabel = (p: Wire<PersonHit>) => [p.name ?? p.pseudonym ?? t('extract.anonymous'), p.birthYear ? t('extract.born', { year: p.birthYear }) : null].filter(Boolean).join(', ');
  const query = person ? `personId=${person.id}&from=${from}&to=${to}` : '';
  const columns: Column<Row>[] = [
    { header: t('entry.at'), cell: (e) => formatDateTime(e.at) },
    { header: t('entry.actor'), cell: (e) => e.actorName ?? t('entry.system') },
    { header: t('entry.roleUnit'), cell: (e) => [e.actorRole && t(`roles.${e.actorRole}`, { ns: 'common', defaultValue: e.actorRole }), e.actorUnit].filter(Boolean).join(', ') },
    { header: t('entry.action'), cell: (e) => t(`actions.${e.action}`, { defaultValue: e.action }) },
    { header: t('entry.record'), cell: (e) => labels.recordType(e.recordType) },
    { header: t('entry.fields'), cell: (e) => (e.fields.length ? labels.fields(e.recordType, e.fields) : '–') },
    { header: t('entry.purpose'), cell: (e) => labels.purpose(e.purpose) },
  ];
  return (
    <main id="main" tabIndex={-1} className="extract-page">
      <h1>{t('extract.title')}</h1>
      <p className="no-print">{t('extract.intro')}</p>
      <section aria-labelledby="find-h" className="no-print">
        <h2 id="find-h">{t('extract.findTitle')}</h2>
        <ActionForm className="filter-row" onSubmit={async () => setHits(await get<Wire<PersonHit>[]>(`/api/audit/persons?q=${encodeURIComponent(q)}`))}>
          <Field label={t('extract.query')} hint={t('extract.queryHint')} value={q} onChange={(e) => setQ(e.target.value)} required minLength={2} maxLength={100} autoComplete="off" />
          <ActionBar>
            <button type="submit">{t('extract.find')}</button>
          </ActionBar>
        </ActionForm>
        {hits && hits.length === 0 && <Notice>{t('extract.noHits')}</Notice>}
        {hits && hits.length > 0 && (
          <ul className="hits">
            {hits.map((h) => (
              <li key={h.id}>
                <button type="button" aria-pressed={person?.id === h.id} onClick={() => { setPerson(h); setExtract(null); }}>
                  {t('extract.choose', { person: personLabel(h) })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {person && (
        <section aria-labelledby="period-h" className="no-print">
          <h2 id="period-h">{t('extract.periodTitle', { person: personLabel(person) })}</h2>
          <ActionForm className="filter-row" onSubmit={async () => setExtract(await get<Extract>(`/api/audit/extract?${query}`))}>
            <Field label={t('search.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
            <Field label={t('search.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
            <ActionBar>
              <button type="submit" className="primary">{t('extract.show')}</button>
            </ActionBar>
          </ActionForm>
        </section>
      )}
      {extract && person && (
        <section aria-labelledby="extract-h">
          <h2 id="extract-h">{t('extract.heading', { person: personLabel(person), from: formatDate(extract.from), to: formatDate(extract.to) })}</h2>
          <p>{t('extract.count', { count: extract.entries.length })}</p>
          <ActionBar>
            <button type="button" className="no-print" onClick={() => window.print()}>{t('extract.print')}</button>
            <a className="button no-print" href={`/api/audit/extract.csv?${query}&lang=${lang}`} download>{t('extract.csv')}</a>
            <a className="button no-print" href={`/api/audit/extract.csv?${query}&lang=${lang === 'en' ? 'sv' : 'en'}`} download>{t('extract.csvOther')}</a>
          </ActionBar>
          <DataTable caption={t('extract.caption')} columns={columns} rows={extract.entries} rowKey={(e) => `${e.at}-${e.action}-${e.recordType}-${e.actorName}-${e.fields.join(',')}`} empty={t('extract.empty')} />
        </section>
      )}
    </main>
  );
}
