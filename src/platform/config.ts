import path from "node:path";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… switches to PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl: string | undefined;
  publicUrl: string;
  /** smtp://, smtps:// URL; unset → mails are written as .eml files into dataDir/outbox. */
  smtpUrl: string | undefined;
  /** SMTP_TIMEOUT_MS: connecting (DNS included) and the greeting may take this long; silence mid-mail 3×. */
  smtpTimeoutMs: number;
  mailFrom: string;
  adminToken: string | undefined;
  logLevel: LogLevel;
  /** IANA time zone in which pages show dates (stored times are UTC). */
  timeZone: string;
  /** Worker poll interval; 0 disables the in-process job worker (tests drive it by hand). */
  jobPollMs: number;
  /** Server processes sharing the port (node:cluster); more than one uses more cores, on either database. */
  processes: number;
  /** Guest-card partner API (seed 001): JWT lifetime, failed lookups allowed per 15 minutes. */
  partnerApi: { tokenTtlSeconds: number; failuresPerClient: number; failuresPerAddress: number };
  /**
   * Hosts an organizer's integrations may call although they are in the server's own network
   * (OUTBOUND_ALLOW, comma-separated, e.g. `bbb.intranet.example,10.0.0.5`); everything else in a
   * loopback, private or link-local range is refused (src/platform/outbound.ts).
   */
  outboundAllow: string[];
  /** HTTP server limits, in milliseconds (src/platform/http/server-limits.ts says why each). */
  http: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    shutdownTimeoutMs: number;
  };
}

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export class ConfigError extends Error {}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0-65535, got "${raw}"`);
  return port;
}

function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(`TIME_ZONE must be an IANA time zone such as Europe/Berlin, got "${zone}"`);
  }
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a whole number above 0`);
  return n;
}

function httpLimits(env: NodeJS.ProcessEnv): Config["http"] {
  const seconds = (name: string, fallback: number) => positiveInt(name, env[name], fallback) * 1000;
  const http = {
    headersTimeoutMs: seconds("HTTP_HEADERS_TIMEOUT", 10),
    requestTimeoutMs: seconds("HTTP_REQUEST_TIMEOUT", 60),
    keepAliveTimeoutMs: seconds("HTTP_KEEP_ALIVE_TIMEOUT", 10),
    shutdownTimeoutMs: seconds("SHUTDOWN_TIMEOUT", 10),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs)
    throw new ConfigError("HTTP_HEADERS_TIMEOUT must not exceed HTTP_REQUEST_TIMEOUT");
  return http;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT);
  const host = env.HOST || "127.0.0.1";
  const logLevel = (env.LOG_LEVEL || "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)");
  }
  const displayHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const publicUrl = (env.PUBLIC_URL || `http://${displayHost}:${port}`).replace(/\/+$/, "");
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR || "./data"),
    databaseUrl,
    publicUrl,
    smtpUrl: env.SMTP_URL || undefined,
    smtpTimeoutMs: positiveInt("SMTP_TIMEOUT_MS", env.SMTP_TIMEOUT_MS, 10_000),
    mailFrom: env.MAIL_FROM || "Tessera <tessera@localhost>",
    adminToken: env.TESSERA_ADMIN_TOKEN || undefined,
    logLevel,
    timeZone: checkTimeZone(env.TIME_ZONE || "Europe/Berlin"),
    jobPollMs: env.JOB_POLL_MS === undefined ? 1000 : Number(env.JOB_POLL_MS),
    processes: positiveInt("PROCESSES", env.PROCESSES, 1),
    partnerApi: {
      tokenTtlSeconds: positiveInt("PARTNER_TOKEN_TTL", env.PARTNER_TOKEN_TTL, 300),
      failuresPerClient: positiveInt("PARTNER_FAILURES_PER_CLIENT", env.PARTNER_FAILURES_PER_CLIENT, 200),
      failuresPerAddress: positiveInt("PARTNER_FAILURES_PER_ADDRESS", env.PARTNER_FAILURES_PER_ADDRESS, 30),
    },
    outboundAllow: (env.OUTBOUND_ALLOW ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean),
    http: httpLimits(env),
  };
}
