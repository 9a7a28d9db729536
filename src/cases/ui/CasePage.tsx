import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { swedishDate } from '../../core/time/stockholm.ts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, get, post } from '../../web/api.ts';
import { ActionBar, ActionForm, ConfirmButton, Checkbox, CheckboxGroup, DataTable, ErrorMessage, Field, Loading, Notice, SelectField, TextAreaField, formatDate, formatDateTime, todayIso } from '../../web/kit/index.ts';
import { useSession, useSessionDraft } from '../../web/session.tsx';
import type { Wire } from '../../core/http/wire.ts';
import type { ContactDetails } from '../../persons/schema.ts';
import { EXPLOITATION_TYPES, TRAFFICKING_INDICATORS } from '../rules.ts';
import type { CaseOut, JournalEntryOut, JournalPageOut } from '../schema.ts';
import { patch } from '../../web/api.ts';
import { caseSections } from './sections.ts';
import { DecisionsSection } from './DecisionsSection.tsx';
import { MergeSection } from '../../persons/ui/MergeSection.tsx';

/** The case page as the web app receives it (the contract in ../schema.ts). */
export type CaseView = Wire<CaseOut>;
/** What the page runs a change with: the change, then a reload of the case. */
export type Act = (action: () => Promise<unknown>) => Promise<void>;

export function CasePage() {
  const { id } = useParams();
  const { t } = useTranslation(['cases', 'intake']);
  const [c, setCase] = useState<CaseView | null>(null);
  const { can } = useSession();
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => get<CaseView>(`/api/cases/${id}`).then(setCase, setError), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  /** Runs a change, then reloads the case; errors are shown where the change was made. */
  const act = useCallback(
    async (action: () => Promise<unknown>) => {
      await action();
      await load();
    },
    [load],
  );
  if (!c) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  const label = c.person.name ?? c.person.pseudonym ?? t('anonymous');
  const tagList = (values: string[], prefix: string) => (values.length ? values.map((v) => <span key={v} className="tag">{t(`intake:${prefix}.${v}`)}</span>) : '–');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('caseTitle', { person: label })}</h1>
      <dl className="facts">
        <dt>{t('facts.number')}</dt>
        <dd>{c.number}</dd>
        <dt>{t('facts.unit')}</dt>
        <dd>{c.unitName}</dd>
        <dt>{t('facts.status')}</dt>
        <dd>{t(`status.${c.status}`)}</dd>
        <dt>{t('facts.role')}</dt>
        <dd>{t(`intake:personRole.${c.personRole}`)}</dd>
        <dt>{t('facts.age')}</dt>
        <dd>{t(`intake:ageGroup.${c.ageGroup}`)}</dd>
        <dt>{t('facts.victim')}</dt>
        <dd>{c.victim ? t('victimYes') : t('victimNo')}</dd>
        <dt>{t('facts.channel')}</dt>
        <dd>
          {t(`intake:channel.${c.contact.channel}`)}, {formatDate(c.contact.receivedOn)}
        </dd>
        <dt>{t('facts.exploitation')}</dt>
        <dd>{tagList(c.exploitationTypes, 'exploitation')}</dd>
        {c.assessmentDue && (
          <>
            <dt>{t('facts.due')}</dt>
            <dd>{formatDate(c.assessmentDue)}</dd>
          </>
        )}
        <dt>{t('facts.assigned')}</dt>
        <dd>{c.assignedName ?? t('assign.nobody')}</dd>
      </dl>
      <AssignSection c={c} act={act} />
      {c.contact.summary && <p className="journal-entry">{c.contact.summary}</p>}
      <SituationSection c={c} act={act} />
      <PersonSection c={c} />
      {can('cases.write') && <MergeSection personId={c.person.id} onChanged={() => void load()} />}
      <ReferralsSection c={c} act={act} />
      {caseSections.map(({ key, Section }) => (
        <Section key={key} c={c} act={act} />
      ))}
      <JournalSection c={c} act={act} />
      <DecisionsSection c={c} act={act} />
      <StepsSection c={c} act={act} />
    </main>
  );
}

/**
 * Who handles the case: anyone who may write in it assigns or re-assigns it to a caseworker of its
 * unit (or takes it), so a new case does not wait with "–" and reaches that person's "Mina ärenden".
 */
function AssignSection({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation('cases');
  const { me, can } = useSession();
  const [staff, setStaff] = useState<Array<{ id: string; name: string }> | null>(null);
  const [chosen, setChosen] = useState(c.assignedTo ?? '');
  const [error, setError] = useState<unknown>(null);
  const writes = can('cases.write') && c.status !== 'closed';
  useEffect(() => {
    if (writes) get<Array<{ id: string; name: string }>>(`/api/cases/${c.id}/assignees`).then(setStaff, setError);
  }, [c.id, writes]);
  useEffect(() => setChosen(c.assignedTo ?? ''), [c.assignedTo]);
  if (!writes) return null;
  if (!staff) return <ErrorMessage error={error} />;
  const assign = (to: string | null) => act(() => patch(`/api/cases/${c.id}`, { version: c.version, assignedTo: to }));
  const mine = me && staff.some((s) => s.id === me.id) && c.assignedTo !== me.id;
  return (
    <section aria-labelledby="assign-h" className="assign">
      <h2 id="assign-h" className="visually-hidden">{t('assign.title')}</h2>
      <ActionForm label={t('assign.title')} onSubmit={() => assign(chosen || null)}>
        {(run) => (
          <>
            <SelectField label={t('assign.label')} value={chosen} onChange={(e) => setChosen(e.target.value)} options={[['', t('assign.nobody')], ...staff.map((s) => [s.id, s.name] as const)]} />
            <ActionBar>
              <button type="submit" disabled={chosen === (c.assignedTo ?? '')}>{c.assignedTo ? t('assign.reassign') : t('assign.submit')}</button>
              {mine && (
                <button type="button" className="primary" onClick={() => run(() => assign(me.id))}>
                  {t('assign.takeIt')}
                </button>
              )}
            </ActionBar>
          </>
        )}
      </ActionForm>
    </section>
  );
}

/** Exploitation types and trafficking indicators; saved with the version read, so a concurrent edit gets a clear 409. */
function SituationSection({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation(['cases', 'intake']);
  const { can } = useSession();
  const [types, setTypes] = useState(c.exploitationTypes);
  const [indicators, setIndicators] = useState(c.traffickingIndicators);
  useEffect(() => {
    setTypes(c.exploitationTypes);
    setIndicators(c.traffickingIndicators);
  }, [c]);
  if (!can('cases.write') || c.status === 'closed') {
    return c.traffickingIndicators.length ? (
      <section aria-labelledby="situation-h">
        <h2 id="situation-h">{t('situation.title')}</h2>
        <ul>{c.traffickingIndicators.map((i) => <li key={i}>{t(`intake:indicator.${i}`)}</li>)}</ul>
      </section>
    ) : null;
  }
  const opts = (values: readonly string[], prefix: string) => values.map((v) => [v, t(`intake:${prefix}.${v}`)] as const);
  return (
    <section aria-labelledby="situation-h">
      <h2 id="situation-h">{t('situation.title')}</h2>
      <ActionForm onSubmit={() => act(() => patch(`/api/cases/${c.id}`, { version: c.version, exploitationTypes: types, traffickingIndicators: indicators }))}>
        <CheckboxGroup legend={t('intake:fields.exploitationTypes')} options={opts(EXPLOITATION_TYPES, 'exploitation')} value={types} onChange={setTypes} />
        <CheckboxGroup legend={t('intake:fields.traffickingIndicators')} options={opts(TRAFFICKING_INDICATORS, 'indicator')} value={indicators} onChange={setIndicators} />
        <button type="submit">{t('situation.save')}</button>
      </ActionForm>
    </section>
  );
}

function PersonSection({ c }: { c: CaseView }) {
  const { t } = useTranslation(['cases', 'intake']);
  const { can } = useSession();
  const [reason, setReason] = useState('');
  const [details, setDetails] = useState<ContactDetails | null>(null);
  const p = c.person;
  const shown = details ?? (p.contactDetailsHidden ? null : p);
  return (
    <section aria-labelledby="person-h">
      <h2 id="person-h">{t('person.title')}</h2>
      <dl className="facts">
        <dt>{t('intake:fields.identityMode')}</dt>
        <dd>{t(`intake:identityMode.${p.identityMode}`)}</dd>
        {p.personnummer && (
          <>
            <dt>{t('person.pnr')}</dt>
            <dd>{p.personnummer}</dd>
          </>
        )}
        {(p.birthDate || p.birthYear) && (
          <>
            <dt>{t('person.birth')}</dt>
            <dd>{p.birthDate ?? p.birthYear}</dd>
          </>
        )}
        <dt>{t('intake:fields.gender')}</dt>
        <dd>{t(`intake:gender.${p.gender}`)}</dd>
        <dt>{t('person.languages')}</dt>
        <dd>
          {p.languages.join(', ') || '–'}
          {p.interpreterNeeded && ` (${t('person.interpreter')})`}
        </dd>
        <dt>{t('person.risk')}</dt>
        <dd>{p.riskFactors.length ? p.riskFactors.map((r) => <span key={r} className="tag">{t(`intake:riskFactor.${r}`)}</span>) : '–'}</dd>
        {shown && (
          <>
            <dt>{t('intake:fields.address')}</dt>
            <dd>{shown.address ?? '–'}</dd>
            <dt>{t('intake:fields.phone')}</dt>
            <dd>{shown.phone ?? '–'}</dd>
            <dt>{t('intake:fields.email')}</dt>
            <dd>{shown.email ?? '–'}</dd>
          </>
        )}
      </dl>
      {p.contactDetailsHidden && !details && (
        <>
          <Notice>{t('person.protectedNotice', { level: t(`intake:protection.${p.protection}`) })}</Notice>
          {can('persons.open_protected') && (
            <ActionForm onSubmit={async () => setDetails(await post(`/api/persons/${p.id}/open-protected`, { reason }))}>
              <Field label={t('person.reason')} value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} maxLength={300} required />
              <button type="submit">{t('person.open')}</button>
            </ActionForm>
          )}
        </>
      )}
    </section>
  );
}

/** Referrals are the directory's (one model): these prompts refer to its Barnahus and regional-coordinator entries. */
const BARNAHUS_BASIS = 'Barnahussamverkan kring ett barn som kan ha utsatts för brott (ingen polisanmälan krävs)';
const today = () => swedishDate(new Date());

function ReferralsSection({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation('cases');
  const { can } = useSession();
  const [police, setPolice] = useState(false);
  const [referredOn, setReferredOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const [basis, setBasis] = useState<'consent' | 'legal_basis'>('consent');
  const [consentDate, setConsentDate] = useState(todayIso());
  const [legalBasis, setLegalBasis] = useState('');
  if (c.barnahus === 'not_applicable' && c.regionalReferral === 'none') return null;
  const writable = can('cases.write') && c.status !== 'closed';
  return (
    <section aria-labelledby="ref-h">
      <h2 id="ref-h">{t('referrals.title')}</h2>
      {c.barnahus === 'offered' && (
        <>
          <p>{t('referrals.barnahusOffered')}</p>
          {writable && (
            <ActionForm label={t('referrals.referBarnahus')}>
              {(run) => (
                <>
                  <Field label={t('referrals.referredOn')} type="date" max={todayIso()} value={referredOn} onChange={(e) => setReferredOn(e.target.value)} />
                  <TextAreaField label={t('referrals.note')} hint={t('referrals.noteHint')} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
                  <Checkbox label={t('referrals.policeReport')} checked={police} onChange={setPolice} />
                  {/* Irreversible: asked first, with the date, in plain words. */}
                  <ConfirmButton
                    question={t('referrals.confirmBarnahus', { date: formatDate(referredOn) })}
                    confirm={t('referrals.referBarnahusConfirm')}
                    onConfirm={() => run(() => act(() => post('/api/directory/case-referrals', { caseId: c.id, wellKnown: 'barnahus', referredOn, note: note.trim() || null, policeReport: police, basis: { kind: 'legal_basis', legalBasis: BARNAHUS_BASIS } })))}
                  >
                    {t('referrals.referBarnahus')}
                  </ConfirmButton>
                </>
              )}
            </ActionForm>
          )}
        </>
      )}
      {c.barnahus === 'referred' && (
        <p>
          {c.barnahusReferral.on ? t('referrals.barnahusReferredOn', { date: formatDate(c.barnahusReferral.on) }) : t('referrals.barnahusReferred')}
          {c.barnahusReferral.note && <> {c.barnahusReferral.note}</>}
        </p>
      )}
      {c.regionalReferral === 'proposed' && (
        <>
          <p>{t('referrals.regionalProposed')}</p>
          {writable && (
            <ActionForm
              onSubmit={() =>
                act(() =>
                  post('/api/directory/case-referrals', {
                    caseId: c.id,
                    wellKnown: 'regional_coordinator',
                    referredOn: today(),
                    basis: basis === 'consent' ? { kind: 'consent', consentGivenOn: consentDate } : { kind: 'legal_basis', legalBasis },
                  }),
                )
              }
            >
              <SelectField label={t('referrals.basis')} value={basis} onChange={(e) => setBasis(e.target.value as 'consent')} options={[['consent', t('referrals.consent')], ['legal_basis', t('referrals.legal')]]} />
              {basis === 'consent' ? (
                <Field label={t('referrals.consentDate')} type="date" value={consentDate} onChange={(e) => setConsentDate(e.target.value)} />
              ) : (
                <Field label={t('referrals.legalBasis')} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
              )}
              <button type="submit">{t('referrals.referRegional')}</button>
            </ActionForm>
          )}
        </>
      )}
      {c.regionalReferral === 'referred' && <p>{t('referrals.regionalReferred')}</p>}
    </section>
  );
}

type JournalEntryView = Wire<JournalEntryOut>;

/** One journal entry as the page and the print view show it: date, signature or author, the text, then any actions. */
function JournalEntry({ e, children }: { e: JournalEntryView; children?: ReactNode }) {
  const { t } = useTranslation('cases');
  return (
    <article className={`journal-entry${e.signedAt ? ' signed' : ''}`} aria-label={formatDate(e.entryDate)}>
      <p className="hint">
        {formatDate(e.entryDate)} · {e.signedAt ? t('journal.signed', { date: formatDateTime(e.signedAt), by: e.author }) : t('journal.unsigned', { by: e.author })}
        {e.correctsId && ` · ${t('journal.correctionOf')}`}
      </p>
      {e.text}
      {children}
    </article>
  );
}

/** The latest entries came with the case; older ones are fetched a page at a time (keyset: the last one shown). */
function useOlderEntries(c: CaseView) {
  const [older, setOlder] = useState<JournalEntryView[]>([]);
  const [more, setMore] = useState(c.journalCount > c.journal.length);
  const [error, setError] = useState<unknown>(null);
  // A reloaded case (after a change) starts again from its latest entries.
  useEffect(() => {
    setOlder([]);
    setMore(c.journalCount > c.journal.length);
    setError(null);
  }, [c]);
  const loadOlder = async () => {
    const last = older.at(-1) ?? c.journal.at(-1);
    if (!last) return;
    try {
      const page = await get<Wire<JournalPageOut>>(`/api/cases/${c.id}/journal?limit=20&before=${encodeURIComponent(`${last.writtenAt},${last.id}`)}`);
      setOlder((o) => [...o, ...page.entries]);
      setMore(page.more);
    } catch (err) {
      setError(err);
    }
  };
  return { entries: [...c.journal, ...older], more, loadOlder, error };
}

function JournalSection({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation('cases');
  const { can, me } = useSession();
  // A half-written entry survives an idle sign-out as a draft in this tab's session storage
  // (never in storage that outlives the browser session); saving or signing out clears it.
  const [text, setText] = useSessionDraft(`journal.${c.id}`);
  const [corrects, setCorrects] = useState<JournalEntryView | null>(null);
  const { entries, more, loadOlder, error } = useOlderEntries(c);
  const writable = can('cases.write') && c.status !== 'closed';
  const save = (sign: boolean) =>
    act(async () => {
      await post(`/api/cases/${c.id}/journal`, { text, sign, correctsId: corrects?.id ?? null });
      setText('');
      setCorrects(null);
    });
  return (
    <section aria-labelledby="journal-h">
      <h2 id="journal-h">{t('journal.title')}</h2>
      {writable && (
        <ActionForm onSubmit={() => save(false)}>
          {(run) => (
          <>
          <TextAreaField label={corrects ? t('journal.correction', { date: formatDate(corrects.entryDate) }) : t('journal.new')} value={text} onChange={(e) => setText(e.target.value)} maxLength={20000} />
          <ActionBar>
            <button type="submit">{t('journal.save')}</button>
            <ConfirmButton className="primary" question={t('journal.signQuestion')} confirm={t('journal.signConfirm')} onConfirm={() => run(() => save(true))}>
              {t('journal.saveSign')}
            </ConfirmButton>
            {corrects && (
              <button type="button" className="link" onClick={() => setCorrects(null)}>
                {t('journal.cancel')}
              </button>
            )}
          </ActionBar>
          </>
          )}
        </ActionForm>
      )}
      <p className="hint">
        {c.journalCount > entries.length && `${t('journal.shown', { shown: entries.length, total: c.journalCount })} `}
        {c.journalCount > 0 && <Link to={`/arenden/${c.id}/utskrift`}>{t('journal.print')}</Link>}
      </p>
      {entries.map((e) => (
        <JournalEntry key={e.id} e={e}>
          {writable && (
            <ActionBar>
              {!e.signedAt && e.authorId === me?.id && (
                <ActionForm>
                  {(run) => (
                    <ActionBar>
                      <ConfirmButton question={t('journal.signQuestion')} confirm={t('journal.signConfirm')} onConfirm={() => run(() => act(() => post(`/api/cases/${c.id}/journal/${e.id}/sign`)))}>
                        {t('journal.sign')}
                      </ConfirmButton>
                      <ConfirmButton question={t('journal.discardQuestion')} confirm={t('journal.discardConfirm')} onConfirm={() => run(() => act(() => api('DELETE', `/api/cases/${c.id}/journal/${e.id}`)))}>
                        {t('journal.discard')}
                      </ConfirmButton>
                    </ActionBar>
                  )}
                </ActionForm>
              )}
              {e.signedAt && (
                <button type="button" className="link" onClick={() => setCorrects(e)}>
                  {t('journal.correct')}
                </button>
              )}
            </ActionBar>
          )}
        </JournalEntry>
      ))}
      {error ? <ErrorMessage error={error} /> : null}
      {more && (
        <ActionForm onSubmit={loadOlder}>
          <button type="submit">{t('journal.older')}</button>
        </ActionForm>
      )}
    </section>
  );
}

/** The whole journal on one page, for printing (its read is audited like the case page's). */
export function CasePrintPage() {
  const { id } = useParams();
  const { t } = useTranslation(['cases', 'intake']);
  const [c, setCase] = useState<CaseView | null>(null);
  const [entries, setEntries] = useState<JournalEntryView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([get<CaseView>(`/api/cases/${id}`), get<{ entries: JournalEntryView[] }>(`/api/cases/${id}/journal/all`)]).then(([k, j]) => {
      setCase(k);
      setEntries(j.entries);
    }, setError);
  }, [id]);
  if (!c || !entries) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  const label = c.person.name ?? c.person.pseudonym ?? t('anonymous');
  return (
    <main id="main" tabIndex={-1} className="print-view">
      <h1>{t('print.title', { person: label })}</h1>
      <p className="hint">
        {c.unitName} · {t(`status.${c.status}`)} · {t('print.printed', { count: entries.length })}
      </p>
      <ActionBar>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <Link to={`/arenden/${c.id}`}>{t('print.back')}</Link>
      </ActionBar>
      {entries.map((e) => (
        <JournalEntry key={e.id} e={e} />
      ))}
    </main>
  );
}

function StepsSection({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation('cases');
  const { can } = useSession();
  const [note, setNote] = useState('');
  return (
    <section aria-labelledby="steps-h">
      <h2 id="steps-h">{t('steps.title')}</h2>
      <ol>
        {c.steps.map((s, i) => (
          <li key={i}>
            {t('steps.history', { status: t(`status.${s.status}`), date: formatDateTime(s.at), by: s.by ?? '–' })}
            {s.note && ` – ${s.note}`}
          </li>
        ))}
      </ol>
      {can('cases.write') && c.allowedNext.length > 0 && (
        <ActionForm>
          {(run) => (
            <>
              <Field label={t('steps.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
              <ActionBar>
                {c.allowedNext.map((s) => (
                  <ConfirmButton
                    key={s}
                    question={t('steps.question', { action: t(`steps.action.${s}`) })}
                    confirm={t(`steps.action.${s}`)}
                    onConfirm={() => run(() => act(() => post(`/api/cases/${c.id}/status`, { version: c.version, status: s, note: note.trim() || null })).then(() => setNote('')))}
                  >
                    {t(`steps.action.${s}`)}
                  </ConfirmButton>
                ))}
              </ActionBar>
            </>
          )}
        </ActionForm>
      )}
    </section>
  );
}
