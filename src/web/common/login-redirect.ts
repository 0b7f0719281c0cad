import type { FastifyReply, FastifyRequest } from "fastify";

/** Pages for logged-in people send anonymous visitors to the login, and back to `next` afterwards. */
export function redirectToLogin(req: FastifyRequest, reply: FastifyReply, next: string = req.url) {
  return reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}
