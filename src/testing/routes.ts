import dc from "node:diagnostics_channel";
import type { FastifyInstance, RouteOptions } from "fastify";

/** One registered route as Fastify saw it: its method, its pattern and the schema it validates with. */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: {
    body?: JsonSchema;
    querystring?: JsonSchema;
    consumes?: string[];
    hide?: boolean;
  };
}

/** The slice of JSON Schema (as TypeBox writes it) the minimal values need. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  pattern?: string;
  format?: string;
}

/**
 * Every route the app registers, pages and API alike, caught as Fastify registers them: the
 * `fastify.initialization` channel announces the instance before any plugin runs, so an onRoute
 * hook sees every route (HEAD twins left out).
 */
export async function collectRoutes<T>(
  build: () => Promise<T>,
): Promise<{ built: T; routes: RegisteredRoute[] }> {
  const routes: RegisteredRoute[] = [];
  let taken = false;
  const listen = (message: unknown) => {
    if (taken) return;
    taken = true;
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook("onRoute", (route: RouteOptions) => {
      for (const method of ([] as string[]).concat(route.method))
        if (method !== "HEAD")
          routes.push({ method, url: route.url, schema: (route.schema ?? {}) as RegisteredRoute["schema"] });
    });
  };
  dc.subscribe("fastify.initialization", listen);
  try {
    return { built: await build(), routes };
  } finally {
    dc.unsubscribe("fastify.initialization", listen);
  }
}

const STRING_CANDIDATES = ["x", "1", "1.00", "2031-01-01", "2031-01-01T10:00:00Z", "ab"];

/**
 * The smallest value a schema accepts: required properties only, the first choice of a union, the
 * lowest number. A string pattern the candidates do not satisfy is an error naming it, so the table
 * gives that route a body of its own.
 */
export function minimalValue(schema: JsonSchema, path = "body"): unknown {
  if ("const" in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) {
    const usable = choices.filter((c) => c.type !== "null");
    for (const choice of usable) {
      try {
        return minimalValue(choice, path);
      } catch {}
    }
    throw new Error(`${path}: no choice of the union could be made up`);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? [])
        out[key] = minimalValue(schema.properties?.[key] ?? {}, `${path}.${key}`);
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, (_, i) =>
        minimalValue(schema.items ?? {}, `${path}[${i}]`),
      );
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return false;
    case "null":
      return null;
    case "string": {
      if (schema.format === "email") return "matrix@example.org";
      if (schema.format === "date-time") return "2031-01-01T10:00:00Z";
      if (schema.format === "date") return "2031-01-01";
      const pattern = schema.pattern ? new RegExp(schema.pattern, "u") : undefined;
      const candidates = STRING_CANDIDATES.map((c) => c.padEnd(schema.minLength ?? 0, "x"));
      const found = candidates.find((c) => !pattern || pattern.test(c));
      if (found === undefined) throw new Error(`${path}: no string matches ${schema.pattern}`);
      return found;
    }
    default:
      return "x";
  }
}

/** The path with each parameter replaced: `values(name, segmentBefore)` says what to put. */
export function fillPath(url: string, value: (param: string, before: string) => string): string {
  const parts = url.split("/");
  return parts
    .map((part, i) => {
      if (part === "*") return value("*", parts[i - 1] ?? "");
      if (!part.startsWith(":")) return part;
      return encodeURIComponent(value(part.slice(1), parts[i - 1] ?? ""));
    })
    .join("/");
}
