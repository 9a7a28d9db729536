import pg from 'pg';
import { startEmbeddedPostgres } from '../core/db/embedded.ts';

/**
 * A stand-in for an Utväg process that owns the embedded server (used by embedded.test.ts):
 * starts the server on the folder and port given, writes a marker row, prints "ready <postmaster
 * pid>" and stays up until it is signalled (or killed).
 */
const [dir, port, marker] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dir: dir!, port: Number(port) });
const client = new pg.Client({ connectionString: server.adminUrl });
await client.connect();
await client.query('create table if not exists markers (value text not null)');
await client.query('insert into markers (value) values ($1)', [marker]);
await client.end();
console.log(`ready ${server.pid}`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
