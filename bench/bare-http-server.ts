/**
 * The HTTP hop alone, for bench/foundation.ts: a bare node:http server that answers every GET by
 * issuing the audited read's own statement (BARE_STATEMENT: {"sql", "parameters"}) on a pg pool as
 * large as the application's, and writing the row as JSON. No routing, session, access rule, cookie
 * or validation: what any HTTP server in front of the same statement costs on this machine, beside
 * which the application's own share of its ratio to the raw statement can be read.
 */
import http from 'node:http';
import pg from 'pg';

const { sql, parameters } = JSON.parse(process.env.BARE_STATEMENT ?? '') as { sql: string; parameters: unknown[] };
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 50), options: process.env.PG_OPTIONS });

const server = http.createServer((_request, response) => {
  pool.query(sql, parameters).then(
    ({ rows }) => {
      const body = JSON.stringify(rows[0]);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    },
    () => {
      response.writeHead(500);
      response.end();
    },
  );
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare server ready'));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
