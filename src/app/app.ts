import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { apiRoutes } from "../api/index.js";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { installAuth } from "./auth-hook.js";
import "../platform/http/request.js";
import { installConnectionClose } from "../platform/http/draining.js";
import { installIdempotency } from "../platform/http/idempotency.js";
import { withIdempotencyKeys } from "../platform/http/idempotency-openapi.js";
import { platformRoutes } from "../platform/http/platform-routes.js";
import { installSecurityHeaders } from "../platform/http/security-headers.js";
import { serverLimits } from "../platform/http/server-limits.js";
import { installErrorHandling, sendError } from "../web/common/error-pages.js";
import { webPages } from "../web/index.js";

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
// The few static files pages use, read once at start.
const JS = "text/javascript; charset=utf-8";
const ASSETS = new Map(
  Object.entries<[type: string, file: string]>({
    "app.css": ["text/css; charset=utf-8", "public/app.css"],
    "upload.js": [JS, "public/upload.js"],
    "slug.js": [JS, "public/slug.js"],
    "favicon.ico": ["image/x-icon", "public/favicon.ico"],
    "exports.js": [JS, "public/exports.js"],
    "lydia.js": [JS, "public/lydia.js"],
    "scanner.js": [JS, "public/scanner.js"],
    "live-ticket.js": [JS, "public/live-ticket.js"],
    "waiting-room.js": [JS, "public/waiting-room.js"],
    // The scanner's QR decoder, served from the package so that the door works on a closed network.
    "jsqr.js": [JS, "node_modules/jsqr/dist/jsQR.js"],
  }).map(([name, [type, file]]) => [name, { type, body: fs.readFileSync(path.join(PROJECT_ROOT, file)) }]),
);

// The door's decision as the build compiled it (ES modules in dist/): the offline scanner imports the
// very code redeem runs, `/assets/door/checkin/decision.js` and the module it imports, read once at start.
const DOOR_MODULES = ["checkin/decision.js", "credentials/rotating-code.js"];
const DOOR = new Map(
  DOOR_MODULES.flatMap((name) => {
    const file = path.join(PROJECT_ROOT, "dist/modules", name);
    if (!fs.existsSync(file)) return [];
    const body = fs.readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n");
    return [[name, body] as const];
  }),
);

export type App = FastifyInstance;

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.log,
    // We log our own line per request with the route pattern, never the raw URL (tokens live in URLs).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    ...serverLimits(ctx.config.http),
    // Room links carry a JWT in the path (about 200 characters).
    routerOptions: { maxParamLength: 1000 },
    ajv: { customOptions: { allErrors: true, coerceTypes: "array", removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installConnectionClose(app);
  app.addHook("onResponse", async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? "(unmatched)",
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });

  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Same-origin by default; embeddable pages (later modules) relax frame-ancestors per organizer.
    frameguard: { action: "deny" },
  });
  // An empty JSON body (curl -X POST -H 'content-type: application/json') means "nothing", not an error;
  // anything else goes through Fastify's own parser (prototype-poisoning protection included).
  const parseJson = app.getDefaultJsonParser("error", "ignore");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (typeof body === "string" && body.trim() === "") return done(null, undefined);
    parseJson(req, body as string, done);
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Tessera API",
        version: "1",
        description:
          'Ticketing and admission. Errors: {"error":{"code","message","details"}}. Every write accepts an ' +
          "Idempotency-Key header: a retry with the same key and request gets the first answer again.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "API token or TESSERA_ADMIN_TOKEN" },
        },
      },
      security: [{ bearer: [] }],
    },
    transformObject: (doc) =>
      "openapiObject" in doc ? withIdempotencyKeys(doc.openapiObject) : doc.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  installAuth(app, ctx);
  // After installAuth: its preHandler (CSRF) refuses before a key is claimed.
  installIdempotency(app, ctx.db);
  installErrorHandling(app);

  app.get<{ Params: { name: string } }>("/assets/:name", { schema: { hide: true } }, (req, reply) => {
    const asset = ASSETS.get(req.params.name);
    if (!asset) return sendError(req, reply, notFound("Asset"));
    return reply.type(asset.type).header("cache-control", "public, max-age=3600").send(asset.body);
  });
  // Browsers ask for it on every page, linked or not (the layout links it too).
  app.get("/favicon.ico", { schema: { hide: true } }, (_req, reply) =>
    reply
      .type("image/x-icon")
      .header("cache-control", "public, max-age=86400")
      .send(ASSETS.get("favicon.ico")?.body),
  );
  if (DOOR.size < DOOR_MODULES.length)
    ctx.log.warn("dist/ lacks the door's decision (npm run build): the scanner cannot decide offline");
  app.get<{ Params: { "*": string } }>("/assets/door/*", { schema: { hide: true } }, (req, reply) => {
    const body = DOOR.get(req.params["*"]);
    if (body === undefined) return sendError(req, reply, notFound("Asset"));
    return reply.type(JS).header("cache-control", "no-cache").send(body);
  });
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, () => app.swagger());

  await app.register(platformRoutes(ctx));
  await apiRoutes(app, ctx);
  await webPages(app, ctx);
  return app;
}
