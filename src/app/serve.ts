import { createSetupToken, hasPlatformAdmin } from "../modules/accounts/service.js";
import { ORDER_MAIL_JOB } from "../modules/orders/mails.js";
import type { Config } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import { closeGracefully } from "../platform/http/draining.js";
import { createWorker } from "../platform/jobs/worker.js";
import { SEND_MAIL_JOB } from "../platform/mail/jobs.js";
import { buildApp } from "./app.js";
import { closeContext, createContext } from "./boot.js";

/** What the person who started Tessera reads: where it runs, and the setup link while there is no admin. */
export async function announce(ctx: AppContext, port: number) {
  const { config } = ctx;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  const lines = [
    `Tessera is running: ${url}`,
    `Database: ${ctx.db.dialect}${ctx.db.dialect === "sqlite" ? ` (${config.dataDir})` : ""}`,
  ];
  if (config.processes > 1) lines.push(`Processes: ${config.processes}`);
  if (!(await hasPlatformAdmin(ctx.db))) {
    const token = await createSetupToken(ctx.db);
    lines.push(`No administrator yet. Open this one-time link to create one: ${url}/setup/${token}`);
  }
  // Plain stdout for the person who started it; the structured log stays free of links with secrets.
  process.stdout.write(`\n${lines.join("\n")}\n\n`);
  return url;
}

/** One server process; `quiet` when it is one of several a cluster primary announces. */
export async function serve(config: Config, options: { quiet?: boolean } = {}) {
  const ctx = await createContext(config, { serving: true });
  // Last line of defence: a promise nobody awaited must not take the whole platform down with it.
  // Its kind only: a rejection's message may echo input.
  process.on("unhandledRejection", (reason) => {
    ctx.log.error(
      { err: { type: reason instanceof Error ? reason.name : typeof reason } },
      "unhandled rejection",
    );
  });
  const app = await buildApp(ctx);
  // Mail in a lane of its own: an SMTP server that hangs holds up mail only, not exports or payments.
  const worker = createWorker(ctx.db, ctx.jobHandlers, ctx.log, ctx.sweeps, [
    [SEND_MAIL_JOB, ORDER_MAIL_JOB],
  ]);
  await app.listen({ port: config.port, host: config.host });
  worker.start(config.jobPollMs);
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  if (!options.quiet) await announce(ctx, port);

  let stopping = false;
  // SIGTERM (a deploy, a supervisor): stop accepting, let requests and the job in flight finish, close
  // the database, exit 0. Whatever hangs past the deadline (and 5 s to close) ends the process with 1.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const deadlineMs = config.http.shutdownTimeoutMs;
    setTimeout(() => {
      ctx.log.error({ deadlineMs }, "shutdown did not finish in time");
      process.exit(1);
    }, deadlineMs + 5000).unref();
    try {
      const [{ cut }] = await Promise.all([closeGracefully(app, deadlineMs), worker.stop()]);
      if (cut) ctx.log.warn({ deadlineMs }, "requests still open at SHUTDOWN_TIMEOUT were cut");
      await closeContext(ctx);
    } catch (error) {
      ctx.log.error({ err: { type: (error as Error).name } }, "shutdown failed");
      process.exit(1);
    }
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return { app, ctx, port };
}
