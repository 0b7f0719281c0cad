import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../platform/context.js";

export function exportRoutes(_ctx: AppContext) {
  return async (_app: FastifyInstance) => {};
}
