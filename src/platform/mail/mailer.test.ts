import os from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startSmtpServer } from "../../testing/smtp.js";
import { startFaultySmtp } from "../../testing/smtp-faults.js";
import { createMailer, type Mailer } from "./mailer.js";
import { MailDeliveryError } from "./smtp-error.js";

const mail = { to: "ada@example.org", subject: "Hello", text: "Hi Ada" };

/** The error a send ends with, and how long it took to get there. */
async function failedSend(mailer: Mailer) {
  const started = performance.now();
  const error = await mailer.send(mail).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe("SMTP mailer", () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0)) await undo();
  });
  const mailerFor = (smtpUrl: string, timeoutMs = 500) => {
    const mailer = createMailer({
      smtpUrl,
      from: "Tessera <t@localhost>",
      outboxDir: os.tmpdir(),
      timeoutMs,
    });
    cleanup.push(() => mailer.close());
    return mailer;
  };

  it("gives up on a server that accepts and never greets within the greeting timeout, not minutes", async () => {
    const smtp = await startFaultySmtp("silent");
    cleanup.push(smtp.close);
    const { error, ms } = await failedSend(mailerFor(smtp.url, 500));
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).code).toBe("ETIMEDOUT");
    expect((error as Error).message).toContain("GREETING_TIMEOUT");
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(5000);
    // The mailer hung up by itself: the silent server saw the connection closed by the client.
    await vi.waitFor(() => expect(smtp.gaveUpAfter()).toHaveLength(1));
  });

  it("fails at once when nothing listens on the port", async () => {
    const smtp = await startFaultySmtp("refused");
    cleanup.push(smtp.close);
    const { error, ms } = await failedSend(mailerFor(smtp.url, 10_000));
    expect((error as Error).message).toMatch(/^SMTP E[A-Z]+ \(ECONNREFUSED\) at CONN$/);
    expect(ms).toBeLessThan(5000);
  });

  it("delivers once the server is back on the same address", async () => {
    const smtp = await startFaultySmtp("refused");
    cleanup.push(smtp.close);
    const mailer = mailerFor(smtp.url);
    expect((await failedSend(mailer)).error).toBeInstanceOf(MailDeliveryError);
    await smtp.set("up");
    await mailer.send(mail);
    expect(smtp.received.map((m) => m.to)).toEqual([["ada@example.org"]]);
  });

  it("keeps the recipient out of the error when the server refuses it, quoting the address", async () => {
    const smtp = await startSmtpServer({ refuse: (to) => to === "ada@example.org" });
    cleanup.push(smtp.close);
    const { error } = await failedSend(mailerFor(smtp.url));
    expect(error).toMatchObject({ code: "EENVELOPE", responseCode: 550 });
    expect((error as Error).message).toBe("SMTP EENVELOPE reply 550 at RCPT TO");
    expect(JSON.stringify(error)).not.toContain("ada");
    // A 5xx to the envelope is final (RFC 5321): the queue gives the mail up at once, see queue.test.ts.
    expect((error as MailDeliveryError).permanent).toBe(true);
  });

  it("counts timeouts and refused connections as passing trouble worth another try", async () => {
    const smtp = await startFaultySmtp("refused");
    cleanup.push(smtp.close);
    expect(((await failedSend(mailerFor(smtp.url))).error as MailDeliveryError).permanent).toBe(false);
  });
});
