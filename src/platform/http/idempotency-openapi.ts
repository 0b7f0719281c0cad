import { ErrorResponse } from "./schemas.js";

/**
 * Documents Idempotency-Key on every write operation of the generated OpenAPI document. Done on the
 * finished document rather than in the route schemas: a headers schema there would make Fastify
 * validate headers on every route.
 */

const WRITE_METHODS = ["post", "put", "patch", "delete"];

const PARAMETER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", minLength: 1, maxLength: 255 },
  description:
    "Makes a retry safe: the same key with the same request (method, URL, body) within 24 hours returns " +
    "the first answer again (status, body, `Idempotent-Replayed: true`) and does the work once. Per " +
    "caller and endpoint; 1–255 printable ASCII characters, e.g. a random UUID (anonymous callers share " +
    'one scope, so their keys must be random). The draft\'s quoted form ("…") is accepted.',
  example: "8e03978e-40d5-43e8-bc93-6894a57f9324",
};

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const RESPONSES = {
  IdempotencyKeyReused: error("idempotency_key_reused: the Idempotency-Key was used for a different request"),
  IdempotencyInProgress: error(
    "idempotency_in_progress: a request with this Idempotency-Key is still running; retry after Retry-After seconds",
  ),
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const objectAt = (parent: Json, key: string): Json => {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: Json = {};
  parent[key] = created;
  return created;
};

/** The idempotency answer, or its meaning added to the answer the route already documents under that status. */
function mention(responses: Json, status: string, name: keyof typeof RESPONSES) {
  const existing = responses[status];
  if (!isObject(existing)) responses[status] = { $ref: `#/components/responses/${name}` };
  else if (typeof existing.description === "string") {
    const own =
      existing.description === "Default Response"
        ? "The operation's own (its code says which)"
        : existing.description;
    existing.description = `${own}; or ${RESPONSES[name].description}`;
  }
}

export function withIdempotencyKeys<D extends object>(doc: D): D {
  const root = doc as Json;
  const components = objectAt(root, "components");
  objectAt(components, "parameters").IdempotencyKey = PARAMETER;
  Object.assign(objectAt(components, "responses"), RESPONSES);
  // The error shape once, without TypeBox's $id (the document has no schema of that name).
  const { $id: _id, ...errorSchema } = JSON.parse(JSON.stringify(ErrorResponse)) as Json;
  objectAt(components, "schemas").Error = errorSchema;

  for (const item of Object.values(objectAt(root, "paths"))) {
    if (!isObject(item)) continue;
    for (const method of WRITE_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
      operation.parameters = [...parameters, { $ref: "#/components/parameters/IdempotencyKey" }];
      const responses = objectAt(operation, "responses");
      mention(responses, "409", "IdempotencyInProgress");
      mention(responses, "422", "IdempotencyKeyReused");
    }
  }
  return doc;
}
