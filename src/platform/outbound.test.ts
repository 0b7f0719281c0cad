import type dns from "node:dns";
import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkOutboundUrl,
  isSpecialAddress,
  type OutboundPolicy,
  OutboundRefused,
  outboundFetch,
} from "./outbound.js";

const nothingAllowed: OutboundPolicy = { allowHosts: new Set() };
const loopbackAllowed: OutboundPolicy = { allowHosts: new Set(["127.0.0.1"]) };

describe("outbound address policy", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "fd00::1",
    "fe80::1",
    "2002:a00:1::",
    "not an address",
  ])("%s is special", (address) => {
    expect(isSpecialAddress(address)).toBe(true);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111"])("%s is public", (address) => {
    expect(isSpecialAddress(address)).toBe(false);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://[::1]:22/",
    "http://localhost:5432/",
    "http://shop.localhost/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/", // 127.0.0.1 written as one number: URL parsing normalizes it
    "http://0x7f.1/",
    "ftp://example.org/",
    "file:///etc/passwd",
    "http://user:pass@example.org/",
    "not a url",
  ])("refuses %s", (url) => {
    expect(() => checkOutboundUrl(url, nothingAllowed)).toThrow(OutboundRefused);
  });

  it("accepts public names and the hosts the platform admin allows", () => {
    expect(checkOutboundUrl("https://bbb.example.org/bigbluebutton/api/", nothingAllowed).host).toBe(
      "bbb.example.org",
    );
    expect(checkOutboundUrl("http://127.0.0.1:8080/x", loopbackAllowed).port).toBe("8080");
    // The allow-list names hosts as written: allowing 127.0.0.1 does not allow "localhost".
    expect(() => checkOutboundUrl("http://localhost:8080/", loopbackAllowed)).toThrow(OutboundRefused);
  });
});

describe("outbound calls", () => {
  const seen: string[] = [];
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url === "/big") {
        res.write(Buffer.alloc(600 * 1024, "a"));
        res.end(Buffer.alloc(600 * 1024, "b"));
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      } else if (req.url === "/hang") {
        // never answers
      } else {
        let body = "";
        req.on("data", (c) => {
          body += c;
        });
        req.on("end", () =>
          res.writeHead(200, { "content-type": "text/plain" }).end(`${req.method} ${body}`),
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("calls an allowed host and returns a fetch Response", async () => {
    const res = await outboundFetch(
      `http://127.0.0.1:${port}/echo`,
      { method: "POST", body: "a=1", timeoutMs: 2000 },
      loopbackAllowed,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("POST a=1");
  });

  it("refuses the server's own network before connecting, whatever the URL spells", async () => {
    const before = seen.length;
    for (const url of [
      `http://127.0.0.1:${port}/x`,
      `http://localhost:${port}/x`,
      `http://[::1]:${port}/x`,
    ]) {
      await expect(outboundFetch(url, { timeoutMs: 2000 }, nothingAllowed)).rejects.toBeInstanceOf(
        OutboundRefused,
      );
    }
    expect(seen.length).toBe(before);
  });

  it("checks the address a name resolves to when it connects (a name re-pointed after it was saved)", async () => {
    // A resolver that says shop.test is 127.0.0.1, as a DNS record changed to a private address would.
    const lookup = ((_host: string, _options: object, callback: (e: null, a: LookupAddress[]) => void) =>
      callback(null, [{ address: "127.0.0.1", family: 4 }])) as unknown as typeof dns.lookup;
    const url = `http://shop.test:${port}/named`;
    expect(checkOutboundUrl(url, nothingAllowed).hostname).toBe("shop.test");
    const before = seen.length;
    await expect(
      outboundFetch(url, { timeoutMs: 2000 }, { ...nothingAllowed, lookup }),
    ).rejects.toBeInstanceOf(OutboundRefused);
    expect(seen.length).toBe(before);
    const allowed = await outboundFetch(
      url,
      { timeoutMs: 2000 },
      { allowHosts: new Set(["shop.test"]), lookup },
    );
    expect(allowed.status).toBe(200);
    expect(seen.at(-1)).toBe("/named");
  });

  it("does not follow redirects", async () => {
    const res = await outboundFetch(
      `http://127.0.0.1:${port}/redirect`,
      { timeoutMs: 2000 },
      loopbackAllowed,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("169.254.169.254");
  });

  it("reads no more than the cap", async () => {
    await expect(
      outboundFetch(
        `http://127.0.0.1:${port}/big`,
        { timeoutMs: 2000, maxBytes: 1024 * 1024 },
        loopbackAllowed,
      ),
    ).rejects.toThrow(/larger than/);
    const res = await outboundFetch(
      `http://127.0.0.1:${port}/big`,
      { timeoutMs: 2000, maxBytes: 2 * 1024 * 1024 },
      loopbackAllowed,
    );
    expect((await res.arrayBuffer()).byteLength).toBe(1200 * 1024);
  });

  it("gives up at the deadline with a TimeoutError", async () => {
    const error = await outboundFetch(
      `http://127.0.0.1:${port}/hang`,
      { timeoutMs: 300 },
      loopbackAllowed,
    ).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("TimeoutError");
  });
});
