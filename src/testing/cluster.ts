import { startEmbeddedPostgres } from '../core/db/embedded.ts';

/**
 * A throwaway PostgreSQL cluster from the embedded binaries, kept by a process of its own (used by
 * crash.test.ts as the "PostgreSQL server" it crashes): starts the cluster on the folder and port
 * given (WAL recovery after a crash is PostgreSQL's own), prints "ready <postmaster pid>" and stays
 * up until it is signalled (SIGTERM: an orderly stop) or killed with its cluster.
 */
const [dir, port] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dir: dir!, port: Number(port) });
console.log(`ready ${server.pid}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
setInterval(() => {}, 1 << 30);
