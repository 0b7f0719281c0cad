import dns, { type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";

/**
 * Every call the platform makes to a URL an organizer configured (BigBlueButton, an external ticket
 * shop, a wallet provider, webhook endpoints, payment verification) goes through here, so that a
 * full-level admin cannot make the server reach its own network: loopback, private, link-local,
 * carrier-grade NAT, documentation, multicast and other special ranges are refused unless the
 * platform admin names the host in OUTBOUND_ALLOW. Names are checked when the connection is made
 * (the address actually dialled, so a name that re-resolves to 10.0.0.1 after the admin saved it is
 * refused too); redirects are not followed; bodies are read up to a cap.
 */
export interface OutboundPolicy {
  /** Hosts (as written in URLs: a name, an IPv4 address or a bracketless IPv6 address) allowed as they are. */
  allowHosts: ReadonlySet<string>;
  /** The resolver (dns.lookup unless a test maps names itself). */
  lookup?: typeof dns.lookup;
}

export class OutboundRefused extends Error {
  readonly code = "url_not_allowed";
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

// Two lists: a BlockList also matches IPv4 addresses against IPv6 rules for ::ffff:0:0/96.
const SPECIAL_V4 = new BlockList();
const SPECIAL_V6 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  SPECIAL_V4.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127], // unspecified and loopback
  ["::ffff:0:0", 96], // IPv4-mapped: would reach any IPv4 address, private ones included
  ["64:ff9b::", 96], // NAT64
  ["100::", 64],
  ["2001::", 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ["2001:db8::", 32],
  ["2002::", 16], // 6to4 embeds an IPv4 address
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  SPECIAL_V6.addSubnet(network, prefix, "ipv6");

/** Whether an IP address lies in a range the platform never calls on an organizer's behalf. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return family === 4 ? SPECIAL_V4.check(address, "ipv4") : SPECIAL_V6.check(address, "ipv6");
}

let processPolicy: OutboundPolicy = { allowHosts: new Set() };

/**
 * One egress policy per process, like a firewall rule: set once when the context is built from
 * OUTBOUND_ALLOW, read by every outbound call (the clients are called from many places that have no
 * reason to carry it).
 */
export function setOutboundPolicy(allowHosts: readonly string[]): void {
  processPolicy = { allowHosts: new Set(allowHosts.map(normalHost)) };
}

const normalHost = (host: string) =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");

/** The URL parsed, or why it may not be called: http(s) only, no credentials, no special address. */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy = processPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused("must be an http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundRefused("must be an http(s) URL");
  if (url.username || url.password) throw new OutboundRefused("Addresses with credentials are not accepted");
  const host = normalHost(url.hostname);
  if (policy.allowHosts.has(host)) return url;
  // RFC 6761: localhost is loopback whatever a resolver says.
  if (host === "localhost" || host.endsWith(".localhost"))
    throw new OutboundRefused("The address points into the server's own network");
  if (isIP(host) !== 0 && isSpecialAddress(host))
    throw new OutboundRefused("The address points into the server's own network");
  return url;
}

function guardedLookup(policy: OutboundPolicy): NonNullable<http.RequestOptions["lookup"]> {
  return (hostname, options, callback) => {
    (policy.lookup ?? dns.lookup)(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const allowed = policy.allowHosts.has(normalHost(hostname));
      const refused = addresses.find((a) => isSpecialAddress(a.address));
      if (refused && !allowed)
        return callback(new OutboundRefused("The address points into the server's own network"), "", 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`No address for ${hostname}`), "", 4);
      callback(null, first.address, first.family);
    });
  };
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, connection to last byte. */
  timeoutMs: number;
  /** The most of the answer's body that is read; a longer answer is an error. */
  maxBytes?: number;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A fetch-shaped call under the policy. Network failures, refusals, the deadline (an error named
 * TimeoutError) and an oversized answer reject; any HTTP status resolves, redirects included
 * (not followed: a 3xx is the caller's answer).
 */
export function outboundFetch(
  raw: string,
  request: OutboundRequest,
  policy: OutboundPolicy = processPolicy,
): Promise<Response> {
  let url: URL;
  try {
    url = checkOutboundUrl(raw, policy);
  } catch (error) {
    return Promise.reject(error);
  }
  const maxBytes = request.maxBytes ?? 1024 * 1024;
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: request.method ?? "GET",
      headers: {
        "user-agent": "Tessera",
        ...request.headers,
        ...(request.body === undefined ? {} : { "content-length": String(Buffer.byteLength(request.body)) }),
      },
      lookup: guardedLookup(policy),
    });
    const deadline = setTimeout(() => {
      const timeout = new Error(`No complete answer within ${request.timeoutMs} ms`);
      timeout.name = "TimeoutError";
      req.destroy(timeout);
    }, request.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(deadline);
      reject(error);
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new Error(`The answer is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("error", fail);
      res.on("end", () => {
        clearTimeout(deadline);
        const status = res.statusCode ?? 502;
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        const body = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status: status < 200 ? 502 : status, headers }));
      });
    });
    req.end(request.body);
  });
}
