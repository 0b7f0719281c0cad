import type { FastifyReply } from "fastify";

/**
 * The app's policy (helmet's) stays as it is, except that this one response may post its form to
 * another origin (a payment provider's checkout, a video room).
 */
export function allowFormTarget(reply: FastifyReply, origin: string) {
  const current = String(reply.getHeader("content-security-policy") ?? "");
  const kept = current
    .split(";")
    .map((d) => d.trim())
    .filter((d) => d !== "" && !d.startsWith("form-action"));
  reply.header("content-security-policy", [...kept, `form-action 'self' ${origin}`].join(";"));
}
