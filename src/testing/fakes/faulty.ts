import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * How a partner misbehaves: "ok" passes every request on to the real fake; "hang" accepts the
 * connection and never answers; "error" answers 500 with a body that must never reach a buyer;
 * "drop" closes the connection at once (the server is gone).
 */
export type FaultMode = "ok" | "hang" | "error" | "drop";

/** What a 500 carries: a stack trace and an internal address, as a crashing server would show. */
export const LEAKY_BODY =
  "<html><body><h1>500 Internal Server Error</h1><pre>TypeError: cannot read property 'x' of undefined\n    at handler (/srv/partner/app.js:42:7) LEAK-4f1c internal-db.partner.lan</pre></body></html>";

/**
 * A real HTTP server on 127.0.0.1 in front of a protocol fake (BigBlueButton, shop, wallet provider,
 * PayPal …): the platform is configured with this address, and the test turns the fault on and off.
 * Requests are passed on byte for byte (path, query, method, headers, body), so checksums and
 * signatures the fake checks still hold.
 */
export async function startFaultyPartner(targetUrl: string) {
  const target = new URL(targetUrl);
  let mode: FaultMode = "ok";
  const seen: Record<FaultMode, number> = { ok: 0, hang: 0, error: 0, drop: 0 };
  const hanging = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const now = mode;
      seen[now]++;
      if (now === "hang") return void hanging.add(req.socket);
      if (now === "drop") return void req.socket.destroy();
      if (now === "error") return void res.writeHead(500, { "content-type": "text/html" }).end(LEAKY_BODY);
      const headers = { ...req.headers, host: target.host };
      const onward = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      onward.on("error", () => res.writeHead(502).end());
      onward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    /** The target URL with this server's origin: path and query stay (e.g. …/bigbluebutton/api/). */
    url: `${base}${target.pathname}${target.search}`,
    origin: base,
    seen,
    /** Requests that reached the fault so far (every mode but "ok"). */
    faulted: () => seen.hang + seen.error + seen.drop,
    /** Counting starts again with each fault switched on. */
    set(next: FaultMode) {
      if (next !== "ok") for (const key of Object.keys(seen) as FaultMode[]) seen[key] = 0;
      mode = next;
      // Healing also ends the connections left hanging, as a restarted partner would.
      if (next !== "hang") for (const socket of hanging) socket.destroy();
      if (next !== "hang") hanging.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of hanging) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FaultyPartner = Awaited<ReturnType<typeof startFaultyPartner>>;
