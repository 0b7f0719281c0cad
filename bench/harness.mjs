// What every bench shares: the production server as a child process, and a load driver.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TOKEN = "bench-admin-token-0000000000000";

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** `node dist/cli.js serve` on a free port; resolves with its URL and a stop(). */
export function startServer(env) {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=<dir>: every server process writes a CPU profile there when it stops.
    const profile = process.env.BENCH_PROFILE
      ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE]
      : [];
    const child = spawn(process.execPath, [...profile, path.join(root, "dist/cli.js"), "serve"], {
      env: {
        ...process.env,
        PORT: "0",
        LOG_LEVEL: "error",
        // The job worker runs, as in production: confirmation mails are written while buyers buy.
        JOB_POLL_MS: "1000",
        TESSERA_ADMIN_TOKEN: TOKEN,
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const url = /Tessera is running: (\S+)/.exec(out)?.[1];
      if (url)
        resolve({
          url,
          peakRssMb: () => peakRssMb(child.pid),
          // SIGTERM, so that a PROCESSES=N primary takes its server processes with it.
          stop: () =>
            new Promise((r) => {
              const hard = setTimeout(() => child.kill("SIGKILL"), 10_000);
              child.once("exit", () => {
                clearTimeout(hard);
                r();
              });
              child.kill("SIGTERM");
            }),
        });
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** The peak resident memory (VmHWM) of a process plus its child processes (PROCESSES=N), in MiB. */
function peakRssMb(pid) {
  let children = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch {
    // pgrep exits 1 when there is no child: a single-process server.
  }
  let kib = 0;
  for (const id of [String(pid), ...children]) {
    const status = fs.readFileSync(`/proc/${id}/status`, "utf8");
    kib += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}

/**
 * `count` requests, `parallel` connections in flight, split over urls; latencies in ms. The load
 * generator is autocannon (raw sockets, its own HTTP parser), not fetch: fetch saturates a core by
 * itself long before the server does. `request(i)` gives the i-th request's method, path, headers
 * and body; each i is used once.
 *
 * Every connection is opened first with one `GET /healthz` (not counted), and the measured requests
 * start only once all of them have been answered. `onBody(i, status, body)`, if given, gets each answer. On this machine a handshake that reaches a busy
 * process is often dropped and retried by the client after 1, 3 or 7 s, whatever the server (a bare
 * Fastify route burning 0.8 ms per request shows it too): without the opening the p99 of a rush
 * measured the sandbox's TCP stack, not the server.
 */
export async function drive(urls, count, parallel, request, onBody) {
  const latencies = [];
  const statuses = new Map();
  const perUrl = Math.max(1, Math.round(parallel / urls.length));
  const opening = opener(perUrl * urls.length);
  let lastSuccess = 0;
  let next = 0;
  await Promise.all(
    urls.map(
      (url, k) =>
        new Promise((resolve, reject) => {
          const instance = autocannon(
            {
              url,
              connections: perUrl,
              amount: Math.floor(count / urls.length) + (k < count % urls.length ? 1 : 0),
              timeout: 60,
              setupClient: opening.setupClient,
              requests: [
                {
                  setupRequest: (req, context) => {
                    context.i = next++;
                    return { ...req, ...request(context.i) };
                  },
                  // `onBody(i, status, body)`: the answer to the i-th request (the opening's is skipped).
                  onResponse: onBody
                    ? (status, body, context) =>
                        body && !body.startsWith('{"status"') && onBody(context.i, status, body)
                    : undefined,
                },
              ],
            },
            (error) => (error ? reject(error) : resolve()),
          );
          instance.on("response", (client, status, _bytes, milliseconds) => {
            if (opening.isOpening(client)) return;
            latencies.push(milliseconds);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status < 300) lastSuccess = performance.now();
          });
        }),
    ),
  );
  const started = await opening.released;
  return {
    seconds: (performance.now() - started) / 1000,
    sellOutSeconds: (lastSuccess - started) / 1000,
    latencies,
    statuses,
  };
}

const OPENING = Buffer.from("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

/**
 * The opening of `connections` autocannon clients: each sends OPENING as its first request, and
 * holds its next one until every client has had its answer. `released` resolves with that moment.
 */
function opener(connections) {
  const held = [];
  const answered = new WeakSet();
  let open = 0;
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  return {
    released,
    isOpening: (client) => {
      if (answered.has(client)) return false;
      answered.add(client);
      return true;
    },
    setupClient(client) {
      const build = client.getRequestBuffer;
      const send = client._doRequest;
      let opened = false;
      let waiting = true;
      client.getRequestBuffer = function () {
        if (opened) return build.call(this);
        opened = true;
        return OPENING;
      };
      client._doRequest = function () {
        if (!opened || !waiting) return send.call(this);
        // The request built before the opening is the first measured one: made count from zero, so
        // that neither an index of `request` nor a request of `amount` goes to the opening.
        held.push(() => {
          this.reqsMade = 0;
          send.call(this);
        });
        waiting = false;
        open++;
        if (open === connections) {
          release(performance.now());
          for (const go of held.splice(0)) go();
        }
      };
    },
  };
}

/** A JSON POST for `drive`. */
export const postJson = (path, body, headers = {}) => ({
  method: "POST",
  path,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
