/**
 * The chat bench's limits, each in a process of its own as the application is: a WebSocket echo
 * server. With ECHO_DATABASE_URL it inserts (and commits) each message into bench_echo (made by the
 * bench) on a pool of 8, like the chat's write pool, before it echoes it; without, a bare echo.
 */
import pg from 'pg';
import { WebSocketServer } from 'ws';

const url = process.env.ECHO_DATABASE_URL;
const pool = url ? new pg.Pool({ connectionString: url, max: 8 }) : undefined;
pool?.on('error', () => {});

const store = (body: string) =>
  pool!.query({ name: 'bench_echo_insert', text: 'insert into bench_echo (client_id, body) values ($1, $2) returning id, created_at', values: [body.split(':')[2], body] });

const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
server.on('connection', (ws) =>
  ws.on('message', (data) => {
    if (!pool) return void ws.send(data);
    store(String(data)).then(
      () => ws.send(data),
      () => ws.send('error'),
    );
  }),
);
server.on('listening', () => console.log(`echo server ready on port ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => {
  for (const ws of server.clients) ws.terminate();
  server.close();
  void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0));
});
