import net from "node:net";

/** What a hand-driven client saw: the bytes the server answered, how long until it closed, what was sent. */
export interface RawOutcome {
  response: string;
  status: number | undefined;
  /** Milliseconds from connecting until the server closed the connection. */
  ms: number;
  sent: number;
  /** The connection ended in a reset (the server closed while we were still writing). */
  reset: boolean;
}

/** A connection driven by hand: write to `socket`; `done` resolves once the server has closed it. */
export function connectRaw(port: number) {
  const started = performance.now();
  const socket = net.connect(port, "127.0.0.1");
  let response = "";
  let reset = false;
  socket.on("data", (d: Buffer) => {
    response += d.toString("latin1");
  });
  socket.on("error", () => {
    reset = true;
  });
  const done = new Promise<RawOutcome>((resolve) => {
    socket.on("close", () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      resolve({
        response,
        status: status ? Number(status) : undefined,
        ms: Math.round(performance.now() - started),
        sent: socket.bytesWritten,
        reset,
      });
    });
  });
  return { socket, done, closed: () => socket.destroyed };
}

type Feed = (socket: net.Socket, closed: () => boolean) => Promise<void> | void;

function exchange(port: number, feed: Feed): Promise<RawOutcome> {
  const { socket, done, closed } = connectRaw(port);
  socket.once("connect", () => void feed(socket, closed));
  return done;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `head`, then one `drip` every `everyMs`, never finishing, until the server closes the connection. */
export function slowClient(port: number, head: string, drip = "x", everyMs = 200) {
  return exchange(port, async (socket, closed) => {
    socket.write(head);
    while (!closed()) {
      await pause(everyMs);
      if (!closed()) socket.write(drip);
    }
  });
}

/**
 * Sends `head`, then a body of `bytes` as fast as the server takes it (in chunked encoding when
 * `chunked`), until done or closed.
 */
export function floodClient(port: number, head: string, bytes: number, chunked = false) {
  const chunk = Buffer.alloc(64 * 1024, "a");
  return exchange(port, async (socket, closed) => {
    socket.write(head);
    let left = bytes;
    while (left > 0 && !closed()) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      const framed = chunked
        ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n")])
        : part;
      if (!socket.write(framed))
        await new Promise((resolve) => socket.once("drain", resolve).once("close", resolve));
    }
    if (chunked && !closed()) socket.write("0\r\n\r\n");
  });
}

/** Sends `text` and ends its side; resolves when the server has answered and closed. */
export function sendRaw(port: number, text: string) {
  return exchange(port, (socket) => void socket.end(text));
}
