// A TCP proxy that can go silent: while black-holing it stops forwarding in
// both directions and answers nothing, but closes no connection, the way a
// dead Wi-Fi link, a suspended VPN or a stateful firewall that lost its
// entry looks to both ends (no FIN, no RST: only silence). New connections
// made meanwhile are accepted and ignored too. heal() forwards again for new
// connections and resets the ones that went silent, as a NAT or firewall
// that lost their state does when they next speak (an idle keep-alive
// connection would otherwise swallow the browser's next request).
//
//   const proxy = await startBlackholeProxy(server.port);
//   await page.goto(`http://127.0.0.1:${proxy.port}/dashboard`);
//   proxy.blackhole();   // from now on: silence
//   proxy.heal();        // new connections go through again
//   await proxy.close();
import net from 'node:net';

export async function startBlackholeProxy(targetPort, targetHost = '127.0.0.1') {
  let silent = false;
  const silenced = new Set();  // sockets that went silent, reset on heal()
  const live = new Set();  // [client, upstream] pairs that forward
  const sockets = new Set();  // every socket, for close()

  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});  // a peer that gives up resets: nothing to report
  };

  // Stops a pair forwarding without telling either end: data is read and dropped.
  const silence = (pair) => {
    for (const socket of pair) {
      socket.unpipe();
      socket.removeAllListeners('data');
      socket.on('data', () => {});
      silenced.add(socket);
    }
    live.delete(pair);
  };

  const server = net.createServer((client) => {
    track(client);
    if (silent) {
      client.on('data', () => {});  // accepted, never answered
      silenced.add(client);
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    const pair = [client, upstream];
    live.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    // While forwarding, an end that closes closes the other (a real link carries the FIN).
    client.on('close', () => { if (live.has(pair)) upstream.destroy(); live.delete(pair); });
    upstream.on('close', () => { if (live.has(pair)) client.destroy(); live.delete(pair); });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  return {
    port: server.address().port,
    get silent() { return silent; },
    blackhole() {
      silent = true;
      for (const pair of [...live]) silence(pair);
    },
    heal() {
      silent = false;
      for (const socket of silenced) socket.resetAndDestroy();
      silenced.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
