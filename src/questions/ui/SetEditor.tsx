import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../web/api.ts';
import { ActionBar, ActionForm, CheckboxField, CheckboxGroup, Field, Notice, SelectField, TextAreaField } from '../../web/kit/index.ts';
import { questionSetProblems, suggestionsFor } from '../rules.ts';
import type { Question, QuestionSetBody, QuestionSetDefinition } from '../schema.ts';
import { FOLLOW_UP_SUGGESTIONS, SET_AUDIENCES } from '../vocabulary.ts';
import { QuestionField, type Lang } from './QuestionField.tsx';

const EMPTY_TEXT = { sv: '', en: '' };
const newQuestion = (n: number): Question => ({ id: `fraga_${n}`, section: 'other', type: 'yes_no', text: { ...EMPTY_TEXT } });
const EMPTY_SET: QuestionSetBody = { key: 'nytt-formular', audience: 'adults', title: { ...EMPTY_TEXT }, routineNote: { ...EMPTY_TEXT }, questions: [newQuestion(1)] };

/** The body of a loaded set, without its version: the start of the next version. */
function bodyOf(set: QuestionSetDefinition): QuestionSetBody {
  const { version: _v, ...body } = set as QuestionSetDefinition & { publishedAt?: unknown };
  delete (body as { publishedAt?: unknown }).publishedAt;
  return structuredClone(body);
}

/**
 * The form editor for a new version of a set: start from any loaded set (or an empty one), edit the
 * texts and questions, see the form as the caseworker will, publish. A published version is never
 * changed: publishing always makes the next version.
 */
export function SetEditor({ sets, onPublished }: { sets: QuestionSetDefinition[]; onPublished(set: QuestionSetDefinition): void }) {
  const { t, i18n } = useTranslation('questions');
  const [base, setBase] = useState(sets[0]?.key ?? '');
  const [draft, setDraft] = useState<QuestionSetBody>(() => (sets[0] ? bodyOf(sets[0]) : EMPTY_SET));
  const [previewLang, setPreviewLang] = useState<Lang>(i18n.language === 'en' ? 'en' : 'sv');
  const [previewAnswers, setPreviewAnswers] = useState<Record<string, string>>({});
  const [published, setPublished] = useState<QuestionSetDefinition | null>(null);
  const problems = questionSetProblems(draft);

  function start(key: string) {
    setBase(key);
    const set = sets.find((s) => s.key === key);
    setDraft(set ? bodyOf(set) : structuredClone(EMPTY_SET));
    setPreviewAnswers({});
  }
  const setQuestion = (i: number, q: Question) => setDraft({ ...draft, questions: draft.questions.map((x, j) => (j === i ? q : x)) });
  function move(i: number, by: -1 | 1) {
    const qs = [...draft.questions];
    const [q] = qs.splice(i, 1);
    qs.splice(i + by, 0, q!);
    setDraft({ ...draft, questions: qs });
  }
  async function publish() {
    const set = await post<QuestionSetDefinition>('/api/questions/sets', draft);
    setPublished(set);
    onPublished(set);
  }

  return (
    <>
      <h2>{t('editor.title')}</h2>
      <p>{t('editor.intro')}</p>
      <SelectField label={t('editor.startFrom')} value={base} onChange={(e) => start(e.target.value)} options={[...sets.map((s) => [s.key, `${s.title.sv} (${s.key}, ${t('caseForm.version', { version: s.version })})`] as const), ['', t('editor.empty')]]} />
      <ActionForm onSubmit={publish} label={t('editor.title')}>
        <Field label={t('editor.key')} hint={t('editor.keyHint')} value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value })} />
        <SelectField label={t('editor.audience')} value={draft.audience ?? 'adults'} onChange={(e) => setDraft({ ...draft, audience: e.target.value as 'adults' })} options={SET_AUDIENCES.map((a) => [a, t(`audience.${a}`)] as const)} />
        <Field label={t('editor.titleSv')} value={draft.title.sv} onChange={(e) => setDraft({ ...draft, title: { ...draft.title, sv: e.target.value } })} />
        <Field label={t('editor.titleEn')} value={draft.title.en} onChange={(e) => setDraft({ ...draft, title: { ...draft.title, en: e.target.value } })} />
        <TextAreaField label={t('editor.routineSv')} rows={3} value={draft.routineNote.sv} onChange={(e) => setDraft({ ...draft, routineNote: { ...draft.routineNote, sv: e.target.value } })} />
        <TextAreaField label={t('editor.routineEn')} rows={3} value={draft.routineNote.en} onChange={(e) => setDraft({ ...draft, routineNote: { ...draft.routineNote, en: e.target.value } })} />
        {draft.questions.map((q, i) => (
          <QuestionEditor
            key={i}
            n={i + 1}
            q={q}
            onChange={(next) => setQuestion(i, next)}
            onRemove={draft.questions.length > 1 ? () => setDraft({ ...draft, questions: draft.questions.filter((_, j) => j !== i) }) : undefined}
            onUp={i > 0 ? () => move(i, -1) : undefined}
            onDown={i < draft.questions.length - 1 ? () => move(i, 1) : undefined}
          />
        ))}
        <ActionBar>
          <button type="button" onClick={() => setDraft({ ...draft, questions: [...draft.questions, newQuestion(draft.questions.length + 1)] })}>
            {t('editor.addQuestion')}
          </button>
        </ActionBar>
        {problems.length > 0 && (
          <ul className="field-error">
            {problems.map((p) => (
              <li key={p}>{t(`editor.problem.${p}`, { defaultValue: p })}</li>
            ))}
          </ul>
        )}
        <section aria-labelledby="preview-h" className="card">
          <h3 id="preview-h">{t('editor.preview')}</h3>
          <SelectField label={t('editor.previewLanguage')} value={previewLang} onChange={(e) => setPreviewLang(e.target.value as Lang)} options={[['sv', 'Svenska'], ['en', 'English']]} />
          <h4>{draft.title[previewLang] || t('editor.untitled')}</h4>
          <Notice announce={false}>
            <strong>{t('caseForm.routine')}:</strong> {draft.routineNote[previewLang]}
          </Notice>
          {draft.questions.map((q, i) => (
            <div key={i}>
              <QuestionField q={q} lang={previewLang} value={previewAnswers[q.id]} onChange={(v) => setPreviewAnswers((a) => (v === null ? Object.fromEntries(Object.entries(a).filter(([k]) => k !== q.id)) : { ...a, [q.id]: v }))} />
              {suggestionsFor({ ...draft, version: 0 }, previewAnswers)
                .filter((s) => s.questionId === q.id)
                .map((s) => (
                  <Notice key={s.suggestion}>{t('caseForm.suggest', { suggestion: t(`suggestion.${s.suggestion}`) })}</Notice>
                ))}
            </div>
          ))}
        </section>
        {published && <Notice>{t('published', { key: published.key, version: published.version })}</Notice>}
        <button type="submit" className="primary" disabled={problems.length > 0}>
          {t('publish')}
        </button>
      </ActionForm>
    </>
  );
}

function QuestionEditor({ n, q, onChange, onRemove, onUp, onDown }: { n: number; q: Question; onChange(q: Question): void; onRemove?: () => void; onUp?: () => void; onDown?: () => void }) {
  const { t } = useTranslation('questions');
  const answerValues = q.type === 'yes_no' ? (['yes', 'no'] as const).map((v) => [v, t(`caseForm.${v}`)] as const) : q.type === 'choice' ? (q.options ?? []).map((o) => [o.value, o.label.sv || o.value] as const) : [];
  function setType(type: Question['type']) {
    const next: Question = { ...q, type };
    if (type === 'choice') next.options = q.options?.length ? q.options : [{ value: 'a', label: { sv: '', en: '' } }, { value: 'b', label: { sv: '', en: '' } }];
    else delete next.options;
    if (type === 'text') delete next.followUp;
    else if (next.followUp) next.followUp = { ...next.followUp, on: type === 'yes_no' ? ['yes'] : [] };
    onChange(next);
  }
  return (
    <fieldset className="card">
      <legend>{t('editor.question', { n })}</legend>
      <Field label={t('editor.questionId')} value={q.id} onChange={(e) => onChange({ ...q, id: e.target.value })} />
      <Field label={t('editor.section')} value={q.section} onChange={(e) => onChange({ ...q, section: e.target.value })} />
      <SelectField label={t('editor.type')} value={q.type} onChange={(e) => setType(e.target.value as Question['type'])} options={(['yes_no', 'choice', 'text'] as const).map((x) => [x, t(`editor.types.${x}`)] as const)} />
      <TextAreaField label={t('editor.textSv')} rows={2} value={q.text.sv} onChange={(e) => onChange({ ...q, text: { ...q.text, sv: e.target.value } })} />
      <TextAreaField label={t('editor.textEn')} rows={2} value={q.text.en} onChange={(e) => onChange({ ...q, text: { ...q.text, en: e.target.value } })} />
      {q.type === 'choice' &&
        (q.options ?? []).map((o, i) => (
          <div key={i} className="toolbar">
            <Field label={t('editor.optionValue', { n: i + 1 })} value={o.value} onChange={(e) => onChange({ ...q, options: q.options!.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })} />
            <Field label={t('editor.optionSv', { n: i + 1 })} value={o.label.sv} onChange={(e) => onChange({ ...q, options: q.options!.map((x, j) => (j === i ? { ...x, label: { ...x.label, sv: e.target.value } } : x)) })} />
            <Field label={t('editor.optionEn', { n: i + 1 })} value={o.label.en} onChange={(e) => onChange({ ...q, options: q.options!.map((x, j) => (j === i ? { ...x, label: { ...x.label, en: e.target.value } } : x)) })} />
          </div>
        ))}
      {q.type === 'choice' && (
        <button type="button" onClick={() => onChange({ ...q, options: [...(q.options ?? []), { value: `v${(q.options?.length ?? 0) + 1}`, label: { sv: '', en: '' } }] })}>
          {t('editor.addOption')}
        </button>
      )}
      <CheckboxField label={t('editor.counts')} hint={t('editor.countsHint')} checked={!!q.counts} onChange={(on) => onChange(on ? { ...q, counts: true } : (({ counts: _c, ...rest }) => rest)(q))} />
      {q.type !== 'text' && (
        <SelectField
          label={t('editor.followUp')}
          value={q.followUp?.suggestion ?? ''}
          onChange={(e) =>
            onChange(
              e.target.value === ''
                ? (({ followUp: _f, ...rest }) => rest)(q)
                : { ...q, followUp: { on: q.followUp?.on ?? (q.type === 'yes_no' ? ['yes'] : []), suggestion: e.target.value as 'support_talk' } },
            )
          }
          options={[['', t('editor.noFollowUp')], ...FOLLOW_UP_SUGGESTIONS.map((s) => [s, t(`suggestion.${s}`)] as const)]}
        />
      )}
      {q.followUp && <CheckboxGroup legend={t('editor.followUpOn')} options={answerValues} value={q.followUp.on} onChange={(on) => onChange({ ...q, followUp: { ...q.followUp!, on } })} />}
      <ActionBar>
        {onUp && (
          <button type="button" onClick={onUp}>
            {t('editor.up', { n })}
          </button>
        )}
        {onDown && (
          <button type="button" onClick={onDown}>
            {t('editor.down', { n })}
          </button>
        )}
        {onRemove && (
          <button type="button" onClick={onRemove}>
            {t('editor.remove', { n })}
          </button>
        )}
      </ActionBar>
    </fieldset>
  );
}
