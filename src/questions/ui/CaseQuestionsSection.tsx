import { ActionForm, Notice, SelectField, TextAreaField, formatDate } from '../../web/kit/index.ts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import type { Act, CaseView } from '../../cases/ui/CasePage.tsx';
import { setForCase, suggestionsFor } from '../rules.ts';
import type { QuestionSetDefinition } from '../schema.ts';
import { FOLLOW_UP_ACTIONS, type FollowUpAction } from '../vocabulary.ts';
import { AnswerValue, QuestionField, type Lang } from './QuestionField.tsx';

type LoadedSet = QuestionSetDefinition & { publishedAt: string };

/**
 * The structured questions on a case: the answers given so far, each in the wording of the version
 * it was asked under, and the form. The form starts with every question "not asked"; only what the
 * caseworker sets is sent, so an untouched question never counts as asked.
 */
export function QuestionsSection({ c, act }: { c: CaseView; act: Act }) {
  const { t, i18n } = useTranslation('questions');
  const { can } = useSession();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'sv';
  const [sets, setSets] = useState<LoadedSet[]>([]);
  const [asked, setAsked] = useState<Record<string, QuestionSetDefinition>>({});
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [followUps, setFollowUps] = useState<Record<string, { action: FollowUpAction | ''; note: string }>>({});
  useEffect(() => {
    get<LoadedSet[]>('/api/questions/sets').then(setSets, () => setSets([]));
  }, []);
  // The versions the case's answers were given under, for their wording.
  const versionKeys = useMemo(() => [...new Set(c.answers.map((a) => `${a.setKey}/${a.setVersion}`))], [c.answers]);
  useEffect(() => {
    for (const k of versionKeys) {
      if (asked[k]) continue;
      const [key, version] = k.split('/');
      get<QuestionSetDefinition>(`/api/questions/sets/${key}/versions/${version}`).then((d) => setAsked((a) => ({ ...a, [k]: d })), () => undefined);
    }
  }, [versionKeys, asked]);
  const proposed = setForCase(sets, { personRole: c.personRole, ageGroup: c.ageGroup, unitKind: c.unitKind });
  const set = sets.find((s) => s.key === chosenKey) ?? proposed ?? sets[0];
  const writable = can('cases.write') && c.status !== 'closed';
  const suggestions = set ? suggestionsFor(set, answers) : [];
  const touched = Object.keys(answers).length;

  function choose(key: string) {
    setChosenKey(key);
    setAnswers({});
    setFollowUps({});
  }
  function answer(id: string, value: string | null) {
    const next = { ...answers };
    if (value === null || value === '') delete next[id];
    else next[id] = value;
    setAnswers(next);
  }

  return (
    <section aria-labelledby="questions-h">
      <h2 id="questions-h">{t('caseForm.title')}</h2>
      {c.answers.map((a) => {
        const def = asked[`${a.setKey}/${a.setVersion}`];
        return (
          <details key={a.id}>
            <summary>
              {t('caseForm.asked', { set: def?.title[lang] ?? a.setKey, version: a.setVersion, date: formatDate(a.askedAt), by: a.askedBy })}
              {!a.countsAsAsked && ` – ${t('caseForm.partly')}`}
            </summary>
            <dl className="facts">
              {(def?.questions ?? []).map((q) => (
                <div key={q.id} className="contents">
                  <dt>{q.text[lang]}</dt>
                  <dd>{a.answers[q.id] === undefined ? <em>{t('caseForm.notAsked')}</em> : <AnswerValue q={q} value={a.answers[q.id]!} lang={lang} />}</dd>
                </div>
              ))}
            </dl>
            {a.followUps.length > 0 && (
              <ul>
                {a.followUps.map((f) => (
                  <li key={f.questionId}>
                    {t('caseForm.followUpDone', { suggestion: t(`suggestion.${f.suggestion}`), action: t(`action.${f.action}`) })}
                    {f.note && ` – ${f.note}`}
                  </li>
                ))}
              </ul>
            )}
          </details>
        );
      })}
      {set && writable && (
        <ActionForm
          label={set.title[lang]}
          onSubmit={async () => {
            // Nothing asked records nothing (the server refuses it too): coverage cannot be inflated by a click.
            if (touched === 0) throw new Error(t('caseForm.nothingAsked'));
            await act(async () => {
              await post(`/api/cases/${c.id}/answers`, {
                setKey: set.key,
                setVersion: set.version,
                answers,
                followUps: suggestions.map((s) => ({ ...s, action: followUps[s.questionId]?.action || undefined, note: followUps[s.questionId]?.note ?? '' })),
              });
              setAnswers({});
              setFollowUps({});
            });
          }}
        >
          <SelectField
            label={t('caseForm.set')}
            hint={proposed ? t('caseForm.proposed', { set: proposed.title[lang] }) : undefined}
            value={set.key}
            onChange={(e) => choose(e.target.value)}
            options={sets.map((s) => [s.key, `${s.title[lang]} (${t('caseForm.version', { version: s.version })})`] as const)}
          />
          <h3>{set.title[lang]}</h3>
          <Notice announce={false}>
            <strong>{t('caseForm.routine')}:</strong> {set.routineNote[lang]}
          </Notice>
          <p className="hint">{t('caseForm.notAskedHint')}</p>
          {set.questions.map((q) => {
            const s = suggestions.find((x) => x.questionId === q.id);
            const f = followUps[q.id] ?? { action: '', note: '' };
            return (
              <div key={`${set.key}-${set.version}-${q.id}`}>
                <QuestionField q={q} lang={lang} value={answers[q.id]} onChange={(v) => answer(q.id, v)} />
                {s && (
                  <div className="card" role="group" aria-label={t(`suggestion.${s.suggestion}`)}>
                    <Notice>{t('caseForm.suggest', { suggestion: t(`suggestion.${s.suggestion}`) })}</Notice>
                    <SelectField
                      label={t('caseForm.whatWasDone')}
                      required
                      value={f.action}
                      onChange={(e) => setFollowUps({ ...followUps, [q.id]: { ...f, action: e.target.value as FollowUpAction } })}
                      options={[['', t('caseForm.choose')], ...FOLLOW_UP_ACTIONS.map((a) => [a, t(`action.${a}`)] as const)]}
                    />
                    <TextAreaField label={t('caseForm.followUpNote')} rows={2} maxLength={2000} value={f.note} onChange={(e) => setFollowUps({ ...followUps, [q.id]: { ...f, note: e.target.value } })} />
                  </div>
                )}
              </div>
            );
          })}
          <p className="hint" aria-live="polite">
            {t('caseForm.count', { count: touched, total: set.questions.length })}
          </p>
          <button type="submit" className="primary">
            {t('caseForm.save')}
          </button>
        </ActionForm>
      )}
    </section>
  );
}
