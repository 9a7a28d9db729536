import { ActionForm, Notice, SelectField, TextAreaField, formatDate } from '../../web/kit/index.ts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../web/api.ts';
import { useSession } from '../../web/session.tsx';
import type { Act, CaseView } from '../../cases/ui/CasePage.tsx';
import type { QuestionSetDefinition } from '../schema.ts';

/** The structured questions on a case: the routine note, the current set, and the answers given so far. */
export function QuestionsSection({ c, act }: { c: CaseView; act: Act }) {
  const { t, i18n } = useTranslation('cases');
  const { can } = useSession();
  const [sets, setSets] = useState<QuestionSetDefinition[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const lang = (i18n.language === 'en' ? 'en' : 'sv') as 'sv' | 'en';
  useEffect(() => {
    get<QuestionSetDefinition[]>('/api/questions/sets').then(setSets, () => setSets([]));
  }, []);
  const set = sets.find((s) => s.key === 'utvag-standard') ?? sets[0];
  const writable = can('cases.write') && c.status !== 'closed';
  return (
    <section aria-labelledby="questions-h">
      <h2 id="questions-h">{t('questions.title')}</h2>
      {c.answers.map((a) => {
        const def = sets.find((s) => s.key === a.setKey);
        return (
          <details key={a.id}>
            <summary>{t('questions.asked', { set: def?.title[lang] ?? a.setKey, version: a.setVersion, date: formatDate(a.askedAt), by: a.askedBy })}</summary>
            <dl className="facts">
              {Object.entries(a.answers).map(([q, v]) => (
                <div key={q} className="contents">
                  <dt>{def?.questions.find((x) => x.id === q)?.text[lang] ?? q}</dt>
                  <dd>{v === 'declined' ? t('questions.declined') : v === 'yes' ? t('questions.yes') : v === 'no' ? t('questions.no') : v}</dd>
                </div>
              ))}
            </dl>
          </details>
        );
      })}
      {set && writable && (
        <ActionForm
          label={set.title[lang]}
          onSubmit={() =>
            act(async () => {
              await post(`/api/cases/${c.id}/answers`, { setKey: set.key, setVersion: set.version, answers: Object.fromEntries(set.questions.map((q) => [q.id, answers[q.id] ?? (q.type === 'text' ? '' : 'declined')])) });
              setAnswers({});
            })
          }
        >
          <h3>{set.title[lang]}</h3>
          <Notice announce={false}>
            <strong>{t('questions.routine')}:</strong> {set.routineNote[lang]}
          </Notice>
          {set.questions.map((q) =>
            q.type === 'text' ? (
              <TextAreaField key={q.id} label={q.text[lang]} value={answers[q.id] ?? ''} maxLength={2000} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} />
            ) : (
              <SelectField
                key={q.id}
                label={q.text[lang]}
                value={answers[q.id] ?? 'declined'}
                onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                options={[
                  ['declined', t('questions.declined')],
                  ...(q.type === 'yes_no' ? ([['yes', t('questions.yes')], ['no', t('questions.no')]] as const) : (q.options ?? []).map((o) => [o.value, o.label[lang]] as const)),
                ]}
              />
            ),
          )}
          <button type="submit" className="primary">
            {t('questions.save')}
          </button>
        </ActionForm>
      )}
    </section>
  );
}
