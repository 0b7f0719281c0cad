import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../../platform/context.js";

/** The buyer's payment pages: choosing an account, manual-transfer instructions, provider hand-off. */
export function paymentPages(_ctx: AppContext) {
  return async (_app: FastifyInstance) => {};
}
