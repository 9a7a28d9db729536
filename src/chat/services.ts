import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { ChatHub } from './hub.ts';
import { returnChats } from './sockets.ts';
import { counsellorsGone, endAbandonedChats } from './store.ts';

/**
 * The chat's running parts on this instance: the hub (LISTEN/NOTIFY fan-out) and the sweep that
 * refreshes this instance's consoles and returns the chats of consoles on instances that died.
 */
export function chatServices(app: App, deps: AppDeps) {
  const { db, config } = deps;
  const hub = new ChatHub(db, deps.databaseUrl, app.log, config.chat, clockOf(deps));
  app.decorate('chatHub', hub);
  let sweep: NodeJS.Timeout | undefined;
  return {
    hub,
    // Listening starts when the server is ready; a database that is down then shows in
    // /api/health and the hub connects once it is back.
    async start() {
      await hub.startOrRetry();
      sweep = setInterval(() => {
        sweepPresence(hub).catch((err) => app.log.warn({ err: { code: (err as { code?: string }).code } }, 'chat presence sweep failed'));
      }, config.chat.presenceSweepSeconds * 1000);
      sweep.unref();
    },
    async stop() {
      clearInterval(sweep);
      await hub.stop();
    },
  };
}
export type ChatServices = ReturnType<typeof chatServices>;

/**
 * One turn of the sweep: this instance's consoles are still here; chats without a visitor's socket
 * for the grace period end (whichever instance's timer was to end them); consoles on an instance
 * that died leave presence rows nobody refreshes, and after a while their chats go back to the
 * queue as if the counsellor had disconnected.
 */
export async function sweepPresence(hub: ChatHub): Promise<void> {
  await hub.refreshPresence();
  await endAbandonedChats(hub.db, hub.settings.visitorGraceSeconds);
  const gone = await counsellorsGone(hub.db);
  await Promise.all(gone.map((userId) => returnChats(hub, userId)));
}

declare module 'fastify' {
  interface FastifyInstance {
    chatHub?: ChatHub;
  }
}
