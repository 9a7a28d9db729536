import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

/**
 * Something the user should know that is not an error: a change was saved (announced politely), or
 * with `announce={false}` a standing note that is part of the page (a routine to follow).
 */
export function Notice({ children, announce = true }: { children: ReactNode; announce?: boolean }) {
  return (
    <div className="alert alert-info" role={announce ? 'status' : undefined}>
      {children}
    </div>
  );
}

/** Something that went wrong, announced at once. The text says so; the red border only repeats it. */
export function Alert({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-error" role="alert">
      {children}
    </div>
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
    <Alert>
      <p>{message}</p>
      {conflict && onReload && (
        <button type="button" onClick={onReload}>
          {t('reload')}
        </button>
      )}
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}
