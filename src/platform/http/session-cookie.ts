import type { FastifyReply } from "fastify";
import type { Config } from "../config.js";
import { SESSION_COOKIE } from "./request.js";

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.publicUrl.startsWith("https:"),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}
