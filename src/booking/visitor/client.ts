/**
 * The booking page's script: books the chosen time and shows the code, opens and cancels a
 * booking by its code. JSON to this origin only, no cookie (credentials: 'omit'), text only.
 */
import { installQuickExit } from '../../chat/visitor/quick-exit.ts';
import type { BookingPageTexts } from './texts.ts';

installQuickExit();

const main = document.getElementById('main') as HTMLElement;
const t = JSON.parse(main.dataset.texts ?? '{}') as BookingPageTexts;
// The server answers in Swedish or English; dates are written in the page's own language.
const lang = main.dataset.lang === 'en' ? 'en' : 'sv';
const locale = main.dataset.locale ?? (lang === 'sv' ? 'sv-SE' : 'en-GB');
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

async function post(url: string, body: unknown): Promise<{ status: number; data: Record<string, unknown> | null }> {
  const res = await fetch(url, { method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, data: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

function when(startsAt: string, endsAt: string): string {
  const f = (iso: string, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Stockholm', ...o }).format(new Date(iso));
  return `${f(startsAt, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })}–${f(endsAt, { hour: '2-digit', minute: '2-digit' })}`;
}

function para(text: string, className?: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

const bookForm = $<HTMLFormElement>('book-form');
bookForm?.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const data = new FormData(bookForm);
  const error = $('book-error')!;
  error.textContent = '';
  const slot = data.get('slot');
  if (!slot) return void (error.textContent = t.chooseSlot);
  const contact = String(data.get('contact') ?? '').trim();
  void post('/api/booking/public/bookings', {
    receptionId: bookForm.dataset.reception,
    group: bookForm.dataset.group,
    startsAt: slot,
    pseudonym: String(data.get('pseudonym') ?? ''),
    ...(contact && { contact }),
  })
    .then(({ status, data: out }) => {
      if (status !== 201 || !out) return void (error.textContent = String(out?.message ?? t.failed));
      const result = $('book-result')!;
      result.replaceChildren(
        para(t.booked),
        para(`${String(out.receptionName)}, ${String(out.place)}: ${when(String(out.startsAt), String(out.endsAt))}`),
        para(t.yourCode),
        para(String(out.code), 'code'),
      );
      bookForm.hidden = true;
    })
    .catch(() => (error.textContent = t.failed));
});

let openCode = '';
const codeForm = $<HTMLFormElement>('code-form')!;
const cancelButton = $<HTMLButtonElement>('cancel-booking')!;
codeForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const code = String(new FormData(codeForm).get('code') ?? '');
  const error = $('code-error')!;
  const result = $('code-result')!;
  error.textContent = '';
  result.replaceChildren();
  cancelButton.hidden = true;
  void post('/api/booking/public/lookup', { code })
    .then(({ status, data: out }) => {
      if (status !== 200 || !out) return void (error.textContent = String(out?.message ?? t.failed));
      openCode = code;
      result.replaceChildren(para(t.yourBooking), para(`${String(out.receptionName)}, ${String(out.place)}: ${when(String(out.startsAt), String(out.endsAt))}`));
      cancelButton.hidden = false;
    })
    .catch(() => (error.textContent = t.failed));
});
cancelButton.addEventListener('click', () => {
  const error = $('code-error')!;
  void post('/api/booking/public/cancel', { code: openCode })
    .then(({ status, data: out }) => {
      if (status !== 204) return void (error.textContent = String(out?.message ?? t.failed));
      cancelButton.hidden = true;
      $('code-result')!.replaceChildren(para(t.cancelled));
    })
    .catch(() => (error.textContent = t.failed));
});
