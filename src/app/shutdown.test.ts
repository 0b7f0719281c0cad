import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeGracefully } from "../platform/http/draining.js";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../testing/app.js";
import { dialects } from "../testing/databases.js";
import { connectRaw, slowClient } from "../testing/raw-http.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const body = JSON.stringify({ email: "drain@example.org", name: "Drain" });
const upsert = (length: number) =>
  `POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe.each(dialects)("closing the server gracefully on %s", (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  async function listening() {
    t = await createTestApp(dialect);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    return { app: t.app, port: (t.app.server.address() as AddressInfo).port };
  }

  it("answers the request in flight, closes idle keep-alive connections, and does not wait out keep-alive", async () => {
    const { app, port } = await listening();
    // A keep-alive connection that has had its answer and sends nothing more.
    const idle = connectRaw(port);
    idle.socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    // A request in flight: its body arrives in two halves, the second once the drain has begun.
    const inFlight = connectRaw(port);
    inFlight.socket.write(`${upsert(body.length)}${body.slice(0, 10)}`);
    await pause(200);

    const started = performance.now();
    const closing = closeGracefully(app, 10_000);
    await pause(300);
    inFlight.socket.write(body.slice(10));
    const answered = await inFlight.done;
    expect(answered.status).toBe(200);
    expect(answered.response.toLowerCase()).toContain("connection: close");
    expect(answered.response).toContain('"result"');

    expect(await closing).toEqual({ cut: false });
    // Well before the 10 s keep-alive timeout an idle client would otherwise hold the exit for.
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await idle.done).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it("cuts what is still open at the deadline", async () => {
    const { app, port } = await listening();
    const trickle = slowClient(port, upsert(1000), " ", 100);
    await pause(200);
    const started = performance.now();
    expect(await closeGracefully(app, 1500)).toEqual({ cut: true });
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await trickle).status).not.toBe(200);
  });
});
