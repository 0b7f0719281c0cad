import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../../platform/context.js";

export function lydiaRoutes(_ctx: AppContext) {
  return async (_app: FastifyInstance) => {};
}
