import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { floodClient, type RawOutcome, slowClient } from "../testing/raw-http.js";
import { recordFault } from "../testing/reliability.js";

beforeAll(() => ensureBuilt(), 120_000);

// Shorter than the defaults (10 s, 60 s) so that the suite waits seconds, not a minute.
const HEADERS_S = 5;
const REQUEST_S = 8;
const SLOW = 200;
const MiB = 1024 * 1024;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tenths = (n: number) => Math.round(n * 10) / 10;
const head = (line: string, headers = "") => `${line} HTTP/1.1\r\nHost: localhost\r\n${headers}`;

/** Opens `n` clients in small batches (a burst of handshakes is not what is being measured). */
async function open(n: number, client: () => Promise<RawOutcome>) {
  const all: Promise<RawOutcome>[] = [];
  for (let i = 0; i < n; i++) {
    all.push(client());
    if (i % 20 === 19) await pause(20);
  }
  return all;
}

describe("HTTP abuse against a server process", () => {
  let server: ServerProcess;
  let port: number;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-abuse-"));
  beforeAll(async () => {
    server = await startServer({
      DATA_DIR: dataDir,
      JOB_POLL_MS: "0",
      HTTP_HEADERS_TIMEOUT: String(HEADERS_S),
      HTTP_REQUEST_TIMEOUT: String(REQUEST_S),
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`cuts ${SLOW} slow-loris clients after the headers timeout while /healthz keeps answering`, async () => {
    // A header byte a second, never ending the headers.
    const slow = await open(SLOW, () => slowClient(port, head("GET /healthz", "X-Slow: "), "x", 1000));
    await pause(500);
    const times: number[] = [];
    const statuses = new Set<number>();
    while (times.length < 100) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
      statuses.add(res.status);
    }
    const cut = await Promise.all(slow);
    times.sort((a, b) => a - b);
    const p99 = Math.round(times[Math.ceil(times.length * 0.99) - 1] ?? 0);
    const slowest = Math.max(...cut.map((c) => c.ms));
    const cutWith408 = cut.filter((c) => c.status === 408).length;
    recordFault({
      scenario: "Slow and oversized requests",
      database: "—",
      fault: `${SLOW} connections sending a header byte a second (HTTP_HEADERS_TIMEOUT=${HEADERS_S})`,
      figures: {
        connections: SLOW,
        "cut with 408": cutWith408,
        "seconds until the last cut": tenths(slowest / 1000),
        "/healthz p99 ms meanwhile": p99,
      },
      outcome: "every slow-loris connection cut after the headers timeout; /healthz answered 200 throughout",
    });
    expect([...statuses]).toEqual([200]);
    expect(p99).toBeLessThan(2000);
    expect(cutWith408).toBe(SLOW);
    expect(slowest).toBeLessThan((HEADERS_S + 3) * 1000);
  });

  it("cuts bodies that trickle in after the request timeout", async () => {
    const headers = "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
    const trickle = await open(50, () => slowClient(port, head("POST /api/v1/users", headers), " ", 1000));
    const cut = await Promise.all(trickle);
    const slowest = Math.max(...cut.map((c) => c.ms));
    const cutWith408 = cut.filter((c) => c.status === 408).length;
    recordFault({
      scenario: "Slow and oversized requests",
      database: "—",
      fault: `50 requests whose body arrives a byte a second (HTTP_REQUEST_TIMEOUT=${REQUEST_S})`,
      figures: {
        connections: 50,
        "cut with 408": cutWith408,
        "seconds until the last cut": tenths(slowest / 1000),
      },
      outcome: "every trickling request cut after the request timeout",
    });
    expect(cutWith408).toBe(50);
    expect(slowest).toBeLessThan((REQUEST_S + 3) * 1000);
  });

  it("answers a 50 MiB JSON body with a 413 and closes without reading it", async () => {
    const headers = `Content-Type: application/json\r\nContent-Length: ${50 * MiB}\r\n\r\n`;
    const raw = await floodClient(port, head("POST /api/v1/users", headers), 50 * MiB);
    recordFault({
      scenario: "Slow and oversized requests",
      database: "—",
      fault: "a 50 MiB JSON body sent as fast as the server takes it (limit 256 KiB)",
      figures: {
        status: raw.status ?? "none",
        "MiB the client wrote before the close": tenths(raw.sent / MiB),
        ms: raw.ms,
      },
      outcome: "413 payload_too_large at once, connection closed, the body never read",
    });
    expect(raw.status).toBe(413);
    expect(raw.response).toContain('"code":"payload_too_large"');
    expect(raw.sent).toBeLessThan(50 * MiB);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
