import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../testing/app.js";
import { dialects } from "../testing/databases.js";
import { floodClient, type RawOutcome, sendRaw, slowClient } from "../testing/raw-http.js";

// Short limits so that the cuts happen within the test: 1 s for the headers, 2 s for the whole request.
const LIMITS = { HTTP_HEADERS_TIMEOUT: "1", HTTP_REQUEST_TIMEOUT: "2" };
const MiB = 1024 * 1024;
const request = (line: string, headers = "") =>
  `${line} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n${headers}\r\n`;
const postJson = (headers: string) =>
  request("POST /api/v1/users", `Content-Type: application/json\r\n${headers}`);
const errorCode = (raw: RawOutcome) =>
  JSON.parse(raw.response.slice(raw.response.indexOf("\r\n\r\n") + 4)).error.code as string;

describe.each(dialects)("HTTP server limits on %s", (dialect) => {
  let t: TestApp;
  let base: string;
  let port: number;
  const logLines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(dialect, LIMITS, { logLines });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await t?.close();
    // Whatever the clients did, the server never failed on its side.
    const failures = logLines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50 || l.status >= 500);
    expect(failures).toEqual([]);
  });

  it("cuts a client that never finishes its headers after the headers timeout, while others are served", async () => {
    const slow = Array.from({ length: 20 }, () => slowClient(port, request("GET /healthz").slice(0, -2)));
    const idle = slowClient(port, "", "");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    for (const cut of [...(await Promise.all(slow)), await idle]) {
      expect(cut.status).toBe(408);
      expect(errorCode(cut)).toBe("request_timeout");
      expect(cut.ms).toBeLessThan(5000);
    }
  });

  it("cuts a body that trickles in after the request timeout with a 408", async () => {
    const cut = await slowClient(port, postJson("Content-Length: 100000\r\n"), " ");
    expect(cut.status).toBe(408);
    expect(errorCode(cut)).toBe("request_timeout");
    expect(cut.ms).toBeLessThan(6000);
  });

  it("answers a 50 MiB body with a 413 and closes the connection without reading it all", async () => {
    for (const raw of [
      await floodClient(port, postJson(`Content-Length: ${50 * MiB}\r\n`), 50 * MiB),
      await floodClient(port, postJson("Transfer-Encoding: chunked\r\n"), 50 * MiB, true),
    ]) {
      expect(raw.status).toBe(413);
      expect(errorCode(raw)).toBe("payload_too_large");
      expect(raw.response.toLowerCase()).toContain("connection: close");
      expect(raw.sent).toBeLessThan(50 * MiB);
      expect(raw.ms).toBeLessThan(10_000);
    }
  });

  it("refuses malformed framing and oversized headers with a clean 4xx", async () => {
    const cases: [string, number, string][] = [
      [postJson("Content-Length: abc\r\n"), 400, "bad_request"],
      [postJson("Content-Length: 2\r\nContent-Length: 3\r\n"), 400, "bad_request"],
      [postJson("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n"), 400, "bad_request"],
      [request("GET /healthz", `X-Big: ${"a".repeat(20_000)}\r\n`), 431, "headers_too_large"],
      [`${postJson("Content-Length: 100\r\n")}{}`, 400, "bad_request"],
    ];
    for (const [text, status, code] of cases) {
      const raw = await sendRaw(port, text);
      expect(raw.status, text.slice(0, 80)).toBe(status);
      expect(errorCode(raw)).toBe(code);
    }
  });

  it("keeps the small default for JSON and forms, and the larger limit where CSV is imported", async () => {
    const big = "x".repeat(300 * 1024);
    const json = await fetch(`${base}/api/v1/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "a@example.org", name: big }),
    });
    expect(json.status).toBe(413);
    expect((await json.json()).error.code).toBe("payload_too_large");

    const page = await fetch(`${base}/login`, {
      method: "POST",
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      body: `email=${big}`,
    });
    expect(page.status).toBe(413);
    expect(page.headers.get("content-type")).toContain("text/html");

    // 300 KiB of CSV gets past the body limit to the importer, which answers about its columns.
    const csv = await fetch(`${base}/api/v1/users/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "text/csv" },
      body: `nickname\n${big}\n`,
    });
    expect(csv.status).toBe(400);
    expect((await csv.json()).error.code).toBe("invalid_csv");
  });
});
