import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../web/api.ts';
import { ActionForm, Alert, CheckboxField, CheckboxGroup, DataTable, Field, SelectField, TextAreaField, formatDate, todayIso } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import { DECISION_CONDITIONS, decisionWarnings, END_REASONS, INCOME_SOURCES, measureState, REFUSAL_GROUNDS, type DecisionInput } from '../rules.ts';
import type { Act, CaseView } from './CasePage.tsx';


/**
 * Decisions on support: the support offered fits the person and the unit (the case page says which),
 * nothing is preselected, a granted measure has a period and can be ended with a reason, conditions
 * are structured (never being drug-free), and refusing economic aid because of money from a sex
 * buyer asks the caseworker to read the guidance first.
 */
export function DecisionsSection({ c, act }: { c: CaseView; act: Act }) {
  const { t } = useTranslation('cases');
  const { can } = useSession();
  const [supportType, setSupportType] = useState('');
  const [outcome, setOutcome] = useState<'' | 'granted' | 'refused'>('');
  const [ground, setGround] = useState('');
  const [incomeSources, setIncomeSources] = useState<string[]>([]);
  const [conditions, setConditions] = useState<string[]>([]);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [reasoning, setReasoning] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [ending, setEnding] = useState<string | null>(null);
  const today = todayIso();
  const draft = { supportType, outcome, refusalGround: ground || null, incomeSources, conditions, reasoning } as DecisionInput;
  const warnings = outcome ? decisionWarnings(draft) : [];
  const writable = can('cases.decide') && c.status !== 'closed';

  function reset() {
    setSupportType('');
    setOutcome('');
    setGround('');
    setIncomeSources([]);
    setConditions([]);
    setStartsOn('');
    setEndsOn('');
    setReasoning('');
    setAcknowledged(false);
  }

  return (
    <section aria-labelledby="decisions-h">
      <h2 id="decisions-h">{t('decisions.title')}</h2>
      <p className="hint">{t('decisions.noCondition')}</p>
      {c.decisions.length > 0 && (
        <DataTable
          caption={t('decisions.title')}
          rows={c.decisions}
          rowKey={(d) => d.id}
          columns={[
            { header: t('decisions.supportType'), cell: (d) => t(`support.${d.supportType}`) },
            {
              header: t('decisions.outcome'),
              cell: (d) => (
                <>
                  {t(`decisions.${d.outcome}`)}
                  {d.refusalGround && ` (${t(`ground.${d.refusalGround}`)}${d.incomeSources.length ? `: ${d.incomeSources.map((s) => t(`measures.income.${s}`)).join(', ')}` : ''})`}
                  {d.conditions.length > 0 && (
                    <>
                      <br />
                      {t('measures.conditions')}: {d.conditions.map((x) => t(`measures.condition.${x}`)).join(', ')}
                    </>
                  )}
                  <br />
                  <span className="hint">{t('decisions.by', { by: d.decidedBy, date: formatDate(d.decidedAt) })}</span>
                </>
              ),
            },
            { header: t('measures.period'), cell: (d) => (d.startsOn ? `${d.startsOn} – ${d.endsOn ?? ''}` : '–') },
            {
              header: t('measures.state'),
              cell: (d) => {
                const state = measureState(d, today);
                return (
                  <>
                    {t(`measures.states.${state}`)}
                    {d.endedOn && (
                      <>
                        <br />
                        {t('measures.ended', { date: d.endedOn, reason: t(`measures.reasons.${d.endReason}`) })}
                        {d.endNote && ` – ${d.endNote}`}
                      </>
                    )}
                    {writable && d.outcome === 'granted' && !d.endedOn && ending !== d.id && (
                      <>
                        <br />
                        <button type="button" onClick={() => setEnding(d.id)}>
                          {t('measures.end')}
                        </button>
                      </>
                    )}
                  </>
                );
              },
            },
            { header: t('decisions.reasoning'), cell: (d) => d.reasoning },
          ]}
        />
      )}
      {ending && (
        <EndMeasureForm
          c={c}
          decision={c.decisions.find((d) => d.id === ending)!}
          today={today}
          onDone={(action) =>
            act(async () => {
              await action();
              setEnding(null);
            })
          }
          onCancel={() => setEnding(null)}
        />
      )}
      {writable && (
        <ActionForm
          label={t('decisions.title')}
          onSubmit={() =>
            act(async () => {
              await post(`/api/cases/${c.id}/decisions`, {
                supportType,
                outcome,
                refusalGround: outcome === 'refused' ? ground || null : null,
                incomeSources: outcome === 'refused' && ground === 'sufficient_income' ? incomeSources : [],
                conditions,
                startsOn: outcome === 'granted' ? startsOn || null : null,
                endsOn: outcome === 'granted' ? endsOn || null : null,
                reasoning,
                acknowledgedWarnings: acknowledged ? warnings : [],
              });
              reset();
            })
          }
        >
          <SelectField
            label={t('decisions.supportType')}
            hint={t('measures.offeredHint')}
            required
            value={supportType}
            onChange={(e) => setSupportType(e.target.value)}
            options={[['', t('measures.chooseSupport')], ...c.supportTypes.map((s) => [s, t(`support.${s}`)] as const)]}
          />
          {/* A referral to civil society or another service is no decision: it is the directory's referral (its section's heading id). */}
          <p className="hint">
            {t('measures.referInstead')}{' '}
            <a href="#hanvisa-till-stod" onClick={(e) => (e.preventDefault(), document.getElementById('hanvisa-till-stod')?.focus())}>
              {t('measures.referLink')}
            </a>
          </p>
          <SelectField
            label={t('decisions.outcome')}
            required
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as 'granted')}
            options={[
              ['', t('measures.chooseOutcome')],
              ['granted', t('decisions.granted')],
              ['refused', t('decisions.refused')],
            ]}
          />
          {outcome === 'granted' && (
            <div className="toolbar">
              <Field label={t('measures.startsOn')} type="date" required value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
              <Field label={t('measures.endsOn')} type="date" required min={startsOn || undefined} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
            </div>
          )}
          {outcome === 'refused' && (
            <SelectField
              label={t('decisions.ground')}
              required
              value={ground}
              onChange={(e) => setGround(e.target.value)}
              options={[['', t('measures.chooseGround')], ...REFUSAL_GROUNDS.map((g) => [g, t(`ground.${g}`)] as const)]}
            />
          )}
          {outcome === 'refused' && ground === 'sufficient_income' && (
            <CheckboxGroup legend={t('measures.incomeSources')} options={INCOME_SOURCES.map((s) => [s, t(`measures.income.${s}`)] as const)} value={incomeSources} onChange={setIncomeSources} />
          )}
          <CheckboxGroup legend={t('measures.conditions')} options={DECISION_CONDITIONS.map((x) => [x, t(`measures.condition.${x}`)] as const)} value={conditions} onChange={setConditions} />
          <p className="hint">{t('measures.conditionsHint')}</p>
          <TextAreaField label={t('decisions.reasoning')} value={reasoning} onChange={(e) => setReasoning(e.target.value)} maxLength={10000} />
          {warnings.includes('sexBuyerIncome') && (
            <Alert>
              <strong>{t('measures.warning')}:</strong> {t('measures.sexBuyerIncome')}
              <CheckboxField label={t('measures.acknowledge')} checked={acknowledged} onChange={setAcknowledged} />
            </Alert>
          )}
          <button type="submit" className="primary">
            {t('decisions.save')}
          </button>
        </ActionForm>
      )}
    </section>
  );
}

function EndMeasureForm({ c, decision, today, onDone, onCancel }: { c: CaseView; decision: CaseView['decisions'][number]; today: string; onDone(action: () => Promise<unknown>): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation('cases');
  const [endedOn, setEndedOn] = useState(today);
  const [endReason, setEndReason] = useState('');
  const [endNote, setEndNote] = useState('');
  return (
    <ActionForm label={t('measures.endTitle', { support: t(`support.${decision.supportType}`) })} onSubmit={() => onDone(() => post(`/api/cases/${c.id}/decisions/${decision.id}/end`, { endedOn, endReason, endNote }))}>
      <h3>{t('measures.endTitle', { support: t(`support.${decision.supportType}`) })}</h3>
      <Field label={t('measures.endedOn')} type="date" required max={today} min={decision.startsOn ?? undefined} value={endedOn} onChange={(e) => setEndedOn(e.target.value)} />
      <SelectField label={t('measures.endReason')} required value={endReason} onChange={(e) => setEndReason(e.target.value)} options={[['', t('measures.chooseGround')], ...END_REASONS.map((r) => [r, t(`measures.reasons.${r}`)] as const)]} />
      <TextAreaField label={t('measures.endNote')} rows={2} maxLength={2000} value={endNote} onChange={(e) => setEndNote(e.target.value)} />
      <div className="toolbar">
        <button type="submit" className="primary">
          {t('measures.doEnd')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('journal.cancel')}
        </button>
      </div>
    </ActionForm>
  );
}
