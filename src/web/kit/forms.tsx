import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { withActionKey } from '../api.ts';
import { ErrorMessage } from './notices.tsx';

/** The ids that tie a field's hint and error to its control for screen readers. */
function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

/** A control's id: the one given (a page that links to the field), or a generated one. */
function useFieldId(given: string | undefined): string {
  const generated = useId();
  return given ?? generated;
}

/** The label, hint and error around one control. */
function FieldFrame({ id, label, hint, error, wide, children }: { id: string; label: string; hint?: string; error?: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its hint and error, linked for screen readers. */
export function Field({ label, error, hint, id: given, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }) {
  const id = useFieldId(given);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldFrame>
  );
}

/** A labelled select; options are [value, label] pairs. */
export function SelectField({ label, options, hint, error, id: given, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; error?: string; options: ReadonlyArray<readonly [string, string]> }) {
  const id = useFieldId(given);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A labelled text area, as wide as the reading column. */
export function TextAreaField({ label, hint, error, id: given, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string; error?: string }) {
  const id = useFieldId(given);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} wide>
      <textarea id={id} rows={5} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...area} />
    </FieldFrame>
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

/** A single checkbox that stands as a field of its own, with its label beside it and a hint below. */
export function CheckboxField({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange(next: boolean): void }) {
  const id = useId();
  return (
    <div className="checkbox-field">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={describedBy(id, hint)} />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * The errors of a form, one per field (keyed by the field's path in the request body, `person.name`):
 * the form's own check before sending, or the server's validation issues. `show(problems)` puts
 * them beside their fields and moves the focus to the first one (its control has the id
 * `field-<path>`), so a keyboard or screen-reader user lands where the fix is.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [focus, setFocus] = useState<{ path: string } | null>(null);
  useEffect(() => {
    if (focus) document.getElementById(fieldId(focus.path))?.focus();
  }, [focus]);
  const show = useCallback((problems: ReadonlyArray<{ path: string; message: string }>) => {
    const next: Record<string, string> = {};
    for (const p of problems) next[p.path] ??= p.message;
    setErrors(next);
    if (problems[0]) setFocus({ path: problems[0].path });
    return problems.length > 0;
  }, []);
  const clear = useCallback((path: string) => setErrors((e) => (path in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== path)) : e)), []);
  return { errors, show, clear };
}

/** The id of the control for a body path, as useFieldErrors focuses it. */
export const fieldId = (path: string) => `field-${path.replace(/\./g, '-')}`;

/**
 * A change that calls the API: busy while it runs, its error kept for an ErrorMessage.
 * `run(action)` clears the last error, runs the action and resolves when it is done (never rejects).
 * A second run while one is in flight is ignored (a double click), and the POST an action sends
 * carries an Idempotency-Key that stays the same until the action succeeds, so a retry after a lost
 * answer returns the first result instead of creating a second record.
 */
export function useAction(initialError: unknown = null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(initialError);
  const inFlight = useRef(false);
  const key = useRef<string>(crypto.randomUUID());
  const run = useCallback(async (action: () => Promise<unknown>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await withActionKey(key.current, action);
      key.current = crypto.randomUUID();
    } catch (err) {
      setError(err);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** A form that shows its own error and is busy while a change runs; extra buttons use `run`. */
export function ActionForm({
  onSubmit,
  children,
  label,
  labelledBy,
  className,
  noValidate,
}: {
  onSubmit?(): Promise<unknown>;
  children: ReactNode | ((run: (action: () => Promise<unknown>) => void) => ReactNode);
  label?: string;
  labelledBy?: string;
  className?: string;
  /** Leave checking to the server, whose messages are in the user's language and name the field. */
  noValidate?: boolean;
}) {
  const { busy, error, run } = useAction();
  const start = (action: () => Promise<unknown>) => void run(action);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (onSubmit && !busy) start(onSubmit);
  }
  return (
    <form onSubmit={submit} noValidate={noValidate} aria-label={label} aria-labelledby={labelledBy} aria-busy={busy} className={className}>
      {/* Disabled while sending: no second press, no edits the answer would not contain. */}
      <fieldset className="form-body" disabled={busy}>
        {typeof children === 'function' ? children(start) : children}
      </fieldset>
      <ErrorMessage error={error} />
    </form>
  );
}
