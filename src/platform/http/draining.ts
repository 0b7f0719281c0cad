import net from "node:net";
import type { FastifyInstance } from "fastify";

const closingApps = new WeakSet<FastifyInstance>();
// A keep-alive connection idle when the drain begins gets this long to bring its next request (served,
// with `Connection: close`) before it is closed: closing it at once resets a request already on its way.
const IDLE_GRACE_MS = 1000;
const TICK_MS = 50;

/**
 * Connections not worth keeping. An answer given before the request body has fully arrived (a 413,
 * a 401 on an upload) closes the connection, so the server does not read the rest of a body only to
 * throw it away. Once the server drains, every answer closes its connection, so a client does not
 * send its next request on a connection that is about to go.
 */
export function installConnectionClose(app: FastifyInstance) {
  app.addHook("preClose", async () => {
    closingApps.add(app);
  });
  app.addHook("onSend", (req, reply, payload, done) => {
    if (closingApps.has(app) || req.raw.complete === false) reply.header("connection", "close");
    done(null, payload);
  });
}

const connections = (server: net.Server) =>
  new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));

/**
 * Stops accepting connections and lets the open ones finish: each request in flight gets its answer,
 * each idle keep-alive connection its grace, and the request and headers timeouts still hold; whatever
 * is still open at the deadline (a stuck handler, an upload slower than that) is cut. Resolves with
 * whether anything had to be cut.
 */
export async function closeGracefully(app: FastifyInstance, deadlineMs: number) {
  const server = app.server;
  closingApps.add(app);
  // net's close, not http's: http's also closes the idle keep-alive connections on the spot, resetting
  // requests clients have just sent on them.
  net.Server.prototype.close.call(server);
  const started = performance.now();
  let cut = false;
  while ((await connections(server)) > 0) {
    const elapsed = performance.now() - started;
    if (elapsed >= deadlineMs) {
      cut = true;
      server.closeAllConnections();
      break;
    }
    if (elapsed >= IDLE_GRACE_MS) server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await app.close();
  return { cut };
}
