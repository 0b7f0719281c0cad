import { startFakeServer } from "./http.js";

export const SHOP_AUTH = "Bearer shop-secret-42";
/** How a ticket source reads the /v2/verify endpoint, whose names differ from the defaults. */
export const SHOP_V2_FIELDS = {
  number_field: "number",
  code_field: "pin",
  valid_field: "data.ok",
  kind_field: "data.category",
};

/**
 * A festival's own ticket shop, as the experiences connector meets it. Tickets are known by number;
 * generated ones follow a rule so race tests can use hundreds: `GOLD-7` / code `code-GOLD-7`, also
 * SILVER-n and BRONZE-n. Endpoints:
 *   POST /check           {"ticket_number","security_code"} → {"valid","kind"} (needs SHOP_AUTH)
 *   POST /v2/verify       {"number","pin"} → {"data":{"ok":"yes","category":…}} (other field names)
 *   POST /slow            answers after 3 s (timeouts)
 *   POST /broken          500
 */
export async function startFakeShop() {
  const requests: { path: string; body: string; authorization?: string }[] = [];
  const kindOf = (number: string, code: string) => {
    const match = /^(GOLD|SILVER|BRONZE|PLATIN)-\d+$/.exec(number);
    if (!match || code !== `code-${number}`) return undefined;
    const word = match[1] ?? "";
    return word.charAt(0) + word.slice(1).toLowerCase();
  };
  const server = await startFakeServer(async (req, body, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    requests.push({ path, body, authorization: req.headers.authorization });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    };
    if (path === "/broken") return json(500, { error: "down" });
    if (path === "/slow") {
      await new Promise((r) => setTimeout(r, 3000));
      return json(200, { valid: true, kind: "Gold" });
    }
    let input: Record<string, string> = {};
    try {
      input = JSON.parse(body) as Record<string, string>;
    } catch {
      return json(400, { error: "bad json" });
    }
    if (path === "/check") {
      if (req.headers.authorization !== SHOP_AUTH) return json(401, { error: "unauthorized" });
      const kind = kindOf(input.ticket_number ?? "", input.security_code ?? "");
      return json(200, kind ? { valid: true, kind } : { valid: false });
    }
    if (path === "/v2/verify") {
      const kind = kindOf(input.number ?? "", input.pin ?? "");
      return json(200, { data: { ok: kind ? "yes" : "no", category: kind ?? null } });
    }
    return json(404, { error: "no such endpoint" });
  });
  return { ...server, requests };
}
