/**
 * The floor: a WebSocket relay that forwards every frame, unparsed, to the other sockets on the
 * same URL path (= document). No CRDT, no state, no persistence. Env PORT.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer((_req, res) => res.end('relay'));
const wss = new WebSocketServer({ server: http });

wss.on('connection', (socket, request) => {
  const room = new URL(request.url ?? '/', 'http://relay').pathname;
  let peers = rooms.get(room);
  if (!peers) rooms.set(room, (peers = new Set()));
  const members = peers;
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const peer of members) if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(room);
  });
});

http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`relay listening on ${process.env.PORT}`));
process.on('SIGTERM', () => process.exit(0));
