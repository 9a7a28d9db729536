/**
 * The visitor's side of the anonymous chat, in plain DOM (small enough for a slow phone).
 * The chat's key lives in sessionStorage only; messages are shown with textContent, never as HTML.
 */
import { leaveNow, onQuickExit } from './quick-exit.ts';

type Texts = Record<string, string> & { groups: Record<string, string> };

const STORE_KEY = 'utvag-chat';
const main = document.getElementById('main') as HTMLElement;
const t = JSON.parse(main.dataset.texts ?? '{}') as Texts;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

interface Stored {
  token: string;
  lastId: number;
}

function load(): Stored | null {
  try {
    return JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null') as Stored | null;
  } catch {
    return null;
  }
}

function save(s: Stored | null): void {
  if (s) sessionStorage.setItem(STORE_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(STORE_KEY);
}

let state: Stored | null = load();
let ws: WebSocket | null = null;
let ended = false;
let retry = 0;
let lastTyping = 0;
let typingTimer: number | undefined;
const outbox = new Map<string, { body: string; el: HTMLElement }>();
const shown = new Set<number>();

/**
 * The quick exit ends the chat as "left quickly" (the counsellor sees it), by the socket and by a
 * request that outlives the page (keepalive; tied to the chat's token like every visitor action),
 * whichever arrives first.
 */
function quickExit(): void {
  const token = state?.token;
  ended = true;
  // The one quick exit of the public pages (shared with the booking page).
  leaveNow(() => {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'end', quick: true }));
    if (token)
      void fetch('/api/chat/visitor/end', {
        method: 'POST',
        keepalive: true,
        headers: { 'x-chat-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({ quickExit: true }),
        credentials: 'omit',
      }).catch(() => {});
  });
}

// With the quick exit, the language switch and the links to the help pages replace this page's
// history entry: the chat takes one entry, and the exit's replace leaves nothing for Back.
onQuickExit(quickExit);

function setStatus(text: string): void {
  $('chat-status').textContent = text;
}

// The consent's own line: the chat's status line is rewritten by every status frame, and the
// withdrawal itself sends one, which would otherwise wipe out the visitor's confirmation.
function setConsentStatus(text: string): void {
  $('consent-status').textContent = text;
}

function showError(text: string): void {
  $('chat-error').textContent = text;
}

function bubble(sender: string, body: string): HTMLElement {
  const li = document.createElement('li');
  li.className = `msg ${sender}`;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = sender === 'visitor' ? t.you! : sender === 'counsellor' ? t.counsellor! : t.system!;
  const text = document.createElement('p');
  text.textContent = body;
  li.append(who, text);
  $('log').append(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}

function showChat(): void {
  $('start').hidden = true;
  $('offline').hidden = true;
  $('chat').hidden = false;
}

function onFrame(f: Record<string, any>): void {
  switch (f.type) {
    case 'ready':
      retry = 0;
      showError('');
      setStatus(f.status === 'active' ? t.active! : '');
      for (const [clientId, m] of outbox) ws?.send(JSON.stringify({ type: 'message', clientId, body: m.body }));
      break;
    case 'message':
      if (state && f.id > state.lastId) save((state = { ...state, lastId: f.id }));
      if (shown.has(f.id)) break;
      shown.add(f.id);
      bubble(f.sender, f.body).dataset.id = String(f.id);
      if (f.sender === 'counsellor') $('typing').textContent = '';
      break;
    case 'ack': {
      const m = outbox.get(f.clientId);
      outbox.delete(f.clientId);
      if (m && !shown.has(f.id)) {
        shown.add(f.id);
        m.el.dataset.id = String(f.id);
        m.el.classList.remove('pending');
        m.el.querySelector('.state')?.remove();
      } else m?.el.remove();
      break;
    }
    case 'queue':
    case 'state':
      if (f.status === 'ended') return finish();
      if (f.status === 'active') setStatus(t.active!);
      else if (f.position !== undefined) setStatus(`${fill(t.queued!, { position: f.position })} ${f.expectedWaitMinutes === null ? t.waitUnknown : fill(t.wait!, { minutes: f.expectedWaitMinutes })}`);
      break;
    case 'typing':
      $('typing').textContent = t.typing!;
      clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => ($('typing').textContent = ''), 4000);
      break;
    case 'error': {
      showError(f.message);
      const m = f.clientId ? outbox.get(f.clientId) : undefined;
      if (m) {
        outbox.delete(f.clientId);
        const s = m.el.querySelector('.state');
        if (s) s.textContent = t.notSent!;
        ($('message') as HTMLTextAreaElement).value ||= m.body;
      }
      if (f.code === 'unknownChat') finish();
      break;
    }
  }
}

function finish(): void {
  ended = true;
  setStatus(t.ended!);
  save(null);
  ($('send-form').querySelector('button') as HTMLButtonElement).disabled = true;
  ($('message') as HTMLTextAreaElement).disabled = true;
  $('consent-open').hidden = true;
  $('consent-withdraw').hidden = true;
  $('end-chat').hidden = true;
  ws?.close();
}

function connect(): void {
  if (!state || ended) return;
  const s = state;
  ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/chat/visitor/socket`);
  ws.onopen = () => ws?.send(JSON.stringify({ type: 'hello', token: s.token, after: s.lastId }));
  ws.onmessage = (e) => {
    try {
      onFrame(JSON.parse(String(e.data)));
    } catch {
      /* a frame we cannot read is skipped; the next delivery repeats what is missing */
    }
  };
  ws.onclose = (e) => {
    ws = null;
    if (ended || e.code === 4004 || e.code === 4000 || e.code === 4009) return;
    setStatus(t.reconnecting!);
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 500 * 2 ** retry);
  };
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', 'accept-language': main.dataset.lang ?? 'sv', ...(token ? { 'x-chat-token': token } : {}) },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as T & { message?: string; error?: string };
  if (!res.ok) throw Object.assign(new Error(data.message ?? t.error), { code: data.error });
  return data;
}

function checked(name: string): string | undefined {
  return (document.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value;
}

$('start-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const language = ($('chat-language') as HTMLSelectElement).value;
  post<{ token: string; position: number; expectedWaitMinutes: number | null }>('/api/chat/visitor/sessions', { targetGroup: checked('group'), language })
    .then((r) => {
      save((state = { token: r.token, lastId: 0 }));
      showChat();
      onFrame({ type: 'queue', position: r.position, expectedWaitMinutes: r.expectedWaitMinutes });
      connect();
      $('message').focus();
    })
    .catch((err: Error & { code?: string }) => {
      $('start-error').textContent = err.message;
      // Busy: the queue is full. The message says so; leaving a message is offered beside it.
      if (err.code === 'queueFull') $('offline').hidden = false;
    });
});

$('send-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('message') as HTMLTextAreaElement;
  const body = input.value.trim();
  if (!body) return;
  const clientId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const el = bubble('visitor', body);
  el.classList.add('pending');
  const s = document.createElement('span');
  s.className = 'state';
  s.textContent = t.sending!;
  el.append(s);
  outbox.set(clientId, { body, el });
  input.value = '';
  showError('');
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'message', clientId, body }));
});

$('message').addEventListener('input', () => {
  if (Date.now() - lastTyping < 3000 || ws?.readyState !== WebSocket.OPEN) return;
  lastTyping = Date.now();
  ws.send(JSON.stringify({ type: 'typing' }));
});

$('message').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    ($('send-form') as HTMLFormElement).requestSubmit();
  }
});

$('end-chat').addEventListener('click', () => {
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'end' }));
  else if (state) void post('/api/chat/visitor/end', {}, state.token).catch(() => {});
  finish();
});

$('consent-open').addEventListener('click', () => {
  $('consent').hidden = false;
  $('consent-yes').focus();
});
$('consent-no').addEventListener('click', () => {
  $('consent').hidden = true;
  $('consent-open').focus();
});
$('consent-yes').addEventListener('click', () => {
  if (!state) return;
  post('/api/chat/visitor/consent', { consent: true }, state.token)
    .then(() => {
      $('consent').hidden = true;
      $('consent-open').hidden = true;
      $('consent-withdraw').hidden = false;
      setConsentStatus(t.consentRecorded!);
    })
    .catch((err: Error) => showError(err.message));
});
// Until intake has taken the chat into a case, the visitor may take the consent back.
$('consent-withdraw').addEventListener('click', () => {
  if (!state) return;
  post('/api/chat/visitor/consent/withdraw', {}, state.token)
    .then(() => {
      $('consent-withdraw').hidden = true;
      $('consent-open').hidden = false;
      setConsentStatus(t.consentWithdrawn!);
    })
    .catch((err: Error) => showError(err.message));
});

$('offline-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const body = ($('offline-message') as HTMLTextAreaElement).value;
  const language = ($('offline-language') as HTMLSelectElement).value;
  post<{ code: string }>('/api/chat/visitor/offline', { targetGroup: checked('offline-group'), language, body })
    .then((r) => {
      ($('offline-form') as HTMLFormElement).reset();
      const out = $('offline-result');
      out.textContent = fill(t.offlineCode!, { code: r.code });
      out.classList.add('code');
    })
    .catch((err: Error) => ($('offline-result').textContent = err.message));
});

$('read-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const out = $('read-result');
  post<{ answered: boolean; messages: Array<{ sender: string; body: string }> }>('/api/chat/visitor/offline/read', { code: ($('code') as HTMLInputElement).value })
    .then((r) => {
      out.replaceChildren();
      for (const m of r.messages) {
        const h = document.createElement('h3');
        h.textContent = m.sender === 'visitor' ? t.yourMessage! : t.answer!;
        const p = document.createElement('p');
        p.textContent = m.body;
        out.append(h, p);
      }
      if (!r.answered) {
        const p = document.createElement('p');
        p.textContent = t.noAnswerYet!;
        out.append(p);
      }
    })
    .catch((err: Error) => (out.textContent = err.message));
});

// A reload in the same tab resumes the chat from the last message seen.
if (state) {
  showChat();
  connect();
}
