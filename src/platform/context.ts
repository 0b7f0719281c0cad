import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import type { Db } from "./db/index.js";
import type { JobHandler } from "./jobs/queue.js";
import type { Sweep } from "./jobs/worker.js";
import type { Mailer } from "./mail/mailer.js";
import type { PlatformSecrets } from "./secrets.js";

/** Everything a service may need, passed explicitly; no module reaches for globals. */
export interface AppContext {
  config: Config;
  db: Db;
  secrets: PlatformSecrets;
  /** Issues offline-verifiable ticket secrets (Ed25519, one key per event). */
  signer: TicketSigner;
  mailer: Mailer;
  jobHandlers: Map<string, JobHandler>;
  sweeps: Sweep[];
  log: FastifyBaseLogger;
}

/**
 * Issues ticket secrets (modules/credentials implements it): declared here so that the context a
 * service receives names no module.
 */
export interface TicketSigner {
  issue(eventId: number): string;
  /** The event's public key, raw 32 bytes as base64url: what an offline scanner downloads. */
  publicKey(eventId: number): string;
}
