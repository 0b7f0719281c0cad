import net, { type AddressInfo, type Socket } from "node:net";
import { startSmtpServer } from "./smtp.js";

/**
 * What the mail server does: "refused", nothing listens on its port (the server is down); "silent", it
 * accepts the connection and never says a word (a hung server, a firewall that black-holes); "up", it is
 * the real SMTP server of src/testing/smtp.ts.
 */
export type SmtpMode = "refused" | "silent" | "up";

/** A connection the silent server held: when it came, and when the client gave up and closed it. */
export interface HeldConnection {
  openedAt: number;
  closedAt?: number;
}

function listen(server: net.Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

/** A port nothing listens on (taken from the system, then let go). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await listen(probe, 0);
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * One SMTP address whose server the test turns off, silences and brings back: the platform is
 * configured once with `url`, as an installation is, and sees the mail server change under it.
 */
export async function startFaultySmtp(initial: SmtpMode = "refused") {
  const smtp = await startSmtpServer();
  const smtpPort = Number(new URL(smtp.url).port);
  const port = await freePort();
  const held: HeldConnection[] = [];
  const sockets = new Set<Socket>();
  let listener: net.Server | undefined;
  let mode: SmtpMode = "refused";

  const serve = (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
    if (mode === "silent") {
      const connection: HeldConnection = { openedAt: performance.now() };
      held.push(connection);
      socket.on("close", () => {
        connection.closedAt ??= performance.now();
      });
      return;
    }
    const onward = net.connect(smtpPort, "127.0.0.1");
    onward.on("error", () => socket.destroy());
    socket.on("close", () => onward.destroy());
    onward.on("close", () => socket.destroy());
    socket.pipe(onward).pipe(socket);
  };

  async function set(next: SmtpMode) {
    if (listener) {
      const closing = listener;
      listener = undefined;
      const closed = new Promise((resolve) => closing.close(resolve));
      // A restarted server drops whom it held; those are not clients that gave up by themselves.
      for (const c of held) c.closedAt ??= Number.NaN;
      for (const socket of sockets) socket.destroy();
      await closed;
    }
    mode = next;
    if (next === "refused") return;
    listener = net.createServer(serve);
    await listen(listener, port);
  }

  await set(initial);
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: smtp.received,
    held,
    /** How long clients waited on the silent server before they gave up, in ms (whole ones only). */
    gaveUpAfter: () =>
      held.flatMap((c) =>
        c.closedAt !== undefined && !Number.isNaN(c.closedAt) ? [c.closedAt - c.openedAt] : [],
      ),
    set,
    async close() {
      await set("refused");
      await smtp.close();
    },
  };
}
