import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyServerOptions } from "fastify";

type Answer = [status: number, code: string, message: string];

const ANSWERS: Record<string, Answer> = {
  // headersTimeout or requestTimeout ran out (a slow-loris client, a body trickling in).
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request_timeout", "The request did not arrive in time"],
  HPE_HEADER_OVERFLOW: [431, "headers_too_large", "The request headers are too large"],
};
const MALFORMED: Answer = [400, "bad_request", "The request could not be read"];

/**
 * What Node's HTTP parser refuses before any route sees the request (a bad or doubled Content-Length,
 * broken chunking, headers too large, a timeout): our error shape, then the connection is closed.
 */
export const answerClientError: NonNullable<FastifyServerOptions["clientErrorHandler"]> = (error, socket) => {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, code, message] = ANSWERS[error.code] ?? MALFORMED;
  // An answer already partly written must not be followed by a second one on the same connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
};
