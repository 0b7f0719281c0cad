// What every bench shares: the production server as a child process, and a load driver.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TOKEN = "bench-admin-token-0000000000000";

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** `node dist/cli.js serve` on a free port; resolves with its URL and a stop(). */
export function startServer(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "dist/cli.js"), "serve"], {
      env: {
        ...process.env,
        PORT: "0",
        LOG_LEVEL: "error",
        JOB_POLL_MS: "0",
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
          stop: () =>
            new Promise((r) => {
              child.once("exit", r);
              child.kill("SIGKILL");
            }),
        });
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** `count` requests, `parallel` in flight, round robin over urls; latencies in ms. */
export async function drive(urls, count, parallel, request) {
  const latencies = [];
  const statuses = new Map();
  let lastSuccess = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const res = await request(urls[i % urls.length], i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status < 300) lastSuccess = performance.now();
      }
    }),
  );
  return {
    seconds: (performance.now() - started) / 1000,
    sellOutSeconds: (lastSuccess - started) / 1000,
    latencies,
    statuses,
  };
}
