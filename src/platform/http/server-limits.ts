import type { Server } from "node:http";
import type { FastifyHttpOptions } from "fastify";
import type { Config } from "../config.js";
import { answerClientError } from "./client-errors.js";

/** What a JSON or form body may weigh; routes that take files or CSV set their own, larger limit. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** CSV imports (accounts, guest-card forms) as text, as JSON or as a form field (which percent-encoding inflates). */
export const CSV_IMPORT_BODY_LIMIT = 10 * 1024 * 1024;
// Node's default, set here so that it is a decision: cookies plus a room link's JWT fit many times over.
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The HTTP server's limits (Fastify's defaults leave the request timeout off and keep idle connections
 * for 72 s). A client gets `headersTimeout` for its request line and headers and `requestTimeout` for
 * the whole request with its body (uploads of up to 20 MiB must arrive within it); then it gets a 408
 * and the connection is closed, so slow-loris clients hold a connection for seconds, not forever.
 * A connection on which nothing moves for `requestTimeout` (a client that stopped reading its answer)
 * is closed too. Idle keep-alive connections are closed after `keepAliveTimeout`.
 */
export function serverLimits(limits: Config["http"]) {
  return {
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      // Node looks for expired requests only this often (30 s by default, which would triple a 10 s limit).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.headersTimeoutMs / 4)),
    },
    // A request that arrives on an open connection while we drain is served (the database is still
    // there) with `Connection: close`, rather than refused with a 503 the client would have to retry.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
  } satisfies FastifyHttpOptions<Server>;
}
