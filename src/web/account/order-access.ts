import type { FastifyRequest } from "fastify";
import { orderLinkSigner } from "../../modules/orders/guest-links.js";
import type { Actor } from "../../platform/auth/actor.js";
import type { AppContext } from "../../platform/context.js";

/**
 * A buyer reaches their order two ways: logged in, under /account/orders/<code>, or (booked as a guest)
 * through the signed link of the confirmation mail, /orders/<token>. The order pages (view, information,
 * cancel, pay) are the same under both; only who the buyer is and the address differ.
 */
export const ORDER_PREFIXES = ["/account/orders/:code", "/orders/:token"] as const;

export type OrderAccessParams = { code?: string; token?: string };

export interface OrderAccess {
  /** Who acts: the logged-in user, or the holder of the guest link (that order only). */
  actor: Actor;
  code: string;
  /** The order page's address: every link and form of its pages hangs below it. */
  base: string;
  guest: boolean;
}

export function orderAccess(ctx: AppContext) {
  const links = orderLinkSigner(ctx.secrets.signingPrivateKey);
  /** null: the account address and nobody logged in (the caller sends them to log in). */
  return async (req: FastifyRequest<{ Params: OrderAccessParams }>): Promise<OrderAccess | null> => {
    const { token, code } = req.params;
    if (token !== undefined) {
      const linked = await links.verify(token);
      return {
        actor: { kind: "orderLink", orderCode: linked },
        code: linked,
        base: `/orders/${token}`,
        guest: true,
      };
    }
    if (req.actor.kind !== "user" || code === undefined) return null;
    const own = code.toUpperCase();
    return { actor: req.actor, code: own, base: `/account/orders/${own}`, guest: false };
  };
}
