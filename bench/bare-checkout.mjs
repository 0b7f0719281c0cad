// `node bench/bare-checkout.mjs <sqlite file> <tickets>`: the rush's ceiling over HTTP, a bare Fastify
// route doing a checkout's writes (raw-checkout.mjs) for each POST, one transaction per request.
import Fastify from "fastify";
import { openRawCheckout } from "./raw-checkout.mjs";

const [file, tickets] = process.argv.slice(2);
const raw = openRawCheckout(file, Number(tickets));
const app = Fastify();
let next = 0;
app.post("/orders", async (request, reply) => {
  const sold = raw.checkout(next++, request.body?.email ?? "");
  if (!sold) return reply.code(409).send({ error: { code: "sold_out", message: "sold out" } });
  return reply.code(201).send({ ok: true });
});
app.get("/healthz", async () => ({ ok: true }));
const address = await app.listen({ port: 0, host: "127.0.0.1" });
console.log(`URL ${address}`);
