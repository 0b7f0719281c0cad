#!/usr/bin/env node
import { parseArgs } from "node:util";
import { closeContext, createContext } from "./app/boot.js";
import { serveCluster } from "./app/cluster.js";
import { seedDemo } from "./app/demo.js";
import { serve } from "./app/serve.js";
import { createPlatformAdmin } from "./modules/accounts/service.js";
import { ConfigError, loadConfig } from "./platform/config.js";
import { isDatabaseUnavailable } from "./platform/db/availability.js";
import { isDomainError } from "./platform/errors.js";

const USAGE = `Usage: tessera <command>

  serve                 start the server (PORT, HOST, DATA_DIR, DATABASE_URL, PROCESSES, … from the environment)
  migrate               run database migrations and exit
  create-admin --email E --name N --password P
                        create a platform admin (or promote the account with that e-mail)
  demo                  fill a demo organizer with an event series and dates
`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "serve":
      await (config.processes > 1 ? serveCluster(config) : serve(config));
      return;
    case "migrate": {
      const ctx = await createContext(config);
      await closeContext(ctx);
      console.log(`Migrations are up to date (${ctx.db.dialect}).`);
      return;
    }
    case "create-admin": {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
      });
      const ctx = await createContext(config);
      try {
        await createPlatformAdmin(ctx.db, {
          email: values.email,
          name: values.name ?? "Administrator",
          password: values.password,
        });
        console.log(`Platform admin ${values.email} is ready. Log in at ${config.publicUrl}/login`);
      } finally {
        await closeContext(ctx);
      }
      return;
    }
    case "demo": {
      const ctx = await createContext(config);
      try {
        const summary = await seedDemo(ctx.db);
        console.log(summary);
      } finally {
        await closeContext(ctx);
      }
      return;
    }
    default:
      process.stdout.write(USAGE);
      process.exitCode = command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (isDomainError(error)) console.error(`${error.code}: ${error.message}`);
  else if (isDatabaseUnavailable(error))
    console.error(
      `The database is not reachable (${(error as { code?: string }).code ?? (error as Error).message}); start it or check DATABASE_URL.`,
    );
  else console.error(error);
  process.exit(1);
});
