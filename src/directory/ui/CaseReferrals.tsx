import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { ActionForm, DataTable, Field, Notice, SelectField, TextAreaField, formatDate, todayIso } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { CaseView } from '../../cases/ui/CasePage.tsx';
import type { EntryOut, ReferralOut } from '../schema.ts';

const OUTCOMES = ['pending', 'accepted', 'declined', 'no_contact'] as const;

/** The id of the section's heading: the decisions form points caseworkers here ("Hänvisa till stöd"). */
export const REFER_ANCHOR = 'hanvisa-till-stod';

/**
 * The case's referrals to directory entries (one model: Barnahus, the regional coordinator, civil
 * society, …): when, by whom, on what basis (consent or a legal basis), and the outcome, which is
 * recorded here; and "Hänvisa till stöd", a referral to any entry found in the directory.
 */
export function CaseReferralsSection({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation('directory');
  const { can } = useSession();
  const [rows, setRows] = useState<ReferralOut[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => get<ReferralOut[]>(`/api/directory/case-referrals?caseId=${c.id}`).then(setRows, setError);
  // The case reloads after its own changes (a Barnahus referral from its prompt): so does the list.
  useEffect(() => void load(), [c]);
  const writable = can('cases.write') && c.status !== 'closed';
  return (
    <section aria-labelledby={REFER_ANCHOR}>
      <h2 id={REFER_ANCHOR} tabIndex={-1}>
        {t('referrals.title')}
      </h2>
      <DataTable
        caption={t('referrals.title')}
        rows={rows}
        error={error}
        empty={t('referrals.none')}
        rowKey={(r) => r.id}
        columns={[
          { header: t('referrals.entry'), cell: (r) => r.entryName, rowHeader: true },
          { header: t('referrals.date'), cell: (r) => formatDate(r.referredOn, i18n.language) },
          { header: t('referrals.by'), cell: (r) => r.referredByName ?? t('referrals.byUnknown') },
          {
            header: t('referrals.basis'),
            cell: (r) =>
              r.basis === 'consent' ? t('referrals.consentOn', { date: r.consentGivenOn ? formatDate(r.consentGivenOn, i18n.language) : '–' }) : r.basis === 'legal_basis' ? t('referrals.legal', { text: r.legalBasis ?? '' }) : t('referrals.anonymous'),
          },
          {
            header: t('referrals.outcome'),
            cell: (r) => (writable ? <OutcomeControl referral={r} onDone={load} /> : t(`referrals.outcomes.${r.outcome}`)),
          },
        ]}
      />
      {writable && <ReferForm caseId={c.id} onDone={load} />}
    </section>
  );
}

function OutcomeControl({ referral, onDone }: { referral: ReferralOut; onDone(): Promise<unknown> }) {
  const { t } = useTranslation('directory');
  const [outcome, setOutcome] = useState(referral.outcome);
  return (
    <ActionForm className="inline-form" label={t('referrals.recordOutcome', { entry: referral.entryName })} onSubmit={() => post(`/api/directory/referrals/${referral.id}/outcome`, { outcome }).then(onDone)}>
      <SelectField label={t('referrals.outcomeOf', { entry: referral.entryName })} value={outcome} onChange={(e) => setOutcome(e.target.value)} options={OUTCOMES.map((o) => [o, t(`referrals.outcomes.${o}`)] as const)} />
      <button type="submit" disabled={outcome === referral.outcome || outcome === 'pending'}>
        {t('referrals.recordOutcomeShort')} <span className="visually-hidden">{referral.entryName}</span>
      </button>
    </ActionForm>
  );
}

/** "Hänvisa till stöd": find the entry, then the date and the basis for sharing. */
function ReferForm({ caseId, onDone }: { caseId: string; onDone(): Promise<unknown> }) {
  const { t, i18n } = useTranslation('directory');
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const [q, setQ] = useState('');
  const [found, setFound] = useState<EntryOut[] | null>(null);
  const [entryId, setEntryId] = useState('');
  const [referredOn, setReferredOn] = useState(todayIso());
  const [basis, setBasis] = useState<'consent' | 'legal_basis'>('consent');
  const [consentDate, setConsentDate] = useState(todayIso());
  const [legalBasis, setLegalBasis] = useState('');
  const [done, setDone] = useState('');
  async function search() {
    const p = new URLSearchParams({ lang, limit: '20' });
    if (q.trim()) p.set('q', q.trim());
    const rows = await get<EntryOut[]>(`/api/directory/search?${p}`);
    setFound(rows);
    setEntryId(rows[0]?.id ?? '');
  }
  async function refer() {
    setDone('');
    await post('/api/directory/case-referrals', { caseId, entryId, referredOn, basis: basis === 'consent' ? { kind: 'consent', consentGivenOn: consentDate } : { kind: 'legal_basis', legalBasis } });
    setDone(t('referrals.done', { entry: found?.find((e) => e.id === entryId)?.name ?? '' }));
    setFound(null);
    setEntryId('');
    await onDone();
  }
  return (
    <>
      <h3 id="refer-h">{t('referrals.refer')}</h3>
      {done && <Notice>{done}</Notice>}
      <ActionForm onSubmit={search} label={t('search')}>
        <Field label={t('referrals.find')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">{t('search')}</button>
      </ActionForm>
      {found && found.length === 0 && <p>{t('none')}</p>}
      {found && found.length > 0 && (
        <ActionForm onSubmit={refer} labelledBy="refer-h">
          <SelectField label={t('referrals.entry')} value={entryId} onChange={(e) => setEntryId(e.target.value)} options={found.map((e) => [e.id, e.name] as const)} />
          <Field label={t('referrals.date')} type="date" max={todayIso()} value={referredOn} onChange={(e) => setReferredOn(e.target.value)} required />
          <SelectField label={t('referrals.basis')} value={basis} onChange={(e) => setBasis(e.target.value as 'consent')} options={[['consent', t('referrals.basisConsent')], ['legal_basis', t('referrals.basisLegal')]]} />
          {basis === 'consent' ? (
            <Field label={t('referrals.consentDate')} type="date" max={referredOn} value={consentDate} onChange={(e) => setConsentDate(e.target.value)} required />
          ) : (
            <TextAreaField label={t('referrals.legalBasis')} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} rows={2} minLength={3} maxLength={500} required />
          )}
          <button type="submit" className="primary">
            {t('referrals.refer')}
          </button>
        </ActionForm>
      )}
    </>
  );
}
