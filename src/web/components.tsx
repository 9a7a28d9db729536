import i18next from 'i18next';
import { useCallback, useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from './api.ts';

/** A labelled input with its error, linked for screen readers. */
export function Field({ label, error, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined} {...input} />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled select; options are [value, label] pairs. */
export function SelectField({ label, options, hint, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; options: ReadonlyArray<readonly [string, string]> }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <select id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextAreaField({ label, hint, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string }) {
  const id = useId();
  return (
    <div className="field field-wide">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <textarea id={id} rows={5} aria-describedby={hint ? `${id}-hint` : undefined} {...area} />
    </div>
  );
}

/** A group of checkboxes for a multi-choice value, with a legend. */
export function CheckboxGroup({ legend, options, value, onChange }: { legend: string; options: ReadonlyArray<readonly [string, string]>; value: string[]; onChange(next: string[]): void }) {
  return (
    <fieldset className="checkbox-group">
      <legend>{legend}</legend>
      {options.map(([v, text]) => (
        <label key={v} className="checkbox">
          <input type="checkbox" checked={value.includes(v)} onChange={(e) => onChange(e.target.checked ? [...value, v] : value.filter((x) => x !== v))} />
          {text}
        </label>
      ))}
    </fieldset>
  );
}

export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange(next: boolean): void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/**
 * An error from the API, announced to screen readers, with the server's translated message.
 * A 409 means someone else changed the record since it was read: offer to reload it.
 */
export function ErrorMessage({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  const conflict = error instanceof ApiError && error.status === 409 && error.code === 'conflict';
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      {conflict && onReload && (
        <button type="button" onClick={onReload}>
          {t('reload')}
        </button>
      )}
    </div>
  );
}

/** Data from a GET route: loads on mount and when the URL changes; reload() fetches again. */
export function useApiData<T>(url: string | null): { data: T | undefined; error: unknown; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (url === null) return;
    let current = true;
    get<T>(url).then(
      (d) => {
        if (!current) return;
        setData(d);
        setError(null);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [url, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}

/** A date in the user's language and the municipality's time zone: 2026-10-20 in Swedish, 20/10/2026 in English. */
export function formatDate(iso: string, language: string = i18next.language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

export function formatTime(iso: string, language: string = i18next.language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: string = i18next.language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-info" role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}
