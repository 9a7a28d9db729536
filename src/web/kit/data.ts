import i18next from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { get } from '../api.ts';
import { swedishDate } from '../../core/time/stockholm.ts';

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

/** Today's date in Stockholm as YYYY-MM-DD (a date field's value; not UTC's date, which is yesterday's after midnight). */
export function todayIso(now: Date = new Date()): string {
  return swedishDate(now);
}

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'sv-SE');

/** A date in the user's language and the municipality's time zone: 2026-10-20 in Swedish, 20/10/2026 in English. */
export function formatDate(iso: string, language: string = i18next.language): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

export function formatTime(iso: string, language: string = i18next.language): string {
  return new Intl.DateTimeFormat(locale(language), { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: string = i18next.language): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}
