import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { DEFAULT_BODY_LIMIT, serverLimits } from "./server-limits.js";

describe("HTTP server limits from the environment", () => {
  it("defaults to 10 s for headers, 60 s per request, 10 s keep-alive and a 10 s shutdown", () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 10_000,
      shutdownTimeoutMs: 10_000,
    });
  });

  it("reads seconds, and refuses a headers timeout longer than the request timeout or not a whole number", () => {
    const env = { HTTP_HEADERS_TIMEOUT: "2", HTTP_REQUEST_TIMEOUT: "5", HTTP_KEEP_ALIVE_TIMEOUT: "75" };
    expect(loadConfig(env).http).toMatchObject({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 5000,
      keepAliveTimeoutMs: 75_000,
    });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT: "30", HTTP_REQUEST_TIMEOUT: "20" })).toThrow(ConfigError);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT: "1.5" })).toThrow(ConfigError);
  });

  it("hands Node every limit, checking for expired requests often enough to keep them", () => {
    const options = serverLimits(loadConfig({ HTTP_HEADERS_TIMEOUT: "2" }).http);
    expect(options).toMatchObject({
      bodyLimit: DEFAULT_BODY_LIMIT,
      requestTimeout: 60_000,
      connectionTimeout: 60_000,
      keepAliveTimeout: 10_000,
      http: { headersTimeout: 2000, maxHeaderSize: 16 * 1024, connectionsCheckingInterval: 500 },
    });
  });
});
