import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../core/db/database.ts';
import { makeUser, TEST_TOTP_KEY, unitId, type TestUser } from '../testing/app.ts';
import { databaseTargets, type TestDatabaseTarget } from '../testing/databases.ts';
import { HttpSession } from '../testing/http-session.ts';
import { createDatabase, createOwnerRole } from '../testing/postgres.ts';
import { crashTrees, exitWithin, freePort, isGone, runCli, runTs, type ChildRun } from '../testing/processes.ts';
import { makeContact } from '../cases/testing.ts';
import { hashToken, setOpeningHours } from '../chat/store.ts';
import { WsClient, type Frame } from '../chat/testing.ts';

/**
 * Kill -9 during a burst of writes, of Utväg and of its database at once (a machine crash): every
 * write Utväg acknowledged must survive with all its parts, nothing may be half-written, the audit
 * chain must hold, and the restarted Utväg must run and stop cleanly.
 *
 * The burst, from concurrent writers: units and users (administrator), journal entries and
 * decisions (two caseworkers on four cases), chat messages (four anonymous visitors over the
 * WebSocket: the chat's own pool and commit setting; the `ack` frame is the acknowledgement);
 * every one of them but the chat message writes an audit entry in its transaction.
 */
interface Target {
  env: Record<string, string>;
  /** Owner URL of the database Utväg uses (known once Utväg has started, for the embedded one). */
  ownerUrl(): Promise<string>;
  /** Roots of the process trees a crash takes down besides Utväg's own (which holds the embedded server). */
  databaseProcesses(): number[];
  /** Brings the database back after the crash, when Utväg does not do it itself. */
  restartDatabase(): Promise<void>;
  /** An orderly end, then every process and folder of the target gone (also after a failure). */
  cleanup(): Promise<void>;
}

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'utvag-crash-'));
  // The PostgreSQL servers run as the `postgres` system user when the tests run as root.
  await fs.chmod(dir, 0o755);
  return dir;
}

const superuserUrl = async (pgDir: string, port: number, database: string) =>
  `postgres://postgres:${encodeURIComponent((await fs.readFile(`${pgDir}.password`, 'utf8')).trim())}@127.0.0.1:${port}/${database}`;

/**
 * The "PostgreSQL server" target: a throwaway cluster this test owns, started from the embedded
 * binaries by a process of its own (src/testing/cluster.ts) on a free port — never the machine's
 * shared server — and used as a production server is: DATABASE_URL of a login role that owns the
 * database and is no superuser.
 */
async function serverTarget(root: string): Promise<Target> {
  const pgDir = path.join(root, 'cluster');
  const pgPort = await freePort();
  if (pgPort === 5432) throw new Error('the crash test never runs a cluster on 5432');
  let keeper: ChildRun | undefined;
  const start = async () => {
    keeper = runTs([pgDir, String(pgPort)], {}, 'src/testing/cluster.ts');
    await keeper.waitForOutput(/ready \d+/, 90_000);
  };
  await start();
  const ownerAdmin = await createOwnerRole(await superuserUrl(pgDir, pgPort, 'postgres'));
  const url = await createDatabase(ownerAdmin, 'utvag');
  return {
    env: { DATABASE_URL: url, UTVAG_DATA_DIR: path.join(root, 'data'), PORT: String(await freePort()) },
    ownerUrl: async () => url,
    databaseProcesses: () => (keeper ? [keeper.child.pid!] : []),
    restartDatabase: start,
    cleanup: async () => {
      if (keeper && keeper.child.exitCode === null && keeper.child.signalCode === null) {
        keeper.child.kill('SIGTERM');
        await exitWithin(keeper, 30_000).catch(() => {});
      }
      await crashTrees([keeper?.child.pid]);
    },
  };
}

/** The embedded target: Utväg starts and stops its own PostgreSQL in its data folder. */
async function embeddedTarget(root: string): Promise<Target> {
  const pgPort = await freePort();
  return {
    env: { UTVAG_DATA_DIR: root, EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()) },
    ownerUrl: () => superuserUrl(path.join(root, 'postgres'), pgPort, 'utvag'),
    // The postmaster and its backends are Utväg's descendants: the crash of Utväg's tree takes them.
    databaseProcesses: () => [],
    restartDatabase: async () => {},
    cleanup: async () => {},
  };
}

interface Acked {
  units: Map<string, string>;
  users: Map<string, string>;
  journal: Map<string, { caseId: string; text: string; authorId: string; signed: boolean }>;
  decisions: Map<string, { caseId: string; supportType: string; outcome: string; refusalGround: string | null; reasoning: string; decidedBy: string; startsOn?: string; endsOn?: string }>;
  /** Chat messages by session and client id. */
  chat: Map<string, { sessionId: string; clientId: string; id: number; body: string }>;
}

interface Visitor {
  sessionId: string;
  ws: WsClient;
  /** What was sent, by client id. */
  sent: Map<string, string>;
}

async function startVisitor(baseUrl: string, owner: Db): Promise<Visitor> {
  const res = await fetch(`${baseUrl}/api/chat/visitor/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targetGroup: 'selling', language: 'sv' }) });
  if (res.status !== 201) throw new Error(`chat start failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const ws = await WsClient.open(`${baseUrl.replace('http', 'ws')}/api/chat/visitor/socket`);
  ws.send({ type: 'hello', token, after: 0 });
  await ws.next((f) => f.type === 'ready');
  const { id } = await owner.selectFrom('chat_sessions').select('id').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
  return { sessionId: id, ws, sent: new Map() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseTargets())('a crash during a burst of writes on $name', ({ name }: TestDatabaseTarget) => {
  let root: string;
  let target: Target | undefined;
  let utvag: ChildRun | undefined;

  beforeAll(async () => {
    root = await tempDir();
    target = name === 'postgres-server' ? await serverTarget(root) : await embeddedTarget(root);
  });
  afterAll(async () => {
    // Fail-safe: whatever happened, no Utväg, no postmaster and no backend outlives the test.
    if (utvag && !isGone(utvag.child.pid!)) await crashTrees([utvag.child.pid]);
    await target?.cleanup();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('loses no acknowledged write and leaves nothing half-written', async () => {
    const t = target!;
    utvag = runTs(['start'], { ...t.env, RUN_JOBS: 'false', TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY });
    await utvag.waitForOutput('Utväg is ready', 90_000);
    const baseUrl = `http://127.0.0.1:${t.env.PORT}`;
    const owner = openDatabase(await t.ownerUrl(), 4, { asAppRole: false });
    const visitors: Visitor[] = [];
    /** Set when the crash comes (or the test ends early): the writers stop. */
    let killed = false;
    try {
      const unit = await unitId(owner.db, 'Nexus – vuxna', 'adult');
      const admin = await makeUser(owner.db, [{ role: 'administrator' }]);
      const workers: TestUser[] = [];
      for (let i = 0; i < 2; i++) workers.push(await makeUser(owner.db, [{ role: 'caseworker', unit: 'Nexus – vuxna' }]));
      await owner.db.transaction().execute((tx) => setOpeningHours(tx, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }))));
      const adminSession = await new HttpSession(baseUrl).signIn(admin);
      const workerSessions = await Promise.all(workers.map((w) => new HttpSession(baseUrl).signIn(w)));
      const cases: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await workerSessions[i % 2]!.request<{ case: { id: string; unitId: string } }>('POST', '/api/intake/contacts', makeContact());
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        expect(r.body.case.unitId).toBe(unit);
        cases.push(r.body.case.id);
      }
      for (let i = 0; i < 4; i++) visitors.push(await startVisitor(baseUrl, owner.db));

      // The burst: writers keep going until the server dies under them.
      const acked: Acked = { units: new Map(), users: new Map(), journal: new Map(), decisions: new Map(), chat: new Map() };
      let sent = 0;
      const orgWriter = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const n = `${w}-${i}`;
          sent++;
          try {
            if (i % 2 === 0) {
              const r = await adminSession.request<{ id: string }>('POST', '/api/organisation/units', { name: `Krasch-enhet ${n}`, kind: 'other' });
              if (r.status === 201) acked.units.set(r.body.id, `Krasch-enhet ${n}`);
              else if (!killed) throw new Error(`unit: unexpected ${r.status}`);
            } else {
              const r = await adminSession.request<{ id: string }>('POST', '/api/organisation/users', {
                username: `krasch.${n}`,
                displayName: `Fiktiv Person ${n}`,
                kind: 'staff',
                initialPassword: 'a fictional initial password',
                grants: [{ role: 'caseworker', unitId: unit }, { role: 'coordinator', unitId: unit }],
              });
              if (r.status === 201) acked.users.set(r.body.id, `krasch.${n}`);
              else if (!killed) throw new Error(`user: unexpected ${r.status}`);
            }
          } catch (err) {
            if (!killed) throw err;
          }
        }
      };
      const caseWriter = async (w: number) => {
        const session = workerSessions[w % 2]!;
        const authorId = workers[w % 2]!.id;
        for (let i = 0; !killed; i++) {
          const caseId = cases[(w + i) % cases.length]!;
          const n = `${w}-${i}`;
          sent++;
          try {
            if (i % 2 === 0) {
              const entry = { text: `Fiktiv journalanteckning ${n}: samtal om boende och stöd.`, sign: i % 4 === 0 };
              const r = await session.request<{ id: string }>('POST', `/api/cases/${caseId}/journal`, entry);
              if (r.status === 201) acked.journal.set(r.body.id, { caseId, text: entry.text, authorId, signed: entry.sign });
              else if (!killed) throw new Error(`journal: unexpected ${r.status} ${JSON.stringify(r.body)}`);
            } else {
              const decision =
                i % 4 === 1
                  ? { supportType: 'economic_aid', outcome: 'granted', refusalGround: null, startsOn: '2026-01-01', endsOn: '2026-03-31', reasoning: `Saknar försörjning under utredningen (${n}).` }
                  : { supportType: 'protected_housing', outcome: 'refused', refusalGround: 'need_met_otherwise', reasoning: `Behovet är redan tillgodosett genom annat boende (${n}).` };
              const r = await session.request<{ id: string }>('POST', `/api/cases/${caseId}/decisions`, decision);
              if (r.status === 201) acked.decisions.set(r.body.id, { caseId, ...decision, decidedBy: authorId });
              else if (!killed) throw new Error(`decision: unexpected ${r.status} ${JSON.stringify(r.body)}`);
            }
          } catch (err) {
            if (!killed) throw err;
          }
        }
      };
      // A visitor sends within the chat's rate limit (a burst of 8, then 2 a second) without waiting
      // for acknowledgements, so several messages are in flight when the crash comes.
      const chatWriter = async (v: Visitor, w: number) => {
        for (let i = 0; !killed; i++) {
          const clientId = `k${w}-${i}`;
          const body = `Fiktivt chattmeddelande ${w}-${i}`;
          v.sent.set(clientId, body);
          sent++;
          v.ws.send({ type: 'message', clientId, body });
          await sleep(i < 6 ? 100 : 520);
        }
      };
      // The crash: Utväg and its database frozen at once (synchronously, here), then killed;
      // nothing shuts down in order. Once armed it comes with the next chat acknowledgement: the
      // moment a message whose ack went out before its commit would be lost.
      let crashing: Promise<number[]> | undefined;
      let armed = false;
      const crash = () => {
        crashing ??= crashTrees([utvag!.child.pid, ...t.databaseProcesses()]);
        killed = true;
      };
      const chatErrors: string[] = [];
      for (const [w, v] of visitors.entries()) {
        v.ws.ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as Frame;
          if (f.type === 'ack') {
            acked.chat.set(`${v.sessionId}:${f.clientId}`, { sessionId: v.sessionId, clientId: f.clientId, id: f.id, body: v.sent.get(f.clientId)! });
            if (armed) crash();
          } else if (f.type === 'error' && !killed) chatErrors.push(`visitor ${w}: ${f.code}`);
        });
      }
      const writers = [
        ...Array.from({ length: 4 }, (_, w) => orgWriter(w)),
        ...Array.from({ length: 6 }, (_, w) => caseWriter(w)),
        ...visitors.map((v, w) => chatWriter(v, w)),
      ].map((p) => p.catch((err: Error) => err));
      const enough = () =>
        acked.units.size >= 3 && acked.users.size >= 3 && acked.journal.size >= 15 && acked.decisions.size >= 15 && acked.chat.size >= 16;
      const end = Date.now() + 60_000;
      while (!enough() && Date.now() < end) await sleep(20);
      const counts = () => Object.fromEntries(Object.entries(acked).map(([k, m]) => [k, (m as Map<string, unknown>).size]));
      expect(enough(), `acknowledged writes before the crash: ${JSON.stringify(counts())}`).toBe(true);

      armed = true;
      const armedAt = Date.now();
      while (!crashing && Date.now() - armedAt < 3_000) await sleep(5);
      crash();
      await crashing;
      await utvag.exited;
      const errors = (await Promise.all(writers)).filter((e) => e instanceof Error);
      expect(errors).toEqual([]);
      expect(chatErrors).toEqual([]);
      const ackedTotal = Object.values(acked).reduce((n, m: Map<string, unknown>) => n + m.size, 0);
      expect(sent).toBeGreaterThan(ackedTotal);
      await Promise.all(visitors.map((v) => v.ws.closed));
      await owner.close();

      await t.restartDatabase();
      utvag = runTs(['start'], { ...t.env, RUN_JOBS: 'false', TOTP_ENCRYPTION_KEY: TEST_TOTP_KEY });
      await utvag.waitForOutput('Utväg is ready', 90_000);
      const after = openDatabase(await t.ownerUrl(), 2, { asAppRole: false });
      try {
        const db = after.db;
        // Organisation: every acknowledged unit and user, every user with both roles.
        const units = new Map((await db.selectFrom('units').select(['id', 'name']).where('name', 'like', 'Krasch-enhet %').execute()).map((u) => [u.id, u.name]));
        const users = await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'krasch.%').execute();
        const userById = new Map(users.map((u) => [u.id, u.username]));
        const roles = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', [...userById.keys(), admin.id]).execute();
        for (const [id, unitName] of acked.units) expect(units.get(id), `acknowledged unit ${unitName}`).toBe(unitName);
        for (const [id, username] of acked.users) expect(userById.get(id), `acknowledged user ${username}`).toBe(username);
        for (const u of users) expect(roles.filter((r) => r.user_id === u.id).map((r) => r.role).sort(), u.username).toEqual(['caseworker', 'coordinator']);

        // Journal entries and decisions: every acknowledged one with what was written, its signature
        // when it was signed at writing, and its case touched in the same transaction.
        const journal = new Map((await db.selectFrom('journal_entries').select(['id', 'case_id', 'text', 'author_id', 'signed_at', 'written_at']).where('case_id', 'in', cases).execute()).map((e) => [e.id, e]));
        const decisions = new Map((await db.selectFrom('decisions').selectAll().where('case_id', 'in', cases).execute()).map((d) => [d.id, d]));
        for (const [id, e] of acked.journal) {
          const row = journal.get(id);
          expect(row, `acknowledged journal entry ${e.text}`).toMatchObject({ case_id: e.caseId, text: e.text, author_id: e.authorId });
          expect(row!.signed_at !== null, `signature of ${e.text}`).toBe(e.signed);
        }
        for (const [id, d] of acked.decisions) {
          expect(decisions.get(id), `acknowledged decision ${d.reasoning}`).toMatchObject({
            case_id: d.caseId,
            support_type: d.supportType,
            outcome: d.outcome,
            refusal_ground: d.refusalGround,
            reasoning: d.reasoning,
            decided_by: d.decidedBy,
          });
        }
        const caseRows = await db.selectFrom('cases').select(['id', 'person_id', 'last_activity_at']).where('id', 'in', cases).execute();
        const personOf = new Map(caseRows.map((c) => [c.id, c.person_id]));
        for (const c of caseRows) {
          const latest = Math.max(
            ...[...journal.values()].filter((e) => e.case_id === c.id).map((e) => e.written_at.getTime()),
            ...[...decisions.values()].filter((d) => d.case_id === c.id).map((d) => d.decided_at.getTime()),
          );
          expect(c.last_activity_at.getTime(), `last activity of case ${c.id}`).toBeGreaterThanOrEqual(latest);
        }

        // The audit log: every record present has its creation entry (with the person it is about),
        // and every creation entry of the burst's actors its record.
        const actors = [admin.id, ...workers.map((w) => w.id)];
        const creates = await db
          .selectFrom('audit_log')
          .select(['record_type', 'record_id', 'person_id', 'actor_user_id'])
          .where('action', '=', 'create')
          .where('actor_user_id', 'in', actors)
          .where('record_type', 'in', ['unit', 'user', 'journal_entry', 'decision'])
          .execute();
        const audited = new Map(creates.map((c) => [`${c.record_type}:${c.record_id}`, c]));
        expect(creates.length, 'one creation entry per record').toBe(audited.size);
        for (const id of units.keys()) expect(audited.get(`unit:${id}`), `audit entry of unit ${units.get(id)}`).toMatchObject({ actor_user_id: admin.id });
        for (const [id, username] of userById) expect(audited.get(`user:${id}`), `audit entry of user ${username}`).toMatchObject({ actor_user_id: admin.id });
        for (const [id, e] of journal) {
          expect(audited.get(`journal_entry:${id}`), `audit entry of journal entry ${e.text}`).toMatchObject({ actor_user_id: e.author_id, person_id: personOf.get(e.case_id) });
        }
        for (const [id, d] of decisions) {
          expect(audited.get(`decision:${id}`), `audit entry of decision ${d.reasoning}`).toMatchObject({ actor_user_id: d.decided_by, person_id: personOf.get(d.case_id) });
        }
        const present: Record<string, Map<string, unknown>> = { unit: units, user: userById, journal_entry: journal, decision: decisions };
        for (const c of creates) expect(present[c.record_type]!.has(c.record_id!), `record of audited ${c.record_type} ${c.record_id}`).toBe(true);

        // Chat: every acknowledged message with its id, chat and words; every stored one a message
        // its visitor sent, word for word, once.
        const messages = await db
          .selectFrom('chat_messages')
          .select(['id', 'session_id', 'client_id', 'body'])
          .where('session_id', 'in', visitors.map((v) => v.sessionId))
          .where('sender', '=', 'visitor')
          .execute();
        const stored = new Map(messages.map((m) => [`${m.session_id}:${m.client_id}`, m]));
        expect(stored.size, 'each message stored once').toBe(messages.length);
        for (const [key, m] of acked.chat) {
          const row = stored.get(key);
          expect(row && { id: Number(row.id), body: row.body }, `acknowledged chat message ${m.body}`).toEqual({ id: m.id, body: m.body });
        }
        for (const m of messages) {
          const visitor = visitors.find((v) => v.sessionId === m.session_id)!;
          expect(m.body, `stored chat message ${m.client_id}`).toBe(visitor.sent.get(m.client_id!));
        }
      } finally {
        await after.close();
      }

      // The restarted Utväg runs; verify-audit attaches to its database and finds the chain intact.
      const verify = await runCli(['verify-audit'], t.env);
      expect(verify.code, verify.output).toBe(0);
      expect(verify.output).toContain('Audit chain intact');
      utvag.child.kill('SIGTERM');
      expect((await exitWithin(utvag, 30_000)).code).toBe(0);
    } finally {
      killed = true;
      for (const v of visitors) v.ws.ws.terminate();
      await owner.close().catch(() => {});
    }
  }, 240_000);
});
