import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiCapability } from '../../web/capabilities.tsx';
import { get, post } from '../../web/api.ts';
import { ActionForm, CheckboxField, DataTable, Field, Notice, SelectField, formatTime } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { addDays, minutesOf, stockholmInstant, swedishDate, weekdayOf } from '../../core/time/stockholm.ts';
import type { CalendarEntry, ReceptionOut } from '../schema.ts';
import { bookingLocales } from './locales.ts';
import { WeekPage } from './WeekPage.tsx';

type Entry = Wire<CalendarEntry>;

function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** A reception's week: its published days, its bookings, and a form to book (override included). */
function ReceptionPage() {
  const { t, i18n } = useTranslation('booking');
  const [receptions, setReceptions] = useState<ReceptionOut[] | null>(null);
  const [receptionId, setReceptionId] = useState('');
  const [from, setFrom] = useState(mondayOf(swedishDate(new Date())));
  const [rows, setRows] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [form, setForm] = useState({ group: 'victims', date: addDays(swedishDate(new Date()), 1), time: '09:00', minutes: '60', pseudonym: '', contact: '', caseId: '', override: false });
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  useEffect(() => {
    get<ReceptionOut[]>(`/api/booking/receptions?lang=${lang}`).then((r) => {
      setReceptions(r);
      if (r[0]) setReceptionId((id) => id || r[0]!.id);
    }, setError);
  }, [lang]);
  const load = () => (receptionId ? get<Entry[]>(`/api/booking/receptions/${receptionId}/calendar?from=${from}&to=${addDays(from, 6)}`).then(setRows, setError) : Promise.resolve());
  useEffect(() => void load(), [receptionId, from]);
  const reception = receptions?.find((r) => r.id === receptionId);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  async function book() {
    setDone('');
    const startsAt = stockholmInstant(form.date, minutesOf(form.time));
    if (!startsAt) throw new Error('time');
    await post(`/api/booking/receptions/${receptionId}/bookings`, {
      group: form.group,
      startsAt: startsAt.toISOString(),
      ...(form.override && { endsAt: new Date(startsAt.getTime() + Number(form.minutes) * 60_000).toISOString() }),
      pseudonym: form.pseudonym,
      ...(form.contact && { contact: form.contact }),
      ...(form.caseId && { caseId: form.caseId }),
      override: form.override,
    });
    setDone(t('booked'));
    await load();
  }

  if (receptions && receptions.length === 0) return <main id="main" tabIndex={-1}><h1>{t('title')}</h1><p>{t('noReceptions')}</p></main>;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <div className="toolbar">
        <SelectField label={t('reception')} value={receptionId} onChange={(e) => setReceptionId(e.target.value)} options={(receptions ?? []).map((r) => [r.id, r.name] as const)} />
        <Field label={t('weekFrom')} type="date" value={from} onChange={(e) => setFrom(mondayOf(e.target.value))} />
      </div>
      {reception && (
        <section aria-labelledby="week-h">
          <h2 id="week-h">{t('week')}</h2>
          {reception.kind === 'mini_kast' && <p>{t('miniKast', { from: reception.validFrom, to: reception.validTo })}</p>}
          <ul>
            {[...new Map(reception.week.map((w) => [w.weekday, w])).values()].map((w) => (
              <li key={w.weekday}>
                {t(`days.${w.weekday - 1}`)}: {t(`groups.${w.targetGroup}`)}
              </li>
            ))}
          </ul>
          <p>{reception.separation}</p>
        </section>
      )}
      <DataTable
        caption={t('title')}
        rows={rows}
        error={error}
        empty={t('none')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('columns.date'), cell: (r) => r.localDate },
          { header: t('columns.time'), cell: (r) => `${formatTime(r.startsAt, i18n.language)}–${formatTime(r.endsAt, i18n.language)}` },
          { header: t('columns.group'), cell: (r) => t(`groups.${r.targetGroup}`) },
          { header: t('columns.room'), cell: (r) => r.roomName },
          { header: t('columns.staff'), cell: (r) => r.staffName ?? '–' },
          { header: t('columns.pseudonym'), cell: (r) => r.pseudonym },
          { header: t('columns.fromCase'), cell: (r) => (r.caseId ? t('yes') : t('no')) },
          {
            header: t('cancel'),
            cell: (r) => (
              <button type="button" onClick={() => post(`/api/booking/bookings/${r.id}/cancel`, {}).then(() => (setDone(t('cancelled')), load()), setError)}>
                {t('cancel')} <span className="visually-hidden">{r.pseudonym}</span>
              </button>
            ),
          },
        ]}
      />
      <h2 id="book-h">{t('book')}</h2>
      {done && <Notice>{done}</Notice>}
      <ActionForm onSubmit={book} labelledBy="book-h">
        <SelectField label={t('group')} value={form.group} onChange={set('group')} options={[['victims', t('groups.victims')], ['buyers', t('groups.buyers')]]} />
        <Field label={t('date')} type="date" value={form.date} onChange={set('date')} required />
        <Field label={t('time')} type="time" value={form.time} onChange={set('time')} required />
        <Field label={t('pseudonym')} value={form.pseudonym} onChange={set('pseudonym')} required maxLength={60} />
        <Field label={t('contact')} value={form.contact} onChange={set('contact')} maxLength={200} />
        <Field label={t('caseId')} value={form.caseId} onChange={set('caseId')} />
        <CheckboxField label={t('override')} hint={t('overrideHint')} checked={form.override} onChange={(override) => setForm((f) => ({ ...f, override }))} />
        {form.override && <Field label={t('minutes')} type="number" min={15} max={480} value={form.minutes} onChange={set('minutes')} />}
        <button type="submit" className="primary">
          {t('book')}
        </button>
      </ActionForm>
    </main>
  );
}

/** The staff member's own calendar across receptions. */
function MinePage() {
  const { t, i18n } = useTranslation('booking');
  const [rows, setRows] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const today = swedishDate(new Date());
    void get<Entry[]>(`/api/booking/my-calendar?from=${today}&to=${addDays(today, 28)}`).then(setRows, setError);
  }, []);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('mineTitle')}</h1>
      <p>{t('mineIntro')}</p>
      <DataTable
        caption={t('mineTitle')}
        rows={rows}
        error={error}
        empty={t('none')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('columns.date'), cell: (r) => r.localDate },
          { header: t('columns.time'), cell: (r) => `${formatTime(r.startsAt, i18n.language)}–${formatTime(r.endsAt, i18n.language)}` },
          { header: t('columns.reception'), cell: (r) => r.receptionName },
          { header: t('columns.room'), cell: (r) => r.roomName },
          { header: t('columns.group'), cell: (r) => t(`groups.${r.targetGroup}`) },
          { header: t('columns.pseudonym'), cell: (r) => r.pseudonym },
        ]}
      />
    </main>
  );
}

export const bookingUi: UiCapability = {
  name: 'booking',
  locales: bookingLocales,
  routes: [
    { path: '/bokning', element: <ReceptionPage />, permission: 'booking.read' },
    { path: '/bokning/mina', element: <MinePage />, permission: 'booking.read' },
    { path: '/bokning/vecka', element: <WeekPage />, permission: 'booking.read' },
  ],
  nav: [
    { path: '/bokning', labelKey: 'nav', permission: 'booking.read' },
    { path: '/bokning/mina', labelKey: 'navMine', permission: 'booking.read' },
    { path: '/bokning/vecka', labelKey: 'weekEditor.nav', permission: 'booking.read' },
  ],
};
