import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../app/app.js";

export const CLI = path.join(PROJECT_ROOT, "dist", "cli.js");

/** Process tests run the production build; `npm test` builds it first, a lone vitest run builds it here. */
export function ensureBuilt() {
  if (fs.existsSync(CLI)) return;
  execFileSync(
    process.execPath,
    [path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
    },
  );
}

export interface ServerProcess {
  url: string;
  setupLink: string | undefined;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  child: ChildProcess;
}

export function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: "warn", OUTBOUND_ALLOW: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** Starts `tessera serve` and waits for the line that gives its URL. */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve"], {
      env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", OUTBOUND_ALLOW: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d;
      const url = /Tessera is running: (\S+)/.exec(output)?.[1];
      if (
        url &&
        output.includes("Database:") &&
        /\n\n/.test(output.slice(output.indexOf("Tessera is running")))
      ) {
        clearTimeout(timer);
        resolve({
          url,
          setupLink: /one-time link to create one: (\S+)/.exec(output)?.[1],
          output: () => output,
          child,
          stop: (signal = "SIGTERM") => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => {
      output += d;
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

/** A tiny cookie-keeping fetch client for real HTTP against a running server. */
export class HttpClient {
  cookies = new Map<string, string>();
  constructor(public base: string) {}

  async request(pathname: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (!headers.has("accept")) headers.set("accept", "text/html");
    const res = await fetch(this.base + pathname, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1);
      if (value) this.cookies.set(pair.slice(0, eq), value);
      else this.cookies.delete(pair.slice(0, eq));
    }
    return res;
  }

  async submit(pathname: string, fields: Record<string, string>, formPage = pathname) {
    const page = await (await this.request(formPage)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    return this.request(pathname, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    });
  }
}
