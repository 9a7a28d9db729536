import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post, put, ApiError } from '../../web/api.ts';
import { ActionForm, CheckboxField, CheckboxGroup, ConfirmButton, DataTable, Field, Notice, SelectField, TextAreaField, formatDate, todayIso, useApiData } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import { isRole, roleHas } from '../../core/access/policy.ts';
import { DIRECTORY_KINDS, GENDERS, TARGET_GROUPS } from '../rules.ts';
import type { ManagedEntryOut } from '../schema.ts';

/** The units where the user may manage the directory (an entry's owner is one of them). */
function useManagedUnits(): Array<readonly [string, string]> {
  const { me } = useSession();
  const units = new Map<string, string>();
  for (const g of me?.grants ?? []) if (g.unitId && isRole(g.role) && roleHas(g.role, 'directory.manage')) units.set(g.unitId, g.unitName ?? g.unitId);
  return [...units.entries()];
}

/** The entries the user's units own, deactivated ones too: each opens in the editor. */
export function ManageEntriesPage() {
  const { t } = useTranslation('directory');
  const { data, error } = useApiData<ManagedEntryOut[]>('/api/directory/entries');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('manage.title')}</h1>
      <p>{t('manage.intro')}</p>
      <p className="toolbar">
        <Link to="/katalog/poster/ny">{t('manage.new')}</Link>
        <Link to="/katalog/import">{t('import.title')}</Link>
      </p>
      <DataTable
        caption={t('manage.title')}
        rows={data ?? null}
        error={error}
        empty={t('manage.none')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('columns.name'), cell: (r) => <Link to={`/katalog/poster/${r.id}`}>{r.name}</Link>, rowHeader: true },
          { header: t('form.owner'), cell: (r) => r.ownerUnitName },
          { header: t('lastReviewed'), cell: (r) => (<>{formatDate(r.lastReviewedOn)}{r.reviewDue && <> · {t('manage.reviewDue')}</>}</>) },
          { header: t('manage.status'), cell: (r) => (r.active ? (r.visibility === 'internal' ? t('internal') : t('manage.public')) : t('manage.inactive')) },
        ]}
      />
    </main>
  );
}

interface Draft {
  name: string;
  kind: string;
  offerSv: string;
  offerEn: string;
  targetGroups: string[];
  ageMin: string;
  ageMax: string;
  genders: string[];
  languages: string;
  openingHours: string;
  phone: string;
  email: string;
  web: string;
  address: string;
  anonymousContact: boolean;
  noExclusions: boolean;
  exclusionCriteria: string;
  meansTested: boolean;
  evidenceNote: string;
  visibility: string;
  ownerUnitId: string;
  lastReviewedOn: string;
}

const empty = (ownerUnitId: string): Draft => ({
  name: '', kind: 'civil_society', offerSv: '', offerEn: '', targetGroups: [], ageMin: '', ageMax: '', genders: [], languages: 'sv', openingHours: '', phone: '', email: '', web: '', address: '',
  anonymousContact: false, noExclusions: true, exclusionCriteria: '', meansTested: false, evidenceNote: '', visibility: 'public', ownerUnitId, lastReviewedOn: todayIso(),
});

const fromEntry = (e: ManagedEntryOut): Draft => ({
  name: e.name, kind: e.kind, offerSv: e.offerSv, offerEn: e.offerEn, targetGroups: e.targetGroups, ageMin: e.ageMin?.toString() ?? '', ageMax: e.ageMax?.toString() ?? '', genders: e.genders,
  languages: e.languages.join(', '), openingHours: e.openingHours, phone: e.phone ?? '', email: e.email ?? '', web: e.web ?? '', address: e.address ?? '', anonymousContact: e.anonymousContact,
  noExclusions: e.exclusionCriteria === null, exclusionCriteria: e.exclusionCriteria ?? '', meansTested: e.meansTested, evidenceNote: e.evidenceNote ?? '', visibility: e.visibility, ownerUnitId: e.ownerUnitId, lastReviewedOn: e.lastReviewedOn,
});

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const intOrNull = (s: string) => (s.trim() ? Number(s) : null);

/** The body the entry routes take. */
function toBody(d: Draft) {
  return {
    ownerUnitId: d.ownerUnitId,
    entry: {
      name: d.name, kind: d.kind, offerSv: d.offerSv, offerEn: d.offerEn, targetGroups: d.targetGroups, ageMin: intOrNull(d.ageMin), ageMax: intOrNull(d.ageMax), genders: d.genders,
      languages: d.languages.split(/[,;\s]+/).map((l) => l.trim().toLowerCase()).filter(Boolean), openingHours: d.openingHours, phone: orNull(d.phone), email: orNull(d.email), web: orNull(d.web), address: orNull(d.address),
      anonymousContact: d.anonymousContact, exclusionCriteria: d.noExclusions ? null : orNull(d.exclusionCriteria), meansTested: d.meansTested, evidenceNote: orNull(d.evidenceNote), visibility: d.visibility, lastReviewedOn: d.lastReviewedOn,
    },
  };
}

/** Create or edit an entry with every field of the directory; deactivate it or bring it back. */
export function EntryEditPage() {
  const { t } = useTranslation('directory');
  const { id } = useParams();
  const navigate = useNavigate();
  const units = useManagedUnits();
  const isNew = !id || id === 'ny';
  const [entry, setEntry] = useState<ManagedEntryOut | null>(null);
  const [d, setD] = useState<Draft | null>(isNew ? empty(units[0]?.[0] ?? '') : null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const load = () => get<ManagedEntryOut>(`/api/directory/entries/${id}`).then((e) => (setEntry(e), setD(fromEntry(e))), setLoadError);
  useEffect(() => void (isNew ? setD((x) => x ?? empty(units[0]?.[0] ?? '')) : load()), [id]);
  useEffect(() => {
    if (isNew && d && !d.ownerUnitId && units[0]) setD({ ...d, ownerUnitId: units[0][0] });
  }, [units.length]);
  if (loadError) return <main id="main" tabIndex={-1}><h1>{t('form.editTitle')}</h1><Notice>{(loadError as Error).message}</Notice></main>;
  if (!d) return <main id="main" tabIndex={-1} aria-busy="true" />;
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((x) => (x ? { ...x, [k]: v } : x));
  const text = (k: keyof Draft) => (e: { target: { value: string } }) => set(k)(e.target.value as never);
  const err = (path: string) => errors[`entry.${path}`] ?? errors[path];

  async function save() {
    setSaved('');
    setErrors({});
    try {
      if (isNew) {
        const { id: created } = await post<{ id: string }>('/api/directory/entries', toBody(d!));
        navigate(`/katalog/poster/${created}`, { replace: true });
      } else {
        await put(`/api/directory/entries/${id}`, toBody(d!));
        await load();
      }
      setSaved(t('form.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setErrors(Object.fromEntries(e.issues.map((i) => [i.path, i.message])));
      throw e;
    }
  }

  return (
    <main id="main" tabIndex={-1}>
      <p>
        <Link to="/katalog/poster">{t('manage.back')}</Link>
      </p>
      <h1>{isNew ? t('form.newTitle') : t('form.editTitle')}</h1>
      {entry && !entry.active && <Notice>{t('form.inactiveNotice')}</Notice>}
      {saved && <Notice>{saved}</Notice>}
      <ActionForm onSubmit={save} label={isNew ? t('form.newTitle') : t('form.editTitle')} noValidate>
        <Field label={t('form.name')} value={d.name} onChange={text('name')} error={err('name')} required maxLength={200} />
        <SelectField label={t('form.kind')} value={d.kind} onChange={text('kind')} options={DIRECTORY_KINDS.map((k) => [k, t(`kinds.${k}`)] as const)} />
        <TextAreaField label={t('form.offerSv')} value={d.offerSv} onChange={text('offerSv')} error={err('offerSv')} rows={3} maxLength={2000} />
        <TextAreaField label={t('form.offerEn')} value={d.offerEn} onChange={text('offerEn')} error={err('offerEn')} rows={3} maxLength={2000} />
        <CheckboxGroup legend={t('form.targetGroups')} options={TARGET_GROUPS.map((g) => [g, t(`groups.${g}`)] as const)} value={d.targetGroups} onChange={set('targetGroups')} />
        {err('targetGroups') && <p className="field-error">{err('targetGroups')}</p>}
        <div className="toolbar">
          <Field label={t('form.ageMin')} type="number" min={0} max={120} value={d.ageMin} onChange={text('ageMin')} error={err('ageMin')} />
          <Field label={t('form.ageMax')} type="number" min={0} max={120} value={d.ageMax} onChange={text('ageMax')} error={err('ageMax')} />
        </div>
        <CheckboxGroup legend={t('form.genders')} options={GENDERS.map((g) => [g, t(`genders.${g}`)] as const)} value={d.genders} onChange={set('genders')} />
        <Field label={t('form.languages')} hint={t('form.languagesHint')} value={d.languages} onChange={text('languages')} error={err('languages')} />
        <Field label={t('form.openingHours')} value={d.openingHours} onChange={text('openingHours')} error={err('openingHours')} maxLength={300} />
        <fieldset>
          <legend>{t('form.reach')}</legend>
          <Field label={t('form.phone')} value={d.phone} onChange={text('phone')} error={err('phone')} maxLength={40} />
          <Field label={t('form.email')} type="email" value={d.email} onChange={text('email')} error={err('email')} maxLength={200} />
          <Field label={t('form.web')} hint={t('form.webHint')} value={d.web} onChange={text('web')} error={err('web')} maxLength={300} />
          <Field label={t('form.address')} value={d.address} onChange={text('address')} error={err('address')} maxLength={300} />
        </fieldset>
        <CheckboxField label={t('anonymous')} checked={d.anonymousContact} onChange={set('anonymousContact')} />
        <CheckboxField label={t('noExclusions')} hint={t('form.noExclusionsHint')} checked={d.noExclusions} onChange={set('noExclusions')} />
        {!d.noExclusions && <TextAreaField label={t('form.exclusionCriteria')} value={d.exclusionCriteria} onChange={text('exclusionCriteria')} error={err('exclusionCriteria')} rows={2} maxLength={1000} />}
        <CheckboxField label={t('meansTested')} checked={d.meansTested} onChange={set('meansTested')} />
        <TextAreaField label={t('form.evidenceNote')} hint={t('form.evidenceHint')} value={d.evidenceNote} onChange={text('evidenceNote')} error={err('evidenceNote')} rows={2} maxLength={1000} />
        <SelectField label={t('form.visibility')} value={d.visibility} onChange={text('visibility')} options={[['public', t('manage.public')], ['internal', t('internal')]]} />
        <SelectField label={t('form.owner')} value={d.ownerUnitId} onChange={text('ownerUnitId')} options={units.length ? units : [[d.ownerUnitId, entry?.ownerUnitName ?? '–']]} />
        <Field label={t('lastReviewed')} type="date" max={todayIso()} value={d.lastReviewedOn} onChange={text('lastReviewedOn')} error={err('lastReviewedOn')} />
        <button type="submit" className="primary">
          {t('form.save')}
        </button>
      </ActionForm>
      {entry && (
        <ActionForm label={entry.active ? t('form.deactivate') : t('form.activate')}>
          {(run) =>
            entry.active ? (
              <ConfirmButton question={t('form.deactivateQuestion', { name: entry.name })} confirm={t('form.deactivate')} onConfirm={() => run(() => post(`/api/directory/entries/${entry.id}/active`, { active: false }).then(load))}>
                {t('form.deactivate')}
              </ConfirmButton>
            ) : (
              <button type="button" onClick={() => run(() => post(`/api/directory/entries/${entry.id}/active`, { active: true }).then(load))}>
                {t('form.activate')}
              </button>
            )
          }
        </ActionForm>
      )}
    </main>
  );
}

interface ImportResult {
  imported: number;
  errors: Array<{ row: number; field: string; message: string }>;
}

/** CSV import: the file's rows checked one by one; every row's errors are shown, and nothing is imported unless asked to take the good rows. */
export function ImportPage() {
  const { t } = useTranslation('directory');
  const units = useManagedUnits();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [ownerUnitId, setOwner] = useState('');
  const [partial, setPartial] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const owner = ownerUnitId || units[0]?.[0] || '';

  async function send() {
    setResult(null);
    try {
      setResult(await post<ImportResult>('/api/directory/import', { csv, ownerUnitId: owner, partial }));
    } catch (e) {
      // 422: the rows with errors come with the answer; nothing was imported.
      if (e instanceof ApiError && e.status === 422 && e.body && typeof e.body === 'object' && 'errors' in e.body) setResult(e.body as ImportResult);
      else throw e;
    }
  }

  return (
    <main id="main" tabIndex={-1}>
      <p>
        <Link to="/katalog/poster">{t('manage.back')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <ActionForm onSubmit={send} label={t('import.title')}>
        <div className="field">
          <label htmlFor="directory-csv-file">{t('import.file')}</label>
          <input
            id="directory-csv-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setFileName(f?.name ?? '');
              if (f) void f.text().then(setCsv);
            }}
          />
        </div>
        <TextAreaField label={t('import.text')} hint={t('import.textHint')} value={csv} onChange={(e) => setCsv(e.target.value)} rows={6} />
        <SelectField label={t('form.owner')} value={owner} onChange={(e) => setOwner(e.target.value)} options={units} />
        <CheckboxField label={t('import.partial')} hint={t('import.partialHint')} checked={partial} onChange={setPartial} />
        <button type="submit" className="primary" disabled={!csv.trim()}>
          {t('import.send')}
        </button>
      </ActionForm>
      {result && (
        <section aria-labelledby="import-result-h" aria-live="polite">
          <h2 id="import-result-h">{t('import.result')}</h2>
          <p>{result.errors.length ? (result.imported ? t('import.someImported', { count: result.imported, file: fileName }) : t('import.noneImported', { rows: new Set(result.errors.map((e) => e.row)).size })) : t('import.allImported', { count: result.imported })}</p>
          {result.errors.length > 0 && (
            <DataTable
              caption={t('import.errors')}
              rows={result.errors}
              empty=""
              rowKey={(e) => `${e.row}-${e.field}-${e.message}`}
              columns={[
                { header: t('import.row'), cell: (e) => e.row, rowHeader: true },
                { header: t('import.field'), cell: (e) => e.field || '–' },
                { header: t('import.message'), cell: (e) => e.message },
              ]}
            />
          )}
        </section>
      )}
    </main>
  );
}
