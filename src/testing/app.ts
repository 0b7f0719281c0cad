import path from "node:path";
import { pino } from "pino";
import { type App, buildApp } from "../app/app.js";
import { jobHandlersFor } from "../app/boot.js";
import { ticketSigner } from "../modules/credentials/secrets.js";
import { loadConfig } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import type { Dialect } from "../platform/db/index.js";
import { createWorker, type Worker } from "../platform/jobs/worker.js";
import { createMailer } from "../platform/mail/mailer.js";
import { setOutboundPolicy } from "../platform/outbound.js";
import { loadOrCreateSecrets } from "../platform/secrets.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

export interface TestApp {
  app: App;
  ctx: AppContext;
  database: TestDatabase;
  worker: Worker;
  close(): Promise<void>;
}

/** The real application on a fresh database of the given dialect, driven with app.inject(). */
export async function createTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: { logLines?: string[] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig({
    DATA_DIR: database.dataDir,
    TESSERA_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: "silent",
    JOB_POLL_MS: "0",
    // The fake BigBlueButton, shops, wallet provider and PayPal listen on 127.0.0.1.
    OUTBOUND_ALLOW: "127.0.0.1",
    ...env,
  });
  setOutboundPolicy(config.outboundAllow);
  const sink = options.logLines;
  const log = sink
    ? pino({ level: "info" }, { write: (line: string) => void sink.push(line) })
    : pino({ level: config.logLevel });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: path.join(database.dataDir, "outbox"),
    timeoutMs: config.smtpTimeoutMs,
  });
  const secrets = await loadOrCreateSecrets(database.db, database.dataDir);
  const jobHandlers = jobHandlersFor({ config, db: database.db, secrets, mailer });
  const ctx: AppContext = {
    config,
    db: database.db,
    secrets,
    signer: ticketSigner(secrets.signingPrivateKey),
    mailer,
    jobHandlers,
    sweeps: [],
    log,
  };
  const app = await buildApp(ctx);
  await app.ready();
  const worker = createWorker(database.db, jobHandlers, log);
  return {
    app,
    ctx,
    database,
    worker,
    async close() {
      await worker.stop();
      await app.close();
      mailer.close();
      await database.drop();
    },
  };
}

/** Cookie jar + CSRF for driving HTML forms through app.inject(). */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly app: App) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(setCookie: string | string[] | undefined) {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: "GET",
      url,
      headers: { accept: "text/html", cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res.headers["set-cookie"]);
    return res;
  }

  /** Loads `formPage` for its CSRF token, then posts the form fields to `action`. */
  async submit(formPage: string, action: string, fields: Record<string, string>) {
    const page = await this.get(formPage);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error(`no CSRF token on ${formPage}`);
    const res = await this.app.inject({
      method: "POST",
      url: action,
      headers: {
        accept: "text/html",
        cookie: this.cookieHeader(),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    });
    this.remember(res.headers["set-cookie"]);
    return res;
  }
}
