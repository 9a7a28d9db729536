import { useId, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

/** A labelled select; options as [value, label]. */
export function SelectField({ label, options, hint, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; options: Array<readonly [string, string]> }) {
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
export function CheckboxGroup({ legend, options, value, onChange }: { legend: string; options: Array<readonly [string, string]>; value: string[]; onChange(next: string[]): void }) {
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
