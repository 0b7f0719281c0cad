import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { mailDeliveryError } from "./smtp-error.js";

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
  /** SMTP_TIMEOUT_MS (config.ts); 10 s when not given. */
  timeoutMs?: number;
}

/**
 * SMTP when SMTP_URL is set; otherwise each mail is written as an .eml file into DATA_DIR/outbox so
 * a local installation can follow a password-reset link without a mail server.
 */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    // nodemailer waits up to 2 min to connect, 30 s for the greeting and 10 min of silence: a server
    // that accepts and never speaks would hold the (one-at-a-time) job worker for minutes per mail.
    const timeout = options.timeoutMs ?? 10_000;
    const transport = nodemailer.createTransport({
      url: options.smtpUrl,
      dnsTimeout: timeout,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: 3 * timeout,
    });
    return {
      async send(message) {
        try {
          await transport.sendMail({ from: options.from, ...message });
        } catch (error) {
          throw mailDeliveryError(error);
        }
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: options.from, ...message });
      fs.mkdirSync(options.outboxDir, { recursive: true });
      const file = path.join(
        options.outboxDir,
        `${Date.now()}-${info.messageId.replace(/[^\w.-]/g, "")}.eml`,
      );
      fs.writeFileSync(file, info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
