import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, put } from '../../web/api.ts';
import { ActionForm, Field, Notice, SelectField } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { ReceptionOut } from '../schema.ts';

interface Row {
  key: number;
  weekday: number;
  targetGroup: 'victims' | 'buyers';
  opens: string;
  closes: string;
  slotMinutes: string;
  roomId: string;
  staffUserId: string;
}

let nextKey = 1;
const rowsOf = (r: ReceptionOut): Row[] =>
  r.week.map((w) => ({ key: nextKey++, weekday: w.weekday, targetGroup: w.targetGroup, opens: w.opens, closes: w.closes, slotMinutes: String(w.slotMinutes), roomId: w.roomId, staffUserId: w.staffUserId ?? '' }));

/**
 * A reception's week, day by day: which group each day serves, and for each opening its hours, room,
 * staff member and slot length. The managers edit it (booking.manage); everyone with the calendar
 * sees it. A day serves one group: the group is chosen per day, not per row.
 */
export function WeekPage() {
  const { t, i18n } = useTranslation('booking');
  const { can } = useSession();
  const editable = can('booking.manage');
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const [receptions, setReceptions] = useState<ReceptionOut[] | null>(null);
  const [receptionId, setReceptionId] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [staff, setStaff] = useState<Array<{ id: string; name: string }>>([]);
  const [room, setRoom] = useState('');
  const [done, setDone] = useState('');
  const [roomDone, setRoomDone] = useState('');
  // Edits of the week not yet saved: adding a room keeps them (the receptionist is mid-way through the week).
  const [unsaved, setUnsaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reception = receptions?.find((r) => r.id === receptionId);
  /** The receptions with their rooms; the week's rows are replaced only when asked (after a save, at first load). */
  const load = (replaceRows = true) =>
    get<ReceptionOut[]>(`/api/booking/receptions?lang=${lang}`).then((rs) => {
      setReceptions(rs);
      const id = receptionId || rs[0]?.id || '';
      setReceptionId(id);
      const r = rs.find((x) => x.id === id);
      if (r && replaceRows) {
        setRows(rowsOf(r));
        setUnsaved(false);
      }
    }, setError);
  useEffect(() => void load(!unsaved), [lang]);
  useEffect(() => {
    if (!receptionId) return;
    const r = receptions?.find((x) => x.id === receptionId);
    if (r) setRows(rowsOf(r));
    setUnsaved(false);
    setRoomDone('');
    void get<Array<{ id: string; name: string }>>(`/api/booking/receptions/${receptionId}/staff`).then(setStaff, setError);
  }, [receptionId]);

  const edit = (change: (rs: Row[]) => Row[]) => {
    setRows(change);
    setUnsaved(true);
  };
  const setRow = (key: number, patch: Partial<Row>) => edit((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  // The day's group: every row of the day follows it.
  const setDayGroup = (weekday: number, targetGroup: Row['targetGroup']) => edit((rs) => rs.map((r) => (r.weekday === weekday ? { ...r, targetGroup } : r)));
  const addRow = (weekday: number) =>
    edit((rs) => [
      ...rs,
      { key: nextKey++, weekday, targetGroup: rs.find((r) => r.weekday === weekday)?.targetGroup ?? (reception?.kind === 'mini_kast' ? 'buyers' : 'victims'), opens: '09:00', closes: '12:00', slotMinutes: '60', roomId: reception?.rooms[0]?.id ?? '', staffUserId: '' },
    ]);

  async function save() {
    setDone('');
    await put(`/api/booking/receptions/${receptionId}/week`, {
      week: rows.map((r) => ({ weekday: r.weekday, targetGroup: r.targetGroup, opens: r.opens, closes: r.closes, slotMinutes: Number(r.slotMinutes), roomId: r.roomId, staffUserId: r.staffUserId || null })),
    });
    setDone(t('weekEditor.saved'));
    setRoomDone('');
    await load();
  }

  if (receptions && receptions.length === 0) return <main id="main" tabIndex={-1}><h1>{t('weekEditor.title')}</h1><p>{t('noReceptions')}</p></main>;
  const roomOptions = (reception?.rooms ?? []).map((r) => [r.id, r.name] as const);
  const staffOptions = [['', t('weekEditor.noStaff')] as const, ...staff.map((s) => [s.id, s.name] as const)];
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('weekEditor.title')}</h1>
      <p>{t('weekEditor.intro')}</p>
      {error != null && <Notice>{(error as Error).message}</Notice>}
      <SelectField label={t('reception')} value={receptionId} onChange={(e) => setReceptionId(e.target.value)} options={(receptions ?? []).map((r) => [r.id, r.name] as const)} />
      {reception && <p>{reception.separation}</p>}
      {done && <Notice>{done}</Notice>}
      {reception && (
        <ActionForm onSubmit={save} label={t('weekEditor.title')}>
          {[1, 2, 3, 4, 5, 6, 7].map((weekday) => {
            const day = rows.filter((r) => r.weekday === weekday);
            const dayName = t(`days.${weekday - 1}`);
            return (
              <fieldset key={weekday} className="week-day" disabled={!editable}>
                <legend>{dayName}</legend>
                {day.length === 0 ? (
                  <p>{t('weekEditor.closed')}</p>
                ) : (
                  <SelectField
                    label={t('weekEditor.dayGroup', { day: dayName })}
                    value={day[0]!.targetGroup}
                    onChange={(e) => setDayGroup(weekday, e.target.value as Row['targetGroup'])}
                    options={[['victims', t('groups.victims')], ['buyers', t('groups.buyers')]]}
                  />
                )}
                {day.map((r, i) => {
                  const n = `${dayName} ${i + 1}`;
                  return (
                    <div key={r.key} className="toolbar" role="group" aria-label={t('weekEditor.opening', { n })}>
                      <Field label={t('weekEditor.opens')} aria-label={`${t('weekEditor.opens')} ${n}`} type="time" value={r.opens} onChange={(e) => setRow(r.key, { opens: e.target.value })} required />
                      <Field label={t('weekEditor.closes')} aria-label={`${t('weekEditor.closes')} ${n}`} type="time" value={r.closes} onChange={(e) => setRow(r.key, { closes: e.target.value })} required />
                      <Field label={t('weekEditor.slotMinutes')} aria-label={`${t('weekEditor.slotMinutes')} ${n}`} type="number" min={15} max={480} step={5} value={r.slotMinutes} onChange={(e) => setRow(r.key, { slotMinutes: e.target.value })} required />
                      <SelectField label={t('columns.room')} aria-label={`${t('columns.room')} ${n}`} value={r.roomId} onChange={(e) => setRow(r.key, { roomId: e.target.value })} options={roomOptions} />
                      <SelectField label={t('columns.staff')} aria-label={`${t('columns.staff')} ${n}`} value={r.staffUserId} onChange={(e) => setRow(r.key, { staffUserId: e.target.value })} options={staffOptions} />
                      {editable && (
                        <button type="button" onClick={() => edit((rs) => rs.filter((x) => x.key !== r.key))}>
                          {t('weekEditor.remove')} <span className="visually-hidden">{n}</span>
                        </button>
                      )}
                    </div>
                  );
                })}
                {editable && (
                  <button type="button" onClick={() => addRow(weekday)}>
                    {t('weekEditor.add', { day: dayName })}
                  </button>
                )}
              </fieldset>
            );
          })}
          {editable && (
            <button type="submit" className="primary">
              {t('weekEditor.save')}
            </button>
          )}
        </ActionForm>
      )}
      {reception && editable && (
        <ActionForm
          label={t('weekEditor.addRoom')}
          onSubmit={async () => {
            const name = room.trim();
            await post(`/api/booking/receptions/${receptionId}/rooms`, { name });
            setRoom('');
            setDone('');
            // Only the rooms are fetched again: the week on screen, saved or not, stays as it is.
            await load(false);
            setRoomDone(t(unsaved ? 'weekEditor.roomAddedUnsaved' : 'weekEditor.roomAdded', { name }));
          }}
        >
          {roomDone && <Notice>{roomDone}</Notice>}
          <Field label={t('weekEditor.roomName')} value={room} onChange={(e) => setRoom(e.target.value)} required maxLength={100} />
          <button type="submit">{t('weekEditor.addRoom')}</button>
        </ActionForm>
      )}
    </main>
  );
}
