/** The embedded PGlite socket server (lib/db/embedded.ts) as its own process, in memory. */
import { startEmbeddedPostgres } from '@/lib/db/embedded';

const server = await startEmbeddedPostgres({ dataDir: 'memory://', port: Number(process.env.PGLITE_PORT) });
console.log(`pglite listening on ${server.url}`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
