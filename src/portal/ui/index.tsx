import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiCapability } from '../../web/capabilities.tsx';
import { post } from '../../web/api.ts';
import { ActionForm, DataTable, Field, Notice, SelectField, TextAreaField, formatDateTime, useAction, useApiData } from '../../web/kit/index.ts';
import { LANGUAGE_NAMES, PUBLIC_LANGUAGES, type PublicLanguage } from '../../chat/visitor/languages.ts';
import { PAGE_SLUGS, pagePath, type PageSlug } from '../rules.ts';
import type { OverviewRow, VersionOut } from '../schema.ts';
import { portalLocales } from './locales.ts';

/**
 * The content editor's page: choose a page and a language, write a new version in Markdown,
 * preview it as the public page will show it (rendered and sanitised by the server), save it as
 * a draft and publish it. The history lists every version.
 */
function PortalEditorPage() {
  const { t } = useTranslation('portal');
  const [slug, setSlug] = useState<PageSlug>('start');
  const [lang, setLang] = useState<PublicLanguage>('sv');
  const versions = useApiData<Array<Omit<VersionOut, 'createdAt' | 'publishedAt'> & { createdAt: string; publishedAt: string | null }>>(`/api/portal/pages/${slug}/${lang}`);
  const overview = useApiData<OverviewRow[]>('/api/portal/pages');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const publishing = useAction();
  const newest = versions.data?.[0];
  useEffect(() => {
    setTitle(newest?.title ?? '');
    setBody(newest?.body ?? '');
    setPreview(null);
  }, [newest?.id, slug, lang]);

  const reload = () => {
    versions.reload();
    overview.reload();
  };
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <div className="toolbar">
        <SelectField label={t('page')} value={slug} onChange={(e) => setSlug(e.target.value as PageSlug)} options={PAGE_SLUGS.map((s) => [s, s] as const)} />
        <SelectField label={t('language')} value={lang} onChange={(e) => setLang(e.target.value as PublicLanguage)} options={PUBLIC_LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]] as const)} />
      </div>
      <p>
        <a href={pagePath(lang, slug)} target="_blank" rel="noreferrer">
          {t('openPublic')}
        </a>
      </p>
      {message && <Notice>{message}</Notice>}
      {versions.data && versions.data.length === 0 && <p>{t('none')}</p>}
      <ActionForm
        label={t('saveDraft')}
        onSubmit={async () => {
          const created = await post<{ id: string; version: number }>(`/api/portal/pages/${slug}/${lang}/drafts`, { title, body });
          setMessage(t('saved', { version: created.version }));
          reload();
        }}
      >
        {(run) => (
          <>
            <Field label={t('heading')} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'} />
            <TextAreaField label={t('body')} hint={t('bodyHint')} value={body} onChange={(e) => setBody(e.target.value)} rows={16} maxLength={20000} lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'} />
            <button type="button" onClick={() => run(async () => setPreview((await post<{ html: string }>('/api/portal/preview', { body })).html))}>
              {t('preview')}
            </button>
            <button type="submit" className="primary">
              {t('saveDraft')}
            </button>
          </>
        )}
      </ActionForm>
      {preview !== null && (
        <section aria-labelledby="portal-preview-heading" className="card">
          <h2 id="portal-preview-heading">{t('previewHeading')}</h2>
          <div lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
            <h3>{title}</h3>
            {/* Rendered and sanitised by the server (sanitize-html), the same as the public page. */}
            <div dangerouslySetInnerHTML={{ __html: preview }} />
          </div>
        </section>
      )}
      <DataTable
        caption={t('history')}
        rows={versions.data ?? null}
        error={versions.error ?? publishing.error}
        empty={t('none')}
        rowKey={(v) => v.id}
        columns={[
          { header: t('columns.version'), cell: (v) => v.version },
          { header: t('columns.status'), cell: (v) => t(`status.${v.status}`) },
          { header: t('columns.heading'), cell: (v) => v.title },
          { header: t('columns.written'), cell: (v) => `${formatDateTime(v.createdAt)}${v.createdBy ? `, ${v.createdBy}` : ''}` },
          { header: t('columns.publishedAt'), cell: (v) => (v.publishedAt ? `${formatDateTime(v.publishedAt)}${v.publishedBy ? `, ${v.publishedBy}` : ''}` : '') },
          {
            header: t('columns.action'),
            cell: (v) =>
              v.status === 'draft' ? (
                <button
                  type="button"
                  disabled={publishing.busy}
                  onClick={() =>
                    void publishing.run(async () => {
                      await post(`/api/portal/pages/${slug}/${lang}/versions/${v.version}/publish`, {});
                      setMessage(t('published', { version: v.version }));
                      reload();
                    })
                  }
                >
                  {t('publish')} <span className="visually-hidden">{t('columns.version')} {v.version}</span>
                </button>
              ) : null,
          },
        ]}
      />
      <DataTable
        caption={t('overviewCaption')}
        rows={overview.data ? PAGE_SLUGS.map((s) => ({ slug: s, rows: overview.data!.filter((r) => r.slug === s) })) : null}
        error={overview.error}
        empty=""
        rowKey={(r) => r.slug}
        columns={[
          { header: t('page'), cell: (r) => r.slug },
          ...PUBLIC_LANGUAGES.map((l) => ({
            header: l,
            cell: (r: { slug: string; rows: OverviewRow[] }) => {
              const row = r.rows.find((x) => x.lang === l);
              if (!row) return '';
              return [row.publishedVersion ? `v${row.publishedVersion}` : t('notTranslated'), row.draftVersion ? t('draftWaiting', { version: row.draftVersion }) : ''].filter(Boolean).join(', ');
            },
          })),
        ]}
      />
    </main>
  );
}

export const portalUi: UiCapability = {
  name: 'portal',
  locales: portalLocales,
  routes: [{ path: '/portal', element: <PortalEditorPage />, permission: 'portal.edit' }],
  nav: [{ path: '/portal', labelKey: 'nav', permission: 'portal.edit' }],
};
