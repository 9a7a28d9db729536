import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Checkbox, ConfirmButton, ErrorMessage, formatTime, Notice, SelectField, TextAreaField } from '../../web/kit/index.ts';
import { useSession } from '../../web/session.tsx';
import type { CannedOut } from '../schema.ts';
import { escalationTargetKinds } from '../rules.ts';
import { AGE_BANDS, AGE_BAND_LABELS, type AgeBand } from '../../core/age-band.ts';

const TOPICS = ['exploitation', 'sex_for_compensation', 'trafficking', 'violence', 'health', 'housing', 'economy', 'sexual_behaviour', 'concern_for_other', 'other'] as const;
const GROUPS = ['selling', 'young', 'buying', 'relative', 'professional'] as const;

interface Msg {
  id: number;
  sender: 'visitor' | 'counsellor' | 'system' | 'note';
  body: string;
  at: string;
}
interface ChatMeta {
  id: string;
  queue: string;
  targetGroup: string;
  language: string;
  status: string;
  /** Why an ended chat ended (the quick exit, the visitor, the counsellor …); null while it goes on. */
  endReason?: string | null;
}
interface Chat {
  meta: ChatMeta;
  messages: Msg[];
  typingUntil: number;
}
interface Waiting {
  id: string;
  queue: string;
  targetGroup: string;
  language: string;
  queuedAt: string;
}
interface Offline {
  id: string;
  queue: string;
  targetGroup: string;
  language: string;
  createdAt: string;
}
interface Snapshot {
  waiting: Waiting[];
  offline: Offline[];
  onDuty: Array<{ userId: string; name: string; queues: string[] }>;
}
interface Hello {
  userId: string;
  queues: string[];
  canned: CannedOut[];
  units: Array<{ id: string; name: string; kind: string }>;
}
type Frame = Record<string, any>;

/**
 * The counsellor's console: one socket for queues, several chats at once, notes, canned answers,
 * transfer, block, escalation with consent, and the outcome classification at the end.
 */
export function ConsolePage({ kast = false }: { kast?: boolean }) {
  const { t, i18n } = useTranslation('chat');
  const { refresh } = useSession();
  const [connected, setConnected] = useState<boolean | null>(null);
  const [hello, setHello] = useState<Hello | null>(null);
  const [snapshot, setSnapshot] = useState<Snapshot>({ waiting: [], offline: [], onDuty: [] });
  const [chats, setChats] = useState<Map<string, Chat>>(new Map());
  const [current, setCurrent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [offlineOpen, setOfflineOpen] = useState<{ id: string; messages: Msg[] } | null>(null);
  const ws = useRef<WebSocket | null>(null);
  const pending = useRef(new Map<string, (f: Frame) => void>());
  const seq = useRef(0);

  const onFrame = useCallback((f: Frame) => {
    if (f.requestId && pending.current.has(f.requestId)) {
      pending.current.get(f.requestId)!(f);
      pending.current.delete(f.requestId);
      return;
    }
    switch (f.type) {
      case 'hello':
        setHello(f as unknown as Hello);
        break;
      case 'queues':
        setSnapshot({ waiting: f.waiting, offline: f.offline, onDuty: f.onDuty });
        break;
      case 'chat':
        setChats((prev) => {
          const next = new Map(prev);
          next.set(f.chat.id, { meta: f.chat, messages: prev.get(f.chat.id)?.messages ?? [], typingUntil: 0 });
          return next;
        });
        setCurrent((c) => c ?? f.chat.id);
        break;
      case 'chatClosed':
        setChats((prev) => {
          const next = new Map(prev);
          next.delete(f.sessionId);
          return next;
        });
        setCurrent((c) => (c === f.sessionId ? null : c));
        break;
      case 'message':
        setChats((prev) => {
          const chat = prev.get(f.sessionId);
          if (!chat || chat.messages.some((m) => m.id === f.id)) return prev;
          const next = new Map(prev);
          next.set(f.sessionId, { ...chat, messages: [...chat.messages, { id: f.id, sender: f.sender, body: f.body, at: f.at }], typingUntil: f.sender === 'visitor' ? 0 : chat.typingUntil });
          return next;
        });
        break;
      case 'typing':
        setChats((prev) => {
          const chat = prev.get(f.sessionId);
          if (!chat) return prev;
          const next = new Map(prev);
          next.set(f.sessionId, { ...chat, typingUntil: Date.now() + 4000 });
          return next;
        });
        break;
      case 'error':
        setError(f.message);
        break;
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    let retry: number | undefined;
    const connect = () => {
      // The socket's messages (errors, refusals) come in the console's language, not the browser's.
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/chat/${kast ? 'kast' : 'console'}/socket?lang=${i18n.language === 'en' ? 'en' : 'sv'}`);
      ws.current = socket;
      socket.onopen = () => setConnected(true);
      socket.onmessage = (e) => onFrame(JSON.parse(String(e.data)) as Frame);
      socket.onclose = (e) => {
        setConnected(false);
        // The session has ended: back to sign-in instead of retrying.
        if (e.code === 4401) return void refresh();
        if (!stopped) retry = window.setTimeout(connect, 2000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      ws.current?.close();
    };
  }, [kast, onFrame, refresh, i18n.language]);

  // The typing indicator fades by itself.
  const [, tick] = useState(0);
  useEffect(() => {
    const i = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(i);
  }, []);

  const send = (frame: Frame) => ws.current?.readyState === WebSocket.OPEN && ws.current.send(JSON.stringify(frame));
  const act = (frame: Frame): Promise<Frame> =>
    new Promise((resolve) => {
      const requestId = `r${++seq.current}`;
      pending.current.set(requestId, (f) => {
        if (f.type === 'error') setError(f.message);
        else setError(null);
        resolve(f);
      });
      send({ ...frame, requestId });
    });

  const chat = current ? chats.get(current) : undefined;
  const queueNames = (hello?.queues ?? []).map((q) => t(`queue.${q}`)).join(', ');
  const time = (iso: string) => formatTime(iso, i18n.language);

  return (
    <main id="main" tabIndex={-1} className="chat-console">
      <h1>{kast ? t('console.kastTitle') : t('console.title')}</h1>
      <p role="status">{connected === null ? t('console.connecting') : connected ? t('console.connected', { queues: queueNames }) : t('console.disconnected')}</p>
      <ErrorMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      <div className="console-grid">
        <section aria-labelledby="queues-heading">
          <h2 id="queues-heading">{t('console.queues')}</h2>
          <button type="button" onClick={() => void act({ type: 'take' })} disabled={snapshot.waiting.length === 0}>
            {t('console.takeNext')}
          </button>
          {snapshot.waiting.length === 0 ? (
            <p>{t('console.noneWaiting')}</p>
          ) : (
            <ul className="queue-list">
              {snapshot.waiting.map((w) => (
                <li key={w.id}>
                  <span>
                    {t(`queue.${w.queue}`)} · {w.language.toUpperCase()} · {t('console.waitingSince', { time: time(w.queuedAt) })}
                  </span>{' '}
                  <button type="button" onClick={() => void act({ type: 'take', sessionId: w.id })}>
                    {t('console.take')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h3>{t('console.offline')}</h3>
          {snapshot.offline.length === 0 ? (
            <p>{t('console.noOffline')}</p>
          ) : (
            <ul className="queue-list">
              {snapshot.offline.map((o) => (
                <li key={o.id}>
                  <span>
                    {t(`queue.${o.queue}`)} · {o.language.toUpperCase()} · {time(o.createdAt)}
                  </span>{' '}
                  <button type="button" onClick={() => void act({ type: 'readOffline', sessionId: o.id }).then((r) => r.ok && setOfflineOpen({ id: o.id, messages: r.messages }))}>
                    {t('console.open')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {offlineOpen && (
            <OfflineAnswer
              messages={offlineOpen.messages}
              onAnswer={async (body) => {
                const r = await act({ type: 'answerOffline', sessionId: offlineOpen.id, body });
                if (r.ok) {
                  setOfflineOpen(null);
                  setNotice(t('console.answered'));
                }
              }}
            />
          )}
        </section>
        <section aria-labelledby="chats-heading">
          <h2 id="chats-heading">{t('console.myChats')}</h2>
          {chats.size === 0 && <p>{t('console.noChats')}</p>}
          <ul className="chat-tabs">
            {[...chats.values()].map((c, i) => (
              <li key={c.meta.id}>
                <button type="button" aria-pressed={c.meta.id === current} onClick={() => setCurrent(c.meta.id)}>
                  {t('console.chatWith', { n: i + 1 })} · {t(`queue.${c.meta.queue}`)} · {statusText(t, c.meta)}
                </button>
              </li>
            ))}
          </ul>
          {chat && hello && (
            <ChatPanel
              key={chat.meta.id}
              chat={chat}
              hello={hello}
              onDuty={snapshot.onDuty}
              send={send}
              act={act}
              onNotice={setNotice}
            />
          )}
        </section>
      </div>
    </main>
  );
}

/** A chat's state in the console; an ended chat says how it ended ("the visitor left quickly"). */
function statusText(t: TFunction<'chat'>, meta: ChatMeta): string {
  if (meta.status === 'ended' && meta.endReason) return t(`console.endedBy.${meta.endReason}`, { defaultValue: t('console.status.ended') });
  return t(`console.status.${meta.status}`);
}

function OfflineAnswer({ messages, onAnswer }: { messages: Msg[]; onAnswer(body: string): Promise<void> }) {
  const { t } = useTranslation('chat');
  const [body, setBody] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onAnswer(body);
      }}
    >
      {messages.map((m) => (
        <blockquote key={m.id} className="offline-message">
          {m.body}
        </blockquote>
      ))}
      <TextAreaField id="offline-answer" label={t('console.answer')} value={body} onChange={(e) => setBody(e.target.value)} rows={4} maxLength={2000} required />
      <button type="submit">{t('console.sendAnswer')}</button>
    </form>
  );
}

function ChatPanel({ chat, hello, onDuty, send, act, onNotice }: { chat: Chat; hello: Hello; onDuty: Snapshot['onDuty']; send(f: Frame): void; act(f: Frame): Promise<Frame>; onNotice(text: string | null): void }) {
  const { t, i18n } = useTranslation('chat');
  const [body, setBody] = useState('');
  const [asNote, setAsNote] = useState(false);
  const [canned, setCanned] = useState('');
  const [toQueue, setToQueue] = useState(chat.meta.queue);
  const [toUser, setToUser] = useState('');
  const [unit, setUnit] = useState('');
  const [escalationAge, setEscalationAge] = useState<AgeBand | ''>('');
  // Only the units that fit the visitor's age group and role are offered (the server checks it too).
  const fitting = escalationAge ? hello.units.filter((u) => escalationTargetKinds({ targetGroup: chat.meta.targetGroup, ageBand: escalationAge }).includes(u.kind)) : [];
  const [outcome, setOutcome] = useState({ topic: 'other', targetGroup: chat.meta.targetGroup, ageBand: 'unknown', referralGiven: false });
  const lastTyping = useRef(0);
  const id = chat.meta.id;
  const active = chat.meta.status === 'active';
  const colleagues = onDuty.filter((d) => d.userId !== hello.userId && d.queues.includes(chat.meta.queue));
  const queues = hello.queues.filter((q) => (q === 'kast') === (chat.meta.queue === 'kast'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    send({ type: asNote ? 'note' : 'message', sessionId: id, clientId: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`, body });
    setBody('');
  };

  return (
    <article aria-labelledby={`chat-${id}`} className="chat-panel">
      <h3 id={`chat-${id}`}>
        {t(`group.${chat.meta.targetGroup}`)} · {chat.meta.language.toUpperCase()} · {statusText(t, chat.meta)}
      </h3>
      <div className="chat-log" role="log" aria-live="polite" aria-labelledby={`chat-${id}`}>
      <ol>
        {chat.messages.map((m) => (
          <li key={m.id} className={`chat-msg ${m.sender}`}>
            <strong>{t(`console.sender.${m.sender}`)}:</strong> <span className="chat-body">{m.body}</span>
          </li>
        ))}
      </ol>
      </div>
      <p aria-live="polite" className="hint">
        {chat.typingUntil > Date.now() ? t('console.visitorTyping') : ''}
      </p>
      {active && (
        <>
          <form onSubmit={submit}>
            <TextAreaField
              label={t('console.message')}
              value={body}
              rows={3}
              maxLength={2000}
              onChange={(e) => {
                setBody(e.target.value);
                if (Date.now() - lastTyping.current > 3000 && !asNote) {
                  lastTyping.current = Date.now();
                  send({ type: 'typing', sessionId: id });
                }
              }}
            />
            <Checkbox label={t('console.asNote')} checked={asNote} onChange={setAsNote} />
            <button type="submit">{t('console.send')}</button>
          </form>
          {hello.canned.length > 0 && (
            <div className="toolbar">
              <SelectField label={t('console.canned')} value={canned} onChange={(e) => setCanned(e.target.value)} options={[['', '–'], ...hello.canned.map((c) => [c.id, `${c.title} (${c.language})${c.entryName ? ` → ${c.entryName}` : ''}`] as const)]} />
              {/* The answer's text, with the directory entry it points at (name and how to reach it). */}
              <button type="button" onClick={() => setBody((b) => b + (hello.canned.find((c) => c.id === canned)?.text ?? ''))}>
                {t('console.insert')}
              </button>
            </div>
          )}
          <fieldset>
            <legend>{t('console.transfer')}</legend>
            <SelectField label={t('console.toQueue')} value={toQueue} onChange={(e) => setToQueue(e.target.value)} options={queues.map((q) => [q, t(`queue.${q}`)] as const)} />
            <SelectField
              label={t('console.toColleague')}
              value={toUser}
              onChange={(e) => setToUser(e.target.value)}
              options={[['', t('console.noColleague')], ...colleagues.map((c) => [c.userId, c.name] as const)]}
            />
            <button type="button" onClick={() => void act(toUser ? { type: 'transfer', sessionId: id, toUserId: toUser } : { type: 'transfer', sessionId: id, toQueue })}>
              {t('console.doTransfer')}
            </button>
          </fieldset>
          <fieldset>
            <legend>{t('console.escalate')}</legend>
            <p className="hint">{t('console.escalateHint')}</p>
            <SelectField
              label={t('console.escalationAge')}
              value={escalationAge}
              onChange={(e) => {
                setEscalationAge(e.target.value as AgeBand);
                setUnit('');
              }}
              options={[['', t('console.chooseAge')], ...AGE_BANDS.map((a) => [a, AGE_BAND_LABELS[a][i18n.language === 'en' ? 'en' : 'sv']] as const)]}
            />
            <SelectField label={t('console.unit')} value={unit} disabled={!escalationAge} onChange={(e) => setUnit(e.target.value)} options={[['', t('console.chooseUnit')], ...fitting.map((u) => [u.id, u.name] as const)]} />
            <button
              type="button"
              disabled={!unit || !escalationAge}
              onClick={() => void act({ type: 'escalate', sessionId: id, targetUnitId: unit, ageBand: escalationAge as AgeBand }).then((r) => r.ok && onNotice(t('console.escalated')))}
            >
              {t('console.doEscalate')}
            </button>
          </fieldset>
          {/* Kept apart from the hand-over above, and asked first: a blocked visitor cannot come back to this chat. */}
          <div className="danger-zone">
            <ConfirmButton className="danger" question={t('console.blockQuestion')} confirm={t('console.blockConfirm')} onConfirm={() => void act({ type: 'block', sessionId: id })}>
              {t('console.block')}
            </ConfirmButton>
          </div>
        </>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act({ type: 'end', sessionId: id, outcome });
        }}
      >
        <fieldset>
          <legend>{t('console.end')}</legend>
          <SelectField label={t('console.topic')} value={outcome.topic} options={TOPICS.map((v) => [v, t(`topic.${v}`)] as const)} onChange={(e) => setOutcome({ ...outcome, topic: e.target.value })} />
          <SelectField label={t('console.targetGroup')} value={outcome.targetGroup} options={GROUPS.map((v) => [v, t(`group.${v}`)] as const)} onChange={(e) => setOutcome({ ...outcome, targetGroup: e.target.value })} />
          <SelectField label={t('console.ageBand')} value={outcome.ageBand} options={AGE_BANDS.map((v) => [v, AGE_BAND_LABELS[v][i18n.language === 'en' ? 'en' : 'sv']] as const)} onChange={(e) => setOutcome({ ...outcome, ageBand: e.target.value })} />
          <Checkbox label={t('console.referralGiven')} checked={outcome.referralGiven} onChange={(referralGiven) => setOutcome({ ...outcome, referralGiven })} />
          <button type="submit">{t('console.doEnd')}</button>
        </fieldset>
      </form>
    </article>
  );
}
