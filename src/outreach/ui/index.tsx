import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { UiCapability } from '../../web/capabilities.tsx';
import { useSession } from '../../web/session.tsx';
import { post } from '../../web/api.ts';
import { ActionForm, CheckboxField, CheckboxGroup, DataTable, ErrorMessage, Field, Loading, Notice, SelectField, TextAreaField, formatDateTime, useApiData } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { AGE_BANDS, AGE_BAND_LABELS } from '../../core/age-band.ts';
import { addDays, minutesOf, stockholmInstant, swedishDate } from '../../core/time/stockholm.ts';
import { PERSON_ROLES } from '../../cases/rules.ts';
import { GENDERS } from '../../persons/rules.ts';
import { RegisteredResult } from '../../intake/ui/RegisteredResult.tsx';
import type { RegisterOut } from '../../intake/schema.ts';
import { intakeSummary, OFFERS, PARTICIPANT_ORGANISATIONS, PLACE_TYPES, SHIFT_KINDS, type Offer } from '../rules.ts';
import type { ContactOut, ShiftOut, ShiftSummary } from '../schema.ts';
import { outreachLocales } from './locales.ts';

type Shift = Wire<ShiftOut>;
type Contact = Wire<ContactOut>;

/** [value, label] pairs of a list whose labels are `prefix.value` in the outreach texts. */
function useOptions() {
  const { t, i18n } = useTranslation(['outreach', 'intake']);
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  return {
    t,
    of: (values: readonly string[], prefix: string) => values.map((v) => [v, t(`${prefix}.${v}`)] as const),
    ageBands: AGE_BANDS.map((b) => [b, AGE_BAND_LABELS[b][lang]] as const),
    ageLabel: (b: string) => AGE_BAND_LABELS[b as keyof typeof AGE_BAND_LABELS]?.[lang] ?? b,
  };
}

/** The unit's shifts and a form to plan one. */
function ShiftsPage() {
  const { t, of } = useOptions();
  const navigate = useNavigate();
  const shifts = useApiData<Array<Wire<ShiftSummary>>>('/api/outreach/shifts');
  const units = useApiData<Array<{ id: string; name: string }>>('/api/outreach/units');
  const [form, setForm] = useState({ unitId: '', kind: 'joint_police', area: '', date: swedishDate(new Date()), from: '18:00', to: '23:00', days: '1', note: '', partnerKind: 'police', partnerName: '', partnerOrganisation: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const unitId = form.unitId || units.data?.[0]?.id || '';

  async function plan() {
    const startsAt = stockholmInstant(form.date, minutesOf(form.from));
    // A shift that ends before it starts on the clock ends the next day (an evening shift past midnight).
    const lastDay = addDays(form.date, Math.max(1, Number(form.days) || 1) - 1 + (minutesOf(form.to) <= minutesOf(form.from) ? 1 : 0));
    const endsAt = stockholmInstant(lastDay, minutesOf(form.to));
    if (!startsAt || !endsAt) throw new Error('time');
    const { id } = await post<{ id: string }>('/api/outreach/shifts', {
      unitId,
      kind: form.kind,
      area: form.area,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      note: form.note,
      participants: form.partnerName.trim() ? [{ organisation: form.partnerKind, name: form.partnerName.trim(), organisationName: form.partnerOrganisation.trim() || null }] : [],
    });
    await navigate(`/uppsokande/pass/${id}`);
  }

  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <DataTable
        caption={t('title')}
        rows={shifts.data}
        error={shifts.error}
        empty={t('none')}
        rowKey={(s) => s.id}
        columns={[
          { header: t('columns.when'), cell: (s) => formatDateTime(s.startsAt), rowHeader: true },
          { header: t('columns.kind'), cell: (s) => <Link to={`/uppsokande/pass/${s.id}`}>{t(`kinds.${s.kind}`)} <span className="visually-hidden">{s.area}</span></Link> },
          { header: t('columns.area'), cell: (s) => s.area },
          { header: t('columns.unit'), cell: (s) => s.unitName },
          { header: t('columns.contacts'), cell: (s) => s.contacts },
        ]}
      />
      <ErrorMessage error={shifts.error} />
      {units.data && units.data.length > 0 && (
        <>
          <h2 id="plan-h">{t('plan')}</h2>
          <ActionForm onSubmit={plan} labelledBy="plan-h">
            {units.data.length > 1 && <SelectField label={t('unit')} value={unitId} onChange={set('unitId')} options={units.data.map((u) => [u.id, u.name] as const)} />}
            <SelectField label={t('kind')} value={form.kind} onChange={set('kind')} options={of(SHIFT_KINDS, 'kinds')} />
            <Field label={t('area')} value={form.area} onChange={set('area')} required maxLength={200} />
            <Field label={t('date')} type="date" value={form.date} onChange={set('date')} required />
            <Field label={t('from')} type="time" value={form.from} onChange={set('from')} required />
            <Field label={t('to')} type="time" value={form.to} onChange={set('to')} required />
            {form.kind === 'police_action_week' && <Field label={t('days')} hint={t('daysHint')} type="number" min={1} max={14} value={form.days} onChange={set('days')} />}
            <SelectField label={t('partnerKind')} value={form.partnerKind} onChange={set('partnerKind')} options={of(PARTICIPANT_ORGANISATIONS, 'organisations')} />
            <Field label={t('partnerName')} value={form.partnerName} onChange={set('partnerName')} maxLength={200} />
            <Field label={t('partnerOrganisation')} value={form.partnerOrganisation} onChange={set('partnerOrganisation')} maxLength={200} />
            <TextAreaField label={t('note')} rows={2} value={form.note} onChange={set('note')} maxLength={2000} />
            <button type="submit" className="primary">
              {t('plan')}
            </button>
          </ActionForm>
        </>
      )}
    </main>
  );
}

const emptyContact = { ageBand: 'unknown', gender: 'not_stated', personRole: 'exposed', placeType: 'street', offered: [] as string[], accepted: [] as string[], followUp: '', note: '', onBehalfOf: '' };

/** The quick log of a contact during the shift: one screen on a phone, the button within thumb reach. */
function LogContactForm({ shift, onLogged }: { shift: Shift; onLogged(): void }) {
  const { t, of, ageBands } = useOptions();
  const [form, setForm] = useState(emptyContact);
  const [done, setDone] = useState('');
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const { me } = useSession();
  const others = shift.participants.filter((p) => p.userId !== me?.id);
  async function log() {
    setDone('');
    await post(`/api/outreach/shifts/${shift.id}/contacts`, {
      ageBand: form.ageBand,
      gender: form.gender,
      personRole: form.personRole,
      placeType: form.placeType,
      offered: form.offered,
      accepted: form.accepted.filter((a) => form.offered.includes(a)),
      followUp: form.followUp.trim() || null,
      note: form.note.trim() || null,
      onBehalfOf: form.onBehalfOf || null,
    });
    setForm(emptyContact);
    setDone(t('logged'));
    onLogged();
  }
  return (
    <section aria-labelledby="log-h" className="quick-log">
      <h2 id="log-h">{t('log')}</h2>
      {done && <Notice>{done}</Notice>}
      <ActionForm onSubmit={log} labelledBy="log-h">
        <SelectField label={t('ageBand')} value={form.ageBand} onChange={set('ageBand')} options={ageBands} />
        <SelectField label={t('gender')} value={form.gender} onChange={set('gender')} options={of(GENDERS, 'intake:gender')} />
        <SelectField label={t('role')} value={form.personRole} onChange={set('personRole')} options={of(PERSON_ROLES, 'intake:personRole')} />
        <SelectField label={t('placeType')} value={form.placeType} onChange={set('placeType')} options={of(PLACE_TYPES, 'places')} />
        <CheckboxGroup legend={t('offered')} options={of(OFFERS, 'offers')} value={form.offered} onChange={(offered) => setForm((f) => ({ ...f, offered, accepted: f.accepted.filter((a) => offered.includes(a)) }))} />
        {form.offered.length > 0 && <CheckboxGroup legend={t('accepted')} options={of(form.offered, 'offers')} value={form.accepted} onChange={(accepted) => setForm((f) => ({ ...f, accepted }))} />}
        <Field label={t('followUp')} value={form.followUp} onChange={set('followUp')} maxLength={500} />
        <Field label={t('contactNote')} value={form.note} onChange={set('note')} maxLength={500} />
        {others.length > 0 && <SelectField label={t('onBehalfOf')} value={form.onBehalfOf} onChange={set('onBehalfOf')} options={[['', t('onBehalfOfMe')], ...others.map((p) => [p.id, `${p.name ?? ''} (${t(`organisations.${p.organisation}`)})`] as const)]} />}
        <div className="thumb-bar">
          <button type="submit" className="primary">
            {t('submit')}
          </button>
        </div>
      </ActionForm>
    </section>
  );
}

/** With the person's consent: intake's registration, then intake's own result page (routing, the case). */
function ToIntakeForm({ shift, contact, n, onCancel, onDone }: { shift: Shift; contact: Contact; n: number; onCancel(): void; onDone(): void }) {
  const { t } = useOptions();
  const label = (k: string) => t(k);
  const [consent, setConsent] = useState(false);
  const [statedAge, setStatedAge] = useState('');
  const [summary, setSummary] = useState(() => intakeSummary({ shiftKind: shift.kind, placeType: contact.placeType, offered: contact.offered, accepted: contact.accepted, followUp: contact.followUp, note: contact.note }, label));
  const [result, setResult] = useState<Wire<RegisterOut> | null>(null);
  if (result) return <RegisteredResult result={result} onAnother={onDone} />;
  return (
    <main id="main" tabIndex={-1} className="quick-log">
      <h1>{t('toIntakeTitle', { n })}</h1>
      <ActionForm
        onSubmit={async () => setResult(await post<Wire<RegisterOut>>(`/api/outreach/contacts/${contact.id}/intake`, { consent, statedAge: statedAge === '' ? null : Number(statedAge), summary, person: { identityMode: 'anonymous' } }))}
      >
        <CheckboxField label={t('consent')} checked={consent} onChange={setConsent} />
        <Field label={t('statedAge')} type="number" inputMode="numeric" min={0} max={120} value={statedAge} onChange={(e) => setStatedAge(e.target.value)} />
        <TextAreaField label={t('summary')} rows={5} maxLength={5000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        <div className="thumb-bar">
          <button type="submit" className="primary" disabled={!consent}>
            {t('register')}
          </button>
        </div>
      </ActionForm>
      <p>
        <button type="button" onClick={onCancel}>
          {t('back')}
        </button>
      </p>
    </main>
  );
}

/** A shift: its participants, the quick log, the contacts so far and the report. */
function ShiftPage() {
  const { id } = useParams();
  const { t, ageLabel } = useOptions();
  const { data: shift, error, reload } = useApiData<Shift>(`/api/outreach/shifts/${id}`);
  const [turning, setTurning] = useState<number | null>(null);
  if (!shift) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  if (turning !== null && shift.contactList[turning])
    return <ToIntakeForm shift={shift} contact={shift.contactList[turning]} n={turning + 1} onCancel={() => setTurning(null)} onDone={() => (setTurning(null), reload())} />;
  const r = shift.report;
  return (
    <main id="main" tabIndex={-1}>
      <h1>
        {t(`kinds.${shift.kind}`)}: {shift.area}
      </h1>
      <p>
        {formatDateTime(shift.startsAt)} – {formatDateTime(shift.endsAt)} · {shift.unitName}
      </p>
      <section aria-labelledby="participants-h">
        <h2 id="participants-h">{t('participants')}</h2>
        <ul>
          {shift.participants.map((p) => (
            <li key={p.id}>
              {p.name ?? '–'} ({t(`organisations.${p.organisation}`)}
              {p.organisationName ? `, ${p.organisationName}` : ''})
            </li>
          ))}
        </ul>
      </section>
      <LogContactForm shift={shift} onLogged={reload} />
      <section aria-labelledby="contacts-h">
        <h2 id="contacts-h">{t('contacts')}</h2>
        {shift.contactList.length === 0 && <p>{t('noContacts')}</p>}
        <ol className="contact-list">
          {shift.contactList.map((c, i) => (
            <li key={c.id}>
              <h3>{t('contact', { n: i + 1 })}</h3>
              <p>
                {ageLabel(c.ageBand)} · {t(`intake:gender.${c.gender}`)} · {t(`intake:personRole.${c.personRole}`)} · {t(`places.${c.placeType}`)}
              </p>
              {c.offered.length > 0 && (
                <p>
                  {t('offered')}: {c.offered.map((o) => t(`offers.${o}`)).join(', ')}
                  {c.accepted.length > 0 && `. ${t('accepted')}: ${c.accepted.map((o: Offer) => t(`offers.${o}`)).join(', ')}`}
                </p>
              )}
              {c.followUp && (
                <p>
                  {t('followUp')}: {c.followUp}
                </p>
              )}
              <p className="hint">
                {t('loggedBy', { name: c.loggedByName })}
                {c.onBehalfOfName && ` ${t('onBehalf', { name: c.onBehalfOfName })}`} · {formatDateTime(c.loggedAt)}
              </p>
              {c.intakeContactId ? (
                <p>{t('becameIntake')}</p>
              ) : (
                <button type="button" onClick={() => setTurning(i)}>
                  {t('toIntake')} <span className="visually-hidden">{t('contact', { n: i + 1 })}</span>
                </button>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="report-h">
        <h2 id="report-h">{t('report')}</h2>
        <ul>
          <li>{t('reportLine.contacts', { n: r.contacts })}</li>
          <li>{t('reportLine.children', { n: r.children })}</li>
          <li>{t('reportLine.followUps', { n: r.followUps })}</li>
          <li>{t('reportLine.intakes', { n: r.intakes })}</li>
        </ul>
        <DataTable
          caption={t('report')}
          rows={OFFERS.filter((o) => (r.offered[o] ?? 0) > 0)}
          rowKey={(o) => o}
          columns={[
            { header: t('reportOffer'), cell: (o) => t(`offers.${o}`), rowHeader: true },
            { header: t('reportOffered'), cell: (o) => r.offered[o] ?? 0 },
            { header: t('reportAccepted'), cell: (o) => r.accepted[o] ?? 0 },
          ]}
        />
      </section>
    </main>
  );
}

export const outreachUi: UiCapability = {
  name: 'outreach',
  locales: outreachLocales,
  routes: [
    { path: '/uppsokande', element: <ShiftsPage />, permission: 'outreach.read' },
    { path: '/uppsokande/pass/:id', element: <ShiftPage />, permission: 'outreach.read' },
  ],
  nav: [{ path: '/uppsokande', labelKey: 'nav', permission: 'outreach.read' }],
};
