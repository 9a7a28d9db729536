import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../core/access/policy.ts';
import type { Db } from '../core/db/database.ts';
import { makeUser, startTestApp, type TestApp, type TestUser } from './app.ts';
import { TestClient } from './client.ts';
import { useTestDatabase, type TestDatabaseTarget } from './databases.ts';

export { databaseTargets, useTestDatabase } from './databases.ts';

export type Env = Record<string, string>;
export type Roles = Array<{ role: Role; unit?: string | null }>;

export interface TestAppOptions {
  /** Configuration on top of the test defaults; a function when it is known only in beforeAll (a port, a provider). */
  env?: Env | (() => Env | Promise<Env>);
  /** Listen on a port (for WebSockets and browsers); by default requests are injected. */
  listen?: boolean;
  /** The app's clock, for tests at fixed instants (Stockholm midnight, daylight-saving nights). */
  clock?: () => Date;
}

export interface TestAppHandle {
  /** The running Utväg (app.app is the Fastify instance). */
  readonly app: TestApp;
  readonly db: Db;
  /** The database's URL, as its owner. */
  readonly url: string;
  /** http://localhost:<port> when listening. */
  readonly baseUrl: string;
  /** A staff (or partner) account with these roles, enrolled in TOTP. */
  user(roles: Roles, overrides?: Parameters<typeof makeUser>[2]): Promise<TestUser>;
  /** A signed-out API client. */
  client(language?: string): TestClient;
  /** An API client signed in (password + TOTP) as a new user with these roles. */
  signedIn(roles: Roles, overrides?: Parameters<typeof makeUser>[2]): Promise<TestClient>;
  /** Another Utväg on the same database (another instance, other settings), stopped after the tests. */
  startApp(env?: Env, options?: { listen?: boolean }): Promise<TestApp>;
}

/**
 * Everything a test file needs to test Utväg on one database target, registered as beforeAll and
 * afterAll hooks of the enclosing describe block: a database copied from the migrated template, a
 * running Utväg on it, and afterwards both gone.
 *
 *   describe.each(databaseTargets())('cases on $name', (target) => {
 *     const t = useTestApp(target, { env: { SESSION_IDLE_MINUTES: '5' } });
 *     test('…', async () => { const worker = await t.signedIn([{ role: 'caseworker', unit: 'Nexus' }]); … });
 *   });
 */
export function useTestApp(target: TestDatabaseTarget, options: TestAppOptions = {}): TestAppHandle {
  const database = useTestDatabase(target);
  let main: TestApp | undefined;
  const others: TestApp[] = [];
  const start = async (env: Env, listen: boolean) => startTestApp(database.url, listen ? { HOST: '127.0.0.1', ...env } : env, { listen, clock: options.clock });

  beforeAll(async () => {
    const env = typeof options.env === 'function' ? await options.env() : (options.env ?? {});
    main = await start(env, options.listen ?? false);
  });
  afterAll(async () => {
    await Promise.all([main, ...others.splice(0)].map((a) => a?.stop()));
  });

  const running = (): TestApp => {
    if (!main) throw new Error(`Utväg is not running on ${target.name}: its beforeAll did not run or failed`);
    return main;
  };
  return {
    get app() {
      return running();
    },
    get db() {
      return running().db;
    },
    get url() {
      return database.url;
    },
    get baseUrl() {
      const address = running().app.server.address();
      if (!address || typeof address === 'string') throw new Error('Utväg is not listening: useTestApp(target, { listen: true })');
      return `http://localhost:${address.port}`;
    },
    user: (roles, overrides) => makeUser(running().db, roles, overrides),
    client: (language) => new TestClient(running().app, language),
    signedIn: async (roles, overrides) => new TestClient(running().app).signIn(await makeUser(running().db, roles, overrides)),
    async startApp(env = {}, startOptions = {}) {
      const app = await start(env, startOptions.listen ?? false);
      others.push(app);
      return app;
    },
  };
}
