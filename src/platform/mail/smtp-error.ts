/**
 * Why a mail was not delivered, in words that name no one. nodemailer's messages may quote the
 * recipient ("Invalid recipient …", the server's "550 <bob@…>: unknown"), and the message ends up in the
 * job's last_error, which admins read and backups keep: only nodemailer's own codes are carried over.
 */
export class MailDeliveryError extends Error {
  override name = "MailDeliveryError";
  constructor(
    message: string,
    /** nodemailer's error code (ECONNECTION, ETIMEDOUT, EENVELOPE, …), or "unknown". */
    readonly code: string,
    /** An SMTP reply code such as 550, when the server answered with one. */
    readonly responseCode: number | undefined,
  ) {
    super(message);
  }

  /**
   * A 5xx reply to the envelope (RFC 5321: permanent, "do not repeat the same command") will not turn
   * into a delivery by trying again; the job queue then gives the mail up at once.
   */
  get permanent() {
    return this.code === "EENVELOPE" && this.responseCode !== undefined && this.responseCode >= 500;
  }
}

// Codes and command names are nodemailer's own words; anything else (an address, a reply text) is dropped.
const WORD = /^[A-Z][A-Z0-9_ -]{0,30}$/;

function word(value: unknown): string | undefined {
  return typeof value === "string" && WORD.test(value) ? value : undefined;
}

export function mailDeliveryError(error: unknown): MailDeliveryError {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const code = word(e.code) ?? "unknown";
  const cause = word(e.originalCode) ?? word(e.timeoutType);
  const responseCode =
    typeof e.responseCode === "number" && Number.isInteger(e.responseCode) ? e.responseCode : undefined;
  const command = word(e.command);
  const message = [
    `SMTP ${code}`,
    cause ? `(${cause})` : "",
    responseCode ? `reply ${responseCode}` : "",
    command ? `at ${command}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return new MailDeliveryError(message, code, responseCode);
}
