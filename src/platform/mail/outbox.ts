import fs from "node:fs";
import path from "node:path";

export interface OutboxEntry {
  file: string;
  date: string;
  to: string;
  subject: string;
  bytes: number;
}

const FILE_NAME = /^[\w.-]+\.eml$/;

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([\w-]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            "latin1",
          ).toString("utf8"),
    );
}

function headers(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const map = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) map.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return map;
}

/**
 * Without SMTP_URL mails are written to DATA_DIR/outbox (see mailer.ts); admins read them here, newest
 * first. Only the head of each file is read.
 */
export function listOutbox(dir: string, limit = 200): OutboxEntry[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => FILE_NAME.test(name))
    .sort()
    .reverse()
    .slice(0, limit)
    .map((file) => {
      const full = path.join(dir, file);
      const fd = fs.openSync(full, "r");
      try {
        const buffer = Buffer.alloc(8192);
        const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
        const h = headers(buffer.subarray(0, read).toString("utf8"));
        return {
          file,
          date: h.get("date") ?? "",
          to: h.get("to") ?? "",
          subject: h.get("subject") ?? "",
          bytes: fs.fstatSync(fd).size,
        };
      } finally {
        fs.closeSync(fd);
      }
    });
}

/** The whole message, for download; the name is checked so no path leaves the outbox. */
export function readOutboxMail(dir: string, file: string): Buffer | undefined {
  if (!FILE_NAME.test(file)) return undefined;
  const full = path.join(dir, file);
  return fs.existsSync(full) ? fs.readFileSync(full) : undefined;
}
