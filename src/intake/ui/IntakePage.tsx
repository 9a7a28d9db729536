import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, get, post, put } from '../../web/api.ts';
import { Checkbox, CheckboxGroup, ErrorMessage, Field, fieldId, Notice, SelectField, TextAreaField, formatDateTime, formatTime, useAction, useFieldErrors, todayIso as today } from '../../web/kit/index.ts';
import { EXPLOITATION_TYPES, PERSON_ROLES, TRAFFICKING_INDICATORS } from '../../cases/rules.ts';
import type { Wire } from '../../core/http/wire.ts';
import { GENDERS, IDENTITY_MODES, PROTECTION_LEVELS, RISK_FACTORS } from '../../persons/rules.ts';
import { CHANNELS, contactProblems, draftToKeep, type ContactFieldProblem } from '../rules.ts';
import type { DraftSummary, RegisterOut } from '../schema.ts';
import { emptyReporter, ReporterFields, reporterBody } from './ReporterFields.tsx';
import { RESIDENCE_STATUSES } from '../../persons/rules.ts';
import { RegisteredResult } from './RegisteredResult.tsx';


function emptyForm() {
  return {
    channel: 'own_contact',
    receivedOn: today(),
    receivedOnReason: '',
    personRole: 'exposed',
    statedAge: '',
    identityMode: 'anonymous',
    personnummer: '',
    name: '',
    pseudonym: '',
    birthYear: '',
    gender: 'not_stated',
    languages: '',
    interpreterNeeded: false,
    citizenship: '',
    euCitizen: 'unknown',
    riskFactors: [] as string[],
    protection: 'none',
    address: '',
    phone: '',
    email: '',
    exploitationTypes: [] as string[],
    traffickingIndicators: [] as string[],
    statedConsent: 'unknown',
    summary: '',
    residenceStatus: 'unknown',
    ...emptyReporter(),
  };
}
type Form = ReturnType<typeof emptyForm>;

type Registered = Wire<RegisterOut>;

/** The required fields' paths in the body, by the form key whose change clears their error. */
const PATH_OF: Partial<Record<keyof Form, ContactFieldProblem['path']>> = { summary: 'summary', name: 'person.name', personnummer: 'person.name', pseudonym: 'person.pseudonym', receivedOnReason: 'receivedOnReason', receivedOn: 'receivedOnReason', identityMode: 'person.name' };
/** The plain-words message of each required field (the server names the same paths). */
const CODE_OF: Record<ContactFieldProblem['path'], ContactFieldProblem['code']> = { summary: 'summaryRequired', 'person.name': 'nameOrPersonnummerRequired', 'person.pseudonym': 'pseudonymRequired', receivedOnReason: 'receivedOnReasonRequired' };

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function toBody(f: Form, draftKey: string, chatEscalationId: string | null) {
  return {
    chatEscalationId,
    channel: f.channel,
    receivedOn: f.receivedOn,
    receivedOnReason: f.receivedOn !== today() ? orNull(f.receivedOnReason) : null,
    personRole: f.personRole,
    statedAge: f.statedAge === '' ? null : Number(f.statedAge),
    summary: f.summary,
    statedConsent: f.statedConsent === 'unknown' ? null : f.statedConsent === 'yes',
    exploitationTypes: f.exploitationTypes,
    traffickingIndicators: f.traffickingIndicators,
    draftKey,
    reporter: reporterBody(f),
    person: {
      identityMode: f.identityMode,
      personnummer: f.identityMode === 'identified' ? orNull(f.personnummer) : null,
      name: f.identityMode === 'identified' ? orNull(f.name) : null,
      pseudonym: f.identityMode === 'pseudonymous' ? orNull(f.pseudonym) : null,
      birthYear: f.birthYear === '' ? null : Number(f.birthYear),
      gender: f.gender,
      languages: f.languages.split(',').map((l) => l.trim()).filter(Boolean),
      interpreterNeeded: f.interpreterNeeded,
      citizenship: orNull(f.citizenship),
      euCitizen: f.euCitizen === 'unknown' ? null : f.euCitizen === 'yes',
      riskFactors: f.riskFactors,
      residenceStatus: f.residenceStatus,
      protection: f.protection,
      address: orNull(f.address),
      phone: orNull(f.phone),
      email: orNull(f.email),
    },
  };
}

export function IntakePage() {
  const { t } = useTranslation('intake');
  // Arriving from a chat handed over with consent: the contact is that chat, its transcript follows.
  const [params] = useSearchParams();
  const chatEscalationId = params.get('chattEskalering');
  const [form, setForm] = useState<Form>(() => (chatEscalationId ? { ...emptyForm(), channel: 'chat_escalation' } : emptyForm()));
  const [draftKey, setDraftKey] = useState<string>(() => crypto.randomUUID());
  const [drafts, setDrafts] = useState<Wire<DraftSummary>[]>([]);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const [result, setResult] = useState<Registered | null>(null);
  const dirty = useRef(false);
  const fields = useFieldErrors();
  const fieldError = (path: ContactFieldProblem['path']) => fields.errors[path];

  // The server's validation, too, is shown beside the field it names.
  useEffect(() => {
    if (error instanceof ApiError && error.issues.length > 0)
      fields.show(error.issues.map((i) => (i.path in CODE_OF ? { path: i.path, message: t(`required.${CODE_OF[i.path as ContactFieldProblem['path']]}`) } : i)));
  }, [error]);

  useEffect(() => {
    get<Wire<DraftSummary>[]>('/api/intake/drafts').then(setDrafts, setError);
  }, []);

  // Autosave: a half-written intake is kept on the server a moment after each change.
  useEffect(() => {
    if (!dirty.current || result) return;
    const timer = setTimeout(() => {
      // A protected person's address and contact details never go into a draft (the server drops them too).
      put<Wire<DraftSummary>>(`/api/intake/drafts/${draftKey}`, { data: draftToKeep(form) }).then((d) => setSavedAt(d.updatedAt), setError);
    }, 800);
    return () => clearTimeout(timer);
  }, [form, draftKey, result]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    dirty.current = true;
    const path = PATH_OF[key];
    if (path) fields.clear(path);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const opts = (values: readonly string[], prefix: string) => values.map((v) => [v, t(`${prefix}.${v}`)] as const);
  const time = (iso: string) => formatDateTime(iso);

  async function continueDraft(key: string) {
    try {
      const d = await get<{ data: Form }>(`/api/intake/drafts/${key}`);
      setForm({ ...emptyForm(), ...d.data });
      setDraftKey(key);
      dirty.current = false;
    } catch (e) {
      setError(e);
    }
  }
  async function discardDraft(key: string) {
    await api('DELETE', `/api/intake/drafts/${key}`).catch(setError);
    setDrafts((ds) => ds.filter((d) => d.key !== key));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Nothing is sent while a required field is empty: each error stands beside its field.
    const body = toBody(form, draftKey, chatEscalationId);
    if (fields.show(contactProblems(body, today()).map((p) => ({ path: p.path, message: t(`required.${p.code}`) })))) return;
    await run(async () => setResult(await post<Registered>('/api/intake/contacts', body)));
  }

  if (result) return <RegisteredResult result={result} onAnother={() => { setResult(null); setForm(emptyForm()); setDraftKey(crypto.randomUUID()); dirty.current = false; setSavedAt(null); }} />;

  const ids = form.identityMode;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {chatEscalationId && <Notice>{t('fromChat')}</Notice>}
      {drafts.length > 0 && (
        <section aria-labelledby="drafts-h">
          <h2 id="drafts-h">{t('drafts')}</h2>
          <ul>
            {drafts.map((d) => (
              <li key={d.key} className="actions">
                <button type="button" onClick={() => void continueDraft(d.key)}>{t('continueDraft', { time: time(d.updatedAt) })}</button>
                <button type="button" className="link" onClick={() => void discardDraft(d.key)}>{t('discardDraft', { time: time(d.updatedAt) })}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('sections.contact')}</legend>
          <SelectField label={t('fields.channel')} value={form.channel} onChange={(e) => set('channel', e.target.value)} options={opts(CHANNELS, 'channel')} />
          <Field label={t('fields.receivedOn')} type="date" max={today()} value={form.receivedOn} onChange={(e) => set('receivedOn', e.target.value)} />
          {form.receivedOn !== today() && (
            <Field id={fieldId('receivedOnReason')} error={fieldError('receivedOnReason')} label={t('fields.receivedOnReason')} hint={t('fields.receivedOnReasonHint')} value={form.receivedOnReason} onChange={(e) => set('receivedOnReason', e.target.value)} autoComplete="off" />
          )}
          <SelectField label={t('fields.personRole')} value={form.personRole} onChange={(e) => set('personRole', e.target.value)} options={opts(PERSON_ROLES, 'personRole')} />
        </fieldset>
        <ReporterFields form={form} set={(k, v) => set(k, v as never)} />
        <fieldset>
          <legend>{t('sections.person')}</legend>
          <SelectField label={t('fields.identityMode')} value={ids} onChange={(e) => set('identityMode', e.target.value)} options={opts(IDENTITY_MODES, 'identityMode')} />
          {ids === 'identified' && (
            <>
              <Field id={fieldId('person.name')} error={fieldError('person.name')} label={t('fields.name')} hint={t('fields.nameHint')} value={form.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" />
              <Field label={t('fields.personnummer')} hint={t('fields.personnummerHint')} value={form.personnummer} onChange={(e) => set('personnummer', e.target.value)} autoComplete="off" inputMode="numeric" />
            </>
          )}
          {ids === 'pseudonymous' && <Field id={fieldId('person.pseudonym')} error={fieldError('person.pseudonym')} label={t('fields.pseudonym')} value={form.pseudonym} onChange={(e) => set('pseudonym', e.target.value)} autoComplete="off" />}
          <Field label={t('fields.statedAge')} hint={t('fields.statedAgeHint')} type="number" min={0} max={120} value={form.statedAge} onChange={(e) => set('statedAge', e.target.value)} />
          <Field label={t('fields.birthYear')} type="number" min={1900} max={Number(today().slice(0, 4))} value={form.birthYear} onChange={(e) => set('birthYear', e.target.value)} />
          <SelectField label={t('fields.gender')} value={form.gender} onChange={(e) => set('gender', e.target.value)} options={opts(GENDERS, 'gender')} />
          <Field label={t('fields.languages')} value={form.languages} onChange={(e) => set('languages', e.target.value)} />
          <Checkbox label={t('fields.interpreterNeeded')} checked={form.interpreterNeeded} onChange={(v) => set('interpreterNeeded', v)} />
          <Field label={t('fields.citizenship')} value={form.citizenship} onChange={(e) => set('citizenship', e.target.value)} />
          <SelectField label={t('fields.euCitizen')} value={form.euCitizen} onChange={(e) => set('euCitizen', e.target.value)} options={[['unknown', t('unknown')], ['yes', t('yes')], ['no', t('no')]]} />
          <SelectField label={t('residenceStatusLabel')} value={form.residenceStatus} onChange={(e) => set('residenceStatus', e.target.value)} options={opts(RESIDENCE_STATUSES, 'residenceStatus')} />
          <CheckboxGroup legend={t('fields.riskFactors')} options={opts(RISK_FACTORS, 'riskFactor')} value={form.riskFactors} onChange={(v) => set('riskFactors', v)} />
          <SelectField label={t('fields.protection')} hint={form.protection !== 'none' ? t('fields.protectionDraftHint') : undefined} value={form.protection} onChange={(e) => set('protection', e.target.value)} options={opts(PROTECTION_LEVELS, 'protection')} />
          <Field label={t('fields.address')} value={form.address} onChange={(e) => set('address', e.target.value)} autoComplete="off" />
          <Field label={t('fields.phone')} type="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} autoComplete="off" />
          <Field label={t('fields.email')} type="email" value={form.email} onChange={(e) => set('email', e.target.value)} autoComplete="off" />
        </fieldset>
        <fieldset>
          <legend>{t('sections.situation')}</legend>
          <CheckboxGroup legend={t('fields.exploitationTypes')} options={opts(EXPLOITATION_TYPES, 'exploitation')} value={form.exploitationTypes} onChange={(v) => set('exploitationTypes', v)} />
          <CheckboxGroup legend={t('fields.traffickingIndicators')} options={opts(TRAFFICKING_INDICATORS, 'indicator')} value={form.traffickingIndicators} onChange={(v) => set('traffickingIndicators', v)} />
          <SelectField label={t('fields.statedConsent')} hint={t('fields.statedConsentHint')} value={form.statedConsent} onChange={(e) => set('statedConsent', e.target.value)} options={[['unknown', t('consent.unknown')], ['yes', t('consent.yes')], ['no', t('consent.no')]]} />
          <TextAreaField id={fieldId('summary')} error={fieldError('summary')} label={t('fields.summary')} hint={t('fields.summaryHint')} maxLength={5000} value={form.summary} onChange={(e) => set('summary', e.target.value)} />
        </fieldset>
        <ErrorMessage error={error} />
        <p className="hint" role="status">{savedAt ? t('draftSaved', { time: formatTime(savedAt) }) : ''}</p>
        <button type="submit" className="primary" disabled={busy}>
          {t('submit')}
        </button>
      </form>
    </main>
  );
}

