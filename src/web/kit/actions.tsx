import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A row of buttons (or links styled as buttons) for the actions on a record or a form; wraps on a phone. */
export function ActionBar({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <div className="actions" role={label ? 'group' : undefined} aria-label={label}>
      {children}
    </div>
  );
}

/**
 * A button for an action that cannot be undone. The first press asks, in words, to confirm; the
 * question takes the focus, and "Cancel" returns it to the button. Nothing is a pop-up, so it works
 * the same with a keyboard, a screen reader and a finger.
 */
export function ConfirmButton({ children, question, confirm, onConfirm, disabled, className, label }: { children: ReactNode; question: string; confirm: string; onConfirm(): void; disabled?: boolean; className?: string; /** The button's accessible name when its text alone is not enough. */ label?: string }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
    else if (wasAsking.current) buttonRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking)
    return (
      <button ref={buttonRef} type="button" className={className} disabled={disabled} aria-label={label} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <ActionBar>
        <button
          type="button"
          className="primary"
          disabled={disabled}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirm}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('cancel')}
        </button>
      </ActionBar>
    </div>
  );
}
