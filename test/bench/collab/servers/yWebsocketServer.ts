/**
 * The reference server, @y/websocket-server 0.1.1 (yjs 13): its own `server.js` (ws +
 * `setupWSConnection`) with the Postgres persistence of ./ywsPgPersistence.ts in place of
 * y-leveldb. Env PORT, DATABASE_URL.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { createPgPersistence } from './ywsPgPersistence';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
setPersistence({
  provider: null,
  ...createPgPersistence(pool, (error, docName) => console.error(`persistence failed for ${docName}`, error)),
});

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`y-websocket-server listening on ${process.env.PORT}`));
process.on('SIGTERM', () => void pool.end().then(() => process.exit(0)));
