import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../web/api.ts';
import { ActionBar, DataTable, ErrorMessage, Field, formatDateTime, Loading, SelectField, useAction, useApiData } from '../../web/kit/index.ts';
import type { Actor, AuditEntry } from './types.ts';
import { useAuditLabels } from './labels.ts';

const PAGE_SIZE = 50;

interface Criteria {
  userId: string;
  personId: string;
  recordType: string;
  from: string;
  to: string;
}

const EMPTY: Criteria = { userId: '', personId: '', recordType: '', from: '', to: '' };

function entriesUrl(c: Criteria, beforeId?: number) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [k, v] of Object.entries(c)) if (v.trim()) params.set(k, v.trim());
  if (beforeId) params.set('beforeId', String(beforeId));
  return `/api/audit/entries?${params}`;
}

function EntriesTable({ entries, labels }: { entries: AuditEntry[]; labels: ReturnType<typeof useAuditLabels> }) {
  const { t, i18n } = useTranslation('audit');
  const { t: common } = useTranslation();
  return (
    <DataTable
      className="dense"
      caption={t('search.results')}
      rows={entries}
      rowKey={(e) => e.id}
      columns={[
        { header: t('entry.at'), cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time> },
        { header: t('entry.actor'), cell: (e) => e.actorName ?? t('entry.system') },
        {
          header: t('entry.roleUnit'),
          cell: (e) => (
            <>
              {e.actorRole ? common(`roles.${e.actorRole}`, { defaultValue: e.actorRole }) : '–'}
              {e.actorUnit && <span className="secondary">{e.actorUnit}</span>}
            </>
          ),
        },
        { header: t('entry.action'), cell: (e) => t(`actions.${e.action}`, { defaultValue: e.action }) },
        {
          header: t('entry.record'),
          cell: (e) => (
            <>
              {labels.recordType(e.recordType)}
              {e.recordId && <code className="secondary">{e.recordId}</code>}
              {e.personId && (
                <span className="secondary">
                  {t('entry.person')} <code>{e.personId}</code>
                </span>
              )}
            </>
          ),
        },
        { header: t('entry.fields'), cell: (e) => (e.fields.length ? labels.fields(e.recordType, e.fields) : '–') },
        { header: t('entry.purpose'), cell: (e) => labels.purpose(e.purpose) },
      ]}
    />
  );
}

/** Log review: who read or changed what, when and why — by user, person, record type and period. */
export function SearchPage() {
  const { t } = useTranslation('audit');
  const { data: actors, error: actorsError } = useApiData<Actor[]>('/api/audit/actors');
  const [form, setForm] = useState<Criteria>(EMPTY);
  const [searched, setSearched] = useState<Criteria | null>(null);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const { busy, error, run } = useAction();
  const labels = useAuditLabels();
  const typesError = labels.error;

  const load = (criteria: Criteria, append: boolean) =>
    run(async () => {
      const beforeId = append ? entries[entries.length - 1]?.id : undefined;
      const page = await get<AuditEntry[]>(entriesUrl(criteria, beforeId));
      setEntries(append ? [...entries, ...page] : page);
      setMore(page.length === PAGE_SIZE);
      setSearched(criteria);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(form, false);
  };
  const set = (key: keyof Criteria) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('search.title')}</h1>
      <p>{t('search.intro')}</p>
      <ErrorMessage error={actorsError ?? typesError} />
      <form role="search" aria-label={t('search.formLabel')} onSubmit={submit} noValidate>
        <div className="toolbar">
          {actors ? (
            <SelectField
              label={t('search.user')}
              name="userId"
              value={form.userId}
              onChange={set('userId')}
              options={[['', t('search.allUsers')], ...actors.map((a) => [a.id, `${a.displayName} (${a.username})`] as const)]}
            />
          ) : (
            !actorsError && <Loading />
          )}
          <Field label={t('search.personId')} name="personId" hint={t('search.personIdHint')} value={form.personId} onChange={set('personId')} />
          <SelectField
            label={t('search.recordType')}
            name="recordType"
            value={form.recordType}
            onChange={set('recordType')}
            options={[['', t('search.allRecordTypes')], ...labels.recordTypeOptions]}
          />
        </div>
        <div className="toolbar">
          <Field label={t('search.from')} name="from" type="date" value={form.from} onChange={set('from')} />
          <Field label={t('search.to')} name="to" type="date" value={form.to} onChange={set('to')} />
          <ActionBar>
            <button type="submit" className="primary" disabled={busy}>
              {t('search.submit')}
            </button>
            <button type="button" disabled={busy} onClick={() => setForm(EMPTY)}>
              {t('search.clear')}
            </button>
          </ActionBar>
        </div>
      </form>
      <ErrorMessage error={error} />
      {searched && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('search.results')}</h2>
          <p role="status">{entries.length === 0 ? t('search.none') : t('search.count', { count: entries.length })}</p>
          {entries.length > 0 && <EntriesTable entries={entries} labels={labels} />}
          {more && (
            <button type="button" disabled={busy} onClick={() => void load(searched, true)}>
              {t('search.older')}
            </button>
          )}
        </section>
      )}
    </main>
  );
}
