import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Wire } from '../../core/http/wire.ts';
import { ActionBar, ErrorMessage, Loading, SelectField, formatDate, useApiData } from '../../web/kit/index.ts';
import type { PlanDocumentOut } from '../schema.ts';
import './print.css';

type Doc = Wire<PlanDocumentOut>;

/**
 * The plan as a document for the person, in plain Swedish or English: headings, a table with a
 * caption and column headers, printable (the browser's "save as PDF"). Built from the document
 * answer, which has no protected address and no case record.
 */
export function PlanPrintPage() {
  const { id } = useParams();
  const { i18n } = useTranslation();
  const [lang, setLang] = useState<'sv' | 'en'>(i18n.language === 'en' ? 'en' : 'sv');
  const t = i18n.getFixedT(lang, 'exit-plans');
  const tc = i18n.getFixedT(lang, 'consents');
  const { data: doc, error } = useApiData<Doc>(`/api/plans/${id}/document`);
  if (!doc) return <main id="main" tabIndex={-1}>{error ? <ErrorMessage error={error} /> : <Loading />}</main>;
  const date = (iso: string) => formatDate(iso, lang);
  const actor = (aid: string) => doc.actors.find((a) => a.id === aid);
  const titleOf = (mid: string) => doc.measures.find((m) => m.id === mid)?.title ?? '';
  return (
    <main id="main" tabIndex={-1} className="print-view plan-document" lang={lang}>
      <div className="no-print">
        <ActionBar>
          <button type="button" className="primary" onClick={() => window.print()}>{t('doc.print')}</button>
          <a href={`/api/plans/${id}/document.pdf?lang=${lang}`} download>{t('doc.pdf')}</a>
          <Link to={`/planer/${id}`}>{t('doc.back')}</Link>
        </ActionBar>
        <SelectField label={t('doc.language')} value={lang} onChange={(e) => setLang(e.target.value as 'sv' | 'en')} options={[['sv', 'Svenska'], ['en', 'English']]} />
      </div>
      <article>
        <h1>{t('doc.title')}</h1>
        <p>{t('doc.for', { person: doc.person.label ?? t('anonymous') })}</p>
        {doc.person.protectedIdentity && <p>{t('doc.protected')}</p>}
        {doc.person.address && <p>{doc.person.address}</p>}
        <p>{t('doc.coordinator', { name: doc.coordinatorName ?? '–', unit: doc.unitName })}</p>
        {doc.leadActor && <p>{t('doc.lead', { actor: doc.leadActor })}</p>}
        <h2>{t('doc.goals')}</h2>
        <p className="goals">{doc.goals}</p>
        <h2>{t('doc.measures')}</h2>
        <table>
          <caption>{t('doc.measures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('doc.what')}</th>
              <th scope="col">{t('doc.who')}</th>
              <th scope="col">{t('doc.when')}</th>
              <th scope="col">{t('doc.status')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.measures.map((m) => {
              const a = actor(m.actorId);
              return (
                <tr key={m.id}>
                  <th scope="row">
                    {m.title}
                    {m.dependsOn.length > 0 && <span className="depends">{t('doc.dependsOn', { list: m.dependsOn.map(titleOf).join(', ') })}</span>}
                  </th>
                  <td>
                    {a ? `${a.name} (${tc(`kinds.${a.kind}`)})` : ''}
                    {m.contactPerson && <span className="depends">{t('doc.contact')}: {m.contactPerson}</span>}
                  </td>
                  <td>{m.plannedEndOn ? t('doc.fromTo', { from: date(m.startsOn), to: date(m.plannedEndOn) }) : t('doc.from', { date: date(m.startsOn) })}</td>
                  <td>{t(`status.${m.status}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {doc.followUps.length > 0 && (
          <>
            <h2>{t('doc.followUps')}</h2>
            <ul>{doc.followUps.map((f, i) => <li key={i}>{f.heldOn ? t('doc.followUpHeld', { date: date(f.heldOn) }) : date(f.dueOn)}</li>)}</ul>
          </>
        )}
        <p className="hint">{t('doc.footer', { version: doc.version, date: date(doc.printedAt) })}</p>
      </article>
    </main>
  );
}
