// Reference peer for the fan-out benchmark: the real socket.io 4.8 server
// doing what dashboard-server's hub does, with nothing else in the way.
//
//   node reference_server.mjs [PORT]        (default 0: ephemeral)
//
// - namespace /dashboard, WebSocket transport only, socket.io's default
//   pingInterval / pingTimeout (25 s / 20 s), no per-message deflate (the
//   default), no connection state recovery;
// - accepts any auth and joins each socket to the room named by auth.user;
// - POST /emit?user=alice emits ONE dashboard:summaryUpdated event to that
//   room with nsp.to(room).emit(...). The envelope has the same fields and
//   the same size as dashboard-server's frame, including the trailing offset
//   argument dashboard-server appends for socket.io clients (the seq as a
//   string), so both peers put the same bytes on the wire. The response
//   carries the seq in an x-seq header.
//
// Prints one JSON line {"msg":"listening","port":N,"pid":P} on stderr, like
// dashboard-server, and exits on SIGTERM / SIGINT.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 0);
const seqs = new Map(); // room -> last seq

const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/emit') {
    const user = url.searchParams.get('user');
    if (!user) {
      res.writeHead(400).end('user missing\n');
      return;
    }
    // Drain any request body; the trigger carries none that matters.
    req.resume();
    const seq = (seqs.get(user) ?? 0) + 1;
    seqs.set(user, seq);
    const envelope = {
      eventId: randomUUID(),
      type: 'dashboard:summaryUpdated',
      timestamp: new Date().toISOString(),
      seq,
      payload: {
        totalMocs: 64,
        totalWishlistItems: 9 + seq,
        mocsByBuildStatus: { ADDED: 23, IN_PROGRESS: 25, BUILT: 16 },
        mocsByCoverageStatus: { FULL_INVENTORY: 31, PARTIAL_ORDERED: 16, NONE: 17 },
      },
    };
    nsp.to(user).emit('dashboard:summaryUpdated', envelope, String(seq));
    res.writeHead(200, { 'content-type': 'application/json', 'x-seq': String(seq) });
    res.end(`{"seq":${seq}}`);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/healthz') {
    res.writeHead(200).end('ok\n');
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  cors: { origin: '*' },
});
const nsp = io.of('/dashboard');
nsp.on('connection', (socket) => {
  const user = socket.handshake.auth?.user;
  if (typeof user === 'string' && user) socket.join(user);
});

httpServer.listen(port, '127.0.0.1', () => {
  process.stderr.write(
    `${JSON.stringify({ msg: 'listening', port: httpServer.address().port, pid: process.pid })}\n`,
  );
});

const stop = () => {
  io.close();
  httpServer.close();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
