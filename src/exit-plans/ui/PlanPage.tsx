import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Wire } from '../../core/http/wire.ts';
import { ApiError, api, get, patch, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import { ActionBar, ActionForm, Alert, ConfirmButton, CheckboxGroup, DataTable, ErrorMessage, Field, Loading, SelectField, TextAreaField, formatDate, formatDateTime, todayIso, useAction, useApiData } from '../../web/kit/index.ts';
import { ConsentsSection } from '../../consents/ui/ConsentsSection.tsx';
import { ACTOR_KINDS } from '../../consents/rules.ts';
import { MEASURE_KINDS, MEASURE_STATUSES, PLAN_END_REASONS } from '../rules.ts';
import type { MeasureOut, PlanOut, WarningOut } from '../schema.ts';
import { Timeline } from './Timeline.tsx';

type Plan = Wire<PlanOut>;
type Measure = Wire<MeasureOut>;
type Warning = Wire<WarningOut>;

/** The plan page: goals, actors and consents, measures with their warnings, timeline, follow-ups, versions. */
export function PlanPage() {
  const { id } = useParams();
  const { t } = useTranslation('exit-plans');
  const { data: plan, error, reload } = useApiData<Plan>(`/api/plans/${id}`);
  if (!plan) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  return <PlanView plan={plan} reload={reload} key={plan.version} t={t} />;
}

function PlanView({ plan, reload, t }: { plan: Plan; reload(): void; t: (k: string, o?: Record<string, unknown>) => string }) {
  const label = plan.personLabel ?? t('anonymous');
  const title = (mid: string) => plan.measures.find((m) => m.id === mid)?.title ?? '';
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('planTitle', { person: label })}</h1>
      <dl className="facts">
        <dt>{t('facts.unit')}</dt>
        <dd>{plan.unitName}</dd>
        <dt>{t('facts.coordinator')}</dt>
        <dd>{plan.coordinatorName ?? t('noCoordinator')}</dd>
        <dt>{t('facts.lead')}</dt>
        <dd>{plan.actors.find((a) => a.id === plan.leadActorId)?.name ?? '–'}</dd>
        <dt>{t('facts.referrals')}</dt>
        <dd>
          {t('referrals.barnahus', { state: plan.referrals.barnahus })}; {t('referrals.regional', { state: plan.referrals.regionalCoordinator })}
        </dd>
        <dt>{t('facts.version')}</dt>
        <dd>{plan.version}</dd>
      </dl>
      <ActionBar>
        <Link to={`/planer/${plan.id}/utskrift`}>{t('print')}</Link>
        <Link to={`/arenden/${plan.caseId}`}>{t('openCase')}</Link>
      </ActionBar>
      <WarningsSection plan={plan} reload={reload} title={title} />
      <GoalsSection plan={plan} reload={reload} />
      <CloseSection plan={plan} reload={reload} />
      <ConsentsSection personId={plan.personId} consents={plan.consents} onChange={reload} />
      <ActorsSection plan={plan} reload={reload} />
      <MeasuresSection plan={plan} reload={reload} title={title} />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <Timeline measures={plan.measures.map((m) => ({ ...m, status: m.effectiveStatus }))} />
      </section>
      <FollowUpsSection plan={plan} reload={reload} />
      <VersionsSection planId={plan.id} />
    </main>
  );
}

function useWarningText(plan: Plan, title: (id: string) => string) {
  const { t } = useTranslation('exit-plans');
  return (w: Warning) => {
    if (w.rule === 'dependency') return t('warnings.dependency', { measure: title(w.measureId!), dependents: w.dependentIds.map(title).join(', ') });
    if (w.rule === 'follow_up_overdue') return t('warnings.follow_up_overdue', { date: formatDate(w.date!) });
    if (w.rule === 'consent_lapsed') {
      const consent = plan.consents.find((c) => c.id === w.consentId);
      const actor = plan.actors.find((a) => a.id === w.actorId)?.name ?? consent?.actorName ?? '';
      return t(consent?.status === 'withdrawn' ? 'warnings.consent_lapsed_withdrawn' : 'warnings.consent_lapsed_expired', { actor, date: formatDate(w.date!) });
    }
    if (w.rule === 'consent_expiring') return t('warnings.consent_expiring', { actor: plan.consents.find((c) => c.id === w.consentId)?.actorName ?? '', date: formatDate(w.date!) });
    return t('warnings.economic_aid_sex_buyer');
  };
}

function WarningList({ plan, warnings, title }: { plan: Plan; warnings: Warning[]; title: (id: string) => string }) {
  const { t } = useTranslation('exit-plans');
  const text = useWarningText(plan, title);
  return (
    <ul>
      {warnings.map((w) => (
        <li key={w.key}>
          {text(w)}
          {w.rule === 'economic_aid_sex_buyer' && <p className="hint">{t('warnings.guidance')}</p>}
          {w.acknowledged && <p className="hint">{t('warnings.acknowledged', { by: w.acknowledged.by ?? '', reason: w.acknowledged.reason })}</p>}
        </li>
      ))}
    </ul>
  );
}

function WarningsSection({ plan, reload, title }: { plan: Plan; reload(): void; title: (id: string) => string }) {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const open = plan.warnings.filter((w) => !w.acknowledged);
  const [reason, setReason] = useState('');
  return (
    <section aria-labelledby="warnings-title">
      <h2 id="warnings-title">{t('warnings.title')}</h2>
      {plan.warnings.length === 0 ? <p>{t('warnings.none')}</p> : <WarningList plan={plan} warnings={plan.warnings} title={title} />}
      {can('plans.write') && open.length > 0 && (
        <ActionForm
          label={t('warnings.acknowledge')}
          onSubmit={async () => {
            for (const w of open) await post(`/api/plans/${plan.id}/acknowledgements`, { key: w.key, reason });
            reload();
          }}
        >
          <Field label={t('warnings.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          <button type="submit">{t('warnings.acknowledge')}</button>
        </ActionForm>
      )}
    </section>
  );
}

function GoalsSection({ plan, reload }: { plan: Plan; reload(): void }) {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const [goals, setGoals] = useState(plan.goals);
  return (
    <section aria-labelledby="goals-title">
      <h2 id="goals-title">{t('goals')}</h2>
      {can('plans.write') ? (
        <ActionForm labelledBy="goals-title" onSubmit={async () => { await patch(`/api/plans/${plan.id}`, { version: plan.version, goals }); reload(); }}>
          <TextAreaField label={t('goals')} value={goals} onChange={(e) => setGoals(e.target.value)} maxLength={5000} />
          <button type="submit">{t('saveGoals')}</button>
        </ActionForm>
      ) : (
        <p>{plan.goals}</p>
      )}
    </section>
  );
}

/** Closing the plan says how it ended (the statistics count plans ended by reason). */
function CloseSection({ plan, reload }: { plan: Plan; reload(): void }) {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const [reason, setReason] = useState('');
  if (plan.status === 'closed') {
    return <p>{t('close.closed', { reason: plan.endReason ? t(`endReasons.${plan.endReason}`) : t('close.notRecorded') })}</p>;
  }
  if (!can('plans.write') || plan.status !== 'active') return null;
  return (
    <section aria-labelledby="close-title">
      <h2 id="close-title">{t('close.title')}</h2>
      <ActionForm labelledBy="close-title" onSubmit={async () => { await patch(`/api/plans/${plan.id}`, { version: plan.version, status: 'closed', endReason: reason }); reload(); }}>
        <SelectField label={t('close.reason')} value={reason} required onChange={(e) => setReason(e.target.value)} options={[['', t('close.choose')] as const, ...PLAN_END_REASONS.map((r) => [r, t(`endReasons.${r}`)] as const)]} />
        <button type="submit">{t('close.submit')}</button>
      </ActionForm>
    </section>
  );
}

function ActorsSection({ plan, reload }: { plan: Plan; reload(): void }) {
  const { t } = useTranslation(['exit-plans', 'consents']);
  const { can } = useSession();
  const [kind, setKind] = useState<string>('healthcare');
  const [name, setName] = useState('');
  const inForce = plan.consents.filter((c) => c.status === 'in_force');
  const [consentId, setConsentId] = useState(inForce[0]?.id ?? '');
  const [partners, setPartners] = useState<Array<{ id: string; name: string; organisation: string | null }>>([]);
  useEffect(() => {
    if (can('plans.invite')) get<typeof partners>('/api/plans/partners').then(setPartners, () => setPartners([]));
  }, [can]);
  return (
    <section aria-labelledby="actors-title">
      <h2 id="actors-title">{t('actors.title')}</h2>
      <DataTable
        caption={t('actors.title')}
        rows={plan.actors}
        rowKey={(a) => a.id}
        columns={[
          { header: t('actors.title'), rowHeader: true, cell: (a) => `${a.name} (${t(`consents:kinds.${a.kind}`)})` },
          { header: t('actors.consent'), cell: (a) => (!a.needsConsent ? t('actors.noConsentNeeded') : a.consentInForce ? t('actors.consentInForce') : t('actors.consentMissing')) },
          {
            header: t('actors.partner'),
            cell: (a) =>
              a.partnerName ? <Invited planId={plan.id} actorId={a.id} partnerName={a.partnerName} canRevoke={can('plans.invite')} onDone={reload} /> : can('plans.invite') && a.needsConsent && a.consentInForce && partners.length > 0 ? <Invite planId={plan.id} actorId={a.id} actorName={a.name} partners={partners} onDone={reload} /> : '–',
          },
        ]}
      />
      {can('plans.write') && (
        <ActionForm label={t('actors.add')} onSubmit={async () => { await post(`/api/plans/${plan.id}/actors`, { kind, name, consentId: consentId || null }); setName(''); reload(); }}>
          <div className="toolbar">
            <SelectField label={t('consents:actorKind')} value={kind} onChange={(e) => setKind(e.target.value)} options={ACTOR_KINDS.map((k) => [k, t(`consents:kinds.${k}`)] as const)} />
            <Field label={t('consents:actorName')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            <SelectField label={t('actors.chooseConsent')} value={consentId} onChange={(e) => setConsentId(e.target.value)} options={[['', t('actors.noConsent')], ...inForce.map((c) => [c.id, `${c.actorName} (${formatDate(c.givenOn)})`] as const)]} />
          </div>
          <button type="submit">{t('actors.add')}</button>
        </ActionForm>
      )}
    </section>
  );
}

function Invited({ planId, actorId, partnerName, canRevoke, onDone }: { planId: string; actorId: string; partnerName: string; canRevoke: boolean; onDone(): void }) {
  const { t } = useTranslation('exit-plans');
  const { busy, error, run } = useAction();
  return (
    <>
      {t('actors.invited', { name: partnerName })}
      {canRevoke && (
        <ConfirmButton disabled={busy} question={t('actors.revokeQuestion', { name: partnerName })} confirm={t('actors.revoke')} onConfirm={() => run(async () => { await api('DELETE', `/api/plans/${planId}/actors/${actorId}/invitation`); onDone(); })}>
          {t('actors.revoke')}
        </ConfirmButton>
      )}
      {!!error && <ErrorMessage error={error} />}
    </>
  );
}

function Invite({ planId, actorId, actorName, partners, onDone }: { planId: string; actorId: string; actorName: string; partners: Array<{ id: string; name: string; organisation: string | null }>; onDone(): void }) {
  const { t } = useTranslation('exit-plans');
  const [who, setWho] = useState(partners[0]!.id);
  return (
    <ActionForm label={`${t('actors.invite')}: ${actorName}`} onSubmit={async () => { await post(`/api/plans/${planId}/actors/${actorId}/invitation`, { partnerUserId: who }); onDone(); }}>
      <SelectField label={`${t('actors.choosePartner')} (${actorName})`} value={who} onChange={(e) => setWho(e.target.value)} options={partners.map((p) => [p.id, p.organisation ? `${p.name}, ${p.organisation}` : p.name] as const)} />
      <button type="submit">{t('actors.invite')}</button>
    </ActionForm>
  );
}

function MeasuresSection({ plan, reload, title }: { plan: Plan; reload(): void; title: (id: string) => string }) {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const actorName = (id: string) => plan.actors.find((a) => a.id === id)?.name ?? '';
  const [actorId, setActorId] = useState(plan.actors[0]?.id ?? '');
  const [kind, setKind] = useState<string>('other');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [startsOn, setStartsOn] = useState(todayIso());
  const [plannedEndOn, setPlannedEndOn] = useState('');
  const [dependsOn, setDependsOn] = useState<string[]>([]);
  const [decisionId, setDecisionId] = useState('');
  return (
    <section aria-labelledby="measures-title">
      <h2 id="measures-title">{t('measures.title')}</h2>
      <DataTable
        caption={t('measures.title')}
        rows={plan.measures}
        rowKey={(m) => m.id}
        empty={t('measures.none')}
        columns={[
          { header: t('measures.columns.title'), rowHeader: true, cell: (m) => <>{m.title}{m.partnerNote && <p className="hint">{t('measures.partnerNote', { note: m.partnerNote })}</p>}</> },
          { header: t('measures.columns.actor'), cell: (m) => `${actorName(m.actorId)}${m.contactPerson ? `, ${m.contactPerson}` : ''}` },
          { header: t('measures.columns.dates'), cell: (m) => `${formatDate(m.startsOn)} – ${m.plannedEndOn ? formatDate(m.plannedEndOn) : ''}` },
          { header: t('measures.columns.status'), cell: (m) => (can('plans.write') ? <StatusChange plan={plan} m={m} reload={reload} title={title} /> : t(`status.${m.effectiveStatus}`)) },
          { header: t('measures.columns.dependsOn'), cell: (m) => m.dependsOn.map(title).join(', ') || '–' },
        ]}
      />
      {plan.suggestions.length > 0 && can('plans.write') && (
        <>
          <h3>{t('measures.suggestions')}</h3>
          <ul>
            {plan.suggestions.map((s) => (
              <li key={s.key}>
                {s.title} ({t(`kinds.${s.kind}`)}){' '}
                <button type="button" onClick={() => { setName(s.title); setKind(s.kind); }}>{t('measures.useSuggestion')}</button>
              </li>
            ))}
          </ul>
        </>
      )}
      {can('plans.write') && (
        <MeasureForm
          label={t('measures.add')}
          submit={(acknowledgement) => post(`/api/plans/${plan.id}/measures`, { actorId, kind, title: name, contactPerson: contact || null, startsOn, plannedEndOn: plannedEndOn || null, dependsOn, decisionId: decisionId || null, ...(acknowledgement && { acknowledgement }) })}
          plan={plan}
          title={title}
          onDone={() => { setName(''); setDependsOn([]); reload(); }}
        >
          <div className="toolbar">
            <SelectField label={t('measures.actor')} value={actorId} onChange={(e) => setActorId(e.target.value)} options={plan.actors.map((a) => [a.id, a.name] as const)} />
            <SelectField label={t('measures.kind')} value={kind} onChange={(e) => setKind(e.target.value)} options={MEASURE_KINDS.map((k) => [k, t(`kinds.${k}`)] as const)} />
            <Field label={t('measures.titleLabel')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={300} />
            <Field label={t('measures.contact')} value={contact} onChange={(e) => setContact(e.target.value)} maxLength={200} />
            <Field label={t('measures.startsOn')} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} required />
            <Field label={t('measures.plannedEndOn')} type="date" value={plannedEndOn} onChange={(e) => setPlannedEndOn(e.target.value)} />
            <SelectField label={t('measures.decision')} value={decisionId} onChange={(e) => setDecisionId(e.target.value)} options={[['', t('measures.noDecision')], ...plan.decisions.map((d) => [d.id, `${d.supportType} (${d.outcome}, ${formatDate(d.decidedAt)})`] as const)]} />
          </div>
          {plan.measures.length > 0 && <CheckboxGroup legend={t('measures.dependsOn')} options={plan.measures.map((m) => [m.id, m.title] as const)} value={dependsOn} onChange={setDependsOn} />}
          <button type="submit" className="primary">{t('measures.add')}</button>
        </MeasureForm>
      )}
    </section>
  );
}

/**
 * A form whose change may come back with warnings (409): they are shown, and the change is sent
 * again only with a reason the coordinator writes.
 */
function MeasureForm({ submit, plan, title, onDone, children, label }: { submit(ack?: { reason: string }): Promise<unknown>; plan: Plan; title: (id: string) => string; onDone(): void; children: React.ReactNode; label?: string }) {
  const { t } = useTranslation('exit-plans');
  const [warnings, setWarnings] = useState<Warning[] | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const send = (ack?: { reason: string }) =>
    run(async () => {
      try {
        await submit(ack);
        setWarnings(null);
        onDone();
      } catch (err) {
        if (err instanceof ApiError && err.code === 'warningsNeedAcknowledgement') {
          setWarnings((err.body as { warnings?: Warning[] } | undefined)?.warnings ?? []);
          return;
        }
        throw err;
      }
    });
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (!busy) void send(); }} aria-label={label} aria-busy={busy}>
      {children}
      {warnings && (
        <Alert>
          <p>{t('warnings.mustAcknowledge')}</p>
          <WarningList plan={plan} warnings={warnings} title={title} />
          <Field label={t('warnings.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          <ActionBar>
            <button type="button" className="primary" onClick={() => void send({ reason })}>{t('warnings.proceed')}</button>
            <button type="button" onClick={() => setWarnings(null)}>{t('warnings.cancel')}</button>
          </ActionBar>
        </Alert>
      )}
      <ErrorMessage error={warnings ? null : error} />
    </form>
  );
}

function StatusChange({ plan, m, reload, title }: { plan: Plan; m: Measure; reload(): void; title: (id: string) => string }) {
  const { t } = useTranslation('exit-plans');
  const [status, setStatus] = useState(m.status);
  const [reason, setReason] = useState(m.statusReason ?? '');
  return (
    <MeasureForm
      label={t('measures.saveStatus', { measure: m.title })}
      plan={plan}
      title={title}
      onDone={reload}
      submit={(acknowledgement) => patch(`/api/plans/${plan.id}/measures/${m.id}`, { version: m.version, status, statusReason: reason || null, ...(acknowledgement && { acknowledgement }) })}
    >
      {m.effectiveStatus !== m.status && <p>{t(`status.${m.effectiveStatus}`)}</p>}
      <SelectField label={t('measures.status', { measure: m.title })} value={status} onChange={(e) => setStatus(e.target.value)} options={MEASURE_STATUSES.map((s) => [s, t(`status.${s}`)] as const)} />
      <Field label={t('measures.statusReason', { measure: m.title })} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      <button type="submit">{t('measures.saveStatus', { measure: m.title })}</button>
    </MeasureForm>
  );
}

function FollowUpsSection({ plan, reload }: { plan: Plan; reload(): void }) {
  const { t } = useTranslation('exit-plans');
  const { can } = useSession();
  const [dueOn, setDueOn] = useState(todayIso());
  const [participants, setParticipants] = useState('');
  const [notes, setNotes] = useState('');
  const today = todayIso();
  return (
    <section aria-labelledby="followups-title">
      <h2 id="followups-title">{t('followUps.title')}</h2>
      {plan.followUps.length === 0 ? (
        <p>{t('followUps.none')}</p>
      ) : (
        <ul>
          {plan.followUps.map((f) => (
            <li key={f.id}>
              {formatDate(f.dueOn)} – {f.participants.join(', ')} {f.heldOn ? `(${t('followUps.held', { date: formatDate(f.heldOn) })})` : f.dueOn < today ? `(${t('followUps.overdue')})` : ''}
              {f.notes && <p className="hint">{f.notes}</p>}
              {!f.heldOn && f.dueOn <= today && can('plans.write') && (
                <button type="button" onClick={() => void patch(`/api/plans/${plan.id}/follow-ups/${f.id}`, { version: f.version, heldOn: today }).then(reload)}>{t('followUps.markHeld', { date: formatDate(f.dueOn) })}</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {can('plans.write') && (
        <ActionForm label={t('followUps.add')} onSubmit={async () => { await post(`/api/plans/${plan.id}/follow-ups`, { dueOn, participants: participants.split(',').map((p) => p.trim()).filter(Boolean), notes: notes || null }); setNotes(''); reload(); }}>
          <div className="toolbar">
            <Field label={t('followUps.dueOn')} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} required />
            <Field label={t('followUps.participants')} value={participants} onChange={(e) => setParticipants(e.target.value)} maxLength={1000} />
            <Field label={t('followUps.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={10000} />
          </div>
          <button type="submit">{t('followUps.add')}</button>
        </ActionForm>
      )}
    </section>
  );
}

function VersionsSection({ planId }: { planId: string }) {
  const { t } = useTranslation('exit-plans');
  const [open, setOpen] = useState(false);
  const { data } = useApiData<Array<{ version: number; change: string; changedBy: string | null; changedAt: string }>>(open ? `/api/plans/${planId}/versions` : null);
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('versions.title')}</h2>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>{t('versions.title')}</button>
      ) : (
        <ul>{data?.map((v) => <li key={v.version}>{t('versions.line', { version: v.version, change: v.change, by: v.changedBy ?? '–', date: formatDateTime(v.changedAt) })}</li>)}</ul>
      )}
    </section>
  );
}
