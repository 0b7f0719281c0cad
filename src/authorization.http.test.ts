import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_LEVELS } from "./platform/auth/policy.js";
import type { AdminLevel } from "./platform/db/schema.js";
import { ACTOR_NAMES, type ActorName, type Caller, seedWorld, type World } from "./testing/actors.js";
import { createTestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { startFakeBbb } from "./testing/fakes/bbb.js";
import { type Need, ROUTE_TABLE, type Rule } from "./testing/route-table.js";
import { collectRoutes, fillPath, minimalValue, type RegisteredRoute } from "./testing/routes.js";

/*
 * The authorization matrix: every route the app registers (the OpenAPI document's and the pages')
 * against every kind of actor, checked against the table in testing/route-table.ts. Path parameters
 * name organizer A's real rows; bodies are the smallest the schema accepts (or the table's).
 * "Allowed" means "not refused": no 401, no 403, no redirect to the login, no 404 that hides the
 * organizer, event or order; a 400, 404 or 409 about the minimal body is fine. Everyone else gets
 * 401, 403, 404 or (pages) the login, never a 2xx and never the buyer's data. Nothing answers 5xx.
 */

const BBB_SECRET = "matrix-bbb-secret";
const PEOPLE = new Set<ActorName>([
  "buyer",
  "otherBuyer",
  "exhibitor",
  "view",
  "checkin",
  "orders",
  "full",
  "ownerA",
  "adminB",
]);
/** The level each actor holds on A's event: grants, the owner's and the platform's "full", the scanner's token. */
const LEVEL_OF: Partial<Record<ActorName, AdminLevel>> = {
  view: "view",
  checkin: "checkin",
  orders: "orders",
  full: "full",
  ownerA: "full",
  device: "checkin",
  superadmin: "full",
};

function admits(need: Need, actor: ActorName): boolean {
  switch (need) {
    case "public":
    case "same":
      return true;
    case "known":
      return actor !== "anonymous" && actor !== "partner";
    case "person":
      return PEOPLE.has(actor);
    case "buyer":
    case "exhibitor":
    case "partner":
      return actor === need;
    case "org:view":
      return LEVEL_OF[actor] !== undefined;
    case "owner":
      return actor === "ownerA" || actor === "superadmin";
    case "platform":
      return actor === "superadmin";
    default: {
      const held = LEVEL_OF[actor];
      const wanted = need.slice("level:".length) as AdminLevel;
      return held !== undefined && ADMIN_LEVELS.indexOf(held) >= ADMIN_LEVELS.indexOf(wanted);
    }
  }
}

const allows = (rule: Rule, actor: ActorName) =>
  [rule.needs].flat().some((n) => admits(n, actor)) && (!rule.people || PEOPLE.has(actor));

/** What a path parameter names, by its name and the collection before it. */
const BY_COLLECTION: Record<string, string> = {
  // Only the destructive routes name these: spares, so the actors' own rows stay.
  tokens: "spareToken",
  members: "spareMember",
  grants: "spareGrant",
  devices: "spareToken3",
  "payment-accounts": "spareAccount",
  payments: "spareAccount2",
  exhibitors: "spareExhibitor",
  "ticket-sources": "spareSource",
  sources: "spareSource2",
  // The rows every other route reads.
  "ticket-types": "type",
  quotas: "quota",
  exports: "export",
  "checkin-lists": "list",
  "registration-forms": "form",
  forms: "form",
  "api-clients": "client",
  clients: "client",
  municipalities: "municipality",
  experiences: "experience",
  "experience-slots": "slot",
  "experience-bookings": "booking",
  dates: "date",
  mail: "mailJob",
};
const BY_NAME: Record<string, string> = {
  code: "code",
  positionId: "position",
  position: "position",
  ticket: "position",
  fieldId: "field",
  optionId: "option",
  groupId: "group",
  accountId: "account",
  slot: "spareSlot2",
  room: "room",
};
const UNKNOWN_TOKEN = "a-token-nobody-holds";

function paramValue(w: World, rule: Rule, param: string, before: string): string {
  const key = rule.params?.[param] ?? (param === "id" ? BY_COLLECTION[before] : BY_NAME[param]);
  if (key === "code" && before === "lang") return "de";
  if (key !== undefined) {
    const value = w.ids[key];
    if (value === undefined) throw new Error(`the world has no ${key}`);
    return value;
  }
  if (param === "organizer" || param === "slug") return before === "invitations" ? UNKNOWN_TOKEN : "org";
  if (param === "event") return "series";
  if (param === "token")
    return before === "live"
      ? (w.ids.liveToken as string)
      : before === "guest-cards"
        ? (w.ids.guestCard as string)
        : UNKNOWN_TOKEN;
  if (param === "paymentId") return "1";
  if (param === "file") return "nothing.eml";
  if (param === "name") return "app.css";
  if (param === "*") return before === "door" ? "checkin/decision.js" : "index.css";
  throw new Error(`no value for :${param} after ${before}`);
}

const isApi = (url: string) => url.startsWith("/api/") || url === "/healthz";

function requestFor(w: World, route: RegisteredRoute, rule: Rule, caller: Caller): InjectOptions {
  const headers: Record<string, string> = {
    ...caller.headers,
    accept: isApi(route.url) ? "application/json" : "text/html",
  };
  const url = fillPath(route.url, (param, before) => paramValue(w, rule, param, before));
  const actor = caller.name as ActorName;
  const consumes = route.schema.consumes?.filter((type) => type !== "application/json") ?? [];
  let payload: InjectOptions["payload"];
  if (route.method === "GET") payload = undefined;
  else if (rule.raw) {
    headers["content-type"] = rule.raw.type;
    payload = rule.raw.body;
  } else if (rule.body) payload = rule.body(w, actor) as object;
  else if (consumes[0]) {
    headers["content-type"] = consumes[0];
    payload = "x";
  } else if (route.schema.body) payload = minimalValue(route.schema.body) as object;
  else if (!isApi(route.url)) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams({ ...rule.form?.(w, actor), _csrf: caller.csrf }).toString();
  }
  return {
    method: route.method as InjectOptions["method"],
    url,
    headers,
    payload,
    remoteAddress: caller.remoteAddress,
  };
}

function errorOf(res: LightMyRequestResponse): { code?: string; message?: string } {
  try {
    return (res.json() as { error?: { code?: string; message?: string } }).error ?? {};
  } catch {
    return {};
  }
}

/** A scope's refusal looks like this: the organizer, event or order is "unknown" to the caller. */
const DISGUISED = /^(Organizer|Event|Order) not found$/;

/** What is wrong with this answer, or nothing. */
function judge(w: World, res: LightMyRequestResponse, allowed: boolean): string | undefined {
  const status = res.statusCode;
  const { code, message } = errorOf(res);
  const location = String(res.headers.location ?? "");
  const what = `${status} ${code ?? location}`.trim();
  if (status >= 500) return `server error ${what}`;
  const toLogin = status >= 300 && status < 400 && /^\/login(\?next=|$)/.test(location);
  if (allowed) {
    if (status === 401 || status === 403 || toLogin) return `refused (${what})`;
    if (status === 404 && message !== undefined && DISGUISED.test(message))
      return `refused as unknown (${message})`;
    return undefined;
  }
  if (status >= 200 && status < 300) return `let in (${status})`;
  if (![401, 403, 404].includes(status) && !toLogin) return `not refused (${what})`;
  for (const secret of [w.ids.secret, "buyer@example.org"] as string[])
    if (res.body.includes(secret)) return `refused, but the answer shows the buyer's data (${what})`;
  return undefined;
}

/** Reads first, then changes, then what removes rows, then the logout: each route sees a working world. */
const phase = (route: RegisteredRoute, rule: Rule) =>
  rule.last ? 3 : rule.destroys ? 2 : route.method === "GET" ? 0 : 1;

describe.each(dialects)("the authorization matrix on %s", (dialect) => {
  let w: World;
  let routes: RegisteredRoute[];
  let closeBbb = async () => {};
  beforeAll(async () => {
    const bbb = await startFakeBbb(BBB_SECRET);
    closeBbb = bbb.close;
    const collected = await collectRoutes(() => createTestApp(dialect));
    routes = collected.routes;
    w = await seedWorld(collected.built, { bbbUrl: bbb.apiUrl, bbbSecret: BBB_SECRET });
  }, 120_000);
  afterAll(async () => {
    await w?.t.close();
    await closeBbb();
  });

  const key = (route: RegisteredRoute) => `${route.method} ${route.url}`;

  it("the table has a row for every route the app registers, and no row for a route that is gone", () => {
    const registered = new Set(routes.map(key));
    const missing = [...registered].filter((k) => !(k in ROUTE_TABLE));
    const gone = Object.keys(ROUTE_TABLE).filter((k) => !registered.has(k));
    expect({ missing, gone }).toEqual({ missing: [], gone: [] });
    // The OpenAPI document describes registered routes only (and the matrix asks each of them).
    const doc = w.t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`),
    );
    expect(documented.length).toBeGreaterThan(100);
    expect(documented.filter((k) => !registered.has(k))).toEqual([]);
  });

  it("an audience event is an unknown event to outsiders in the shop, the order API, the experiences API and the embed; members see it", async () => {
    const { t, ids } = w;
    const club = "/api/v1/organizers/org/events/club";
    const embed = "/embed/org/club/experiences";
    const order = { positions: [{ ticket_type: Number(ids.clubType), date: Number(ids.clubDate) }] };
    const ask = (caller: Caller, method: "GET" | "POST", url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        payload,
        headers: { ...caller.headers, accept: isApi(url) ? "application/json" : "text/html" },
        remoteAddress: caller.remoteAddress,
      });
    const form = (caller: Caller, fields: Record<string, string> = {}) =>
      new URLSearchParams({ ...fields, _csrf: caller.csrf }).toString();
    const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
    for (const outsider of [w.callers.anonymous, w.callers.buyer, w.callers.adminB, w.callers.partner]) {
      const as = outsider.name;
      const withEmail = { ...order, email: `${as}@outside.example` };
      expect((await ask(outsider, "POST", `${club}/orders`, withEmail)).statusCode, as).toBe(404);
      expect((await ask(outsider, "GET", `${club}/experience-overview`)).statusCode, as).toBe(404);
      const guest = { ticket_number: "X", security_code: "Y" };
      expect((await ask(outsider, "POST", `${club}/experience-bookings/lookup`, guest)).statusCode, as).toBe(
        404,
      );
      expect(
        (await ask(outsider, "POST", `${club}/experience-bookings`, { ...guest, slot: 1 })).statusCode,
        as,
      ).toBe(404);
      expect(
        (await ask(outsider, "POST", `${club}/experience-bookings/1/cancel`, guest)).statusCode,
        as,
      ).toBe(404);
      expect((await ask(outsider, "GET", embed)).statusCode, as).toBe(404);
      expect((await ask(outsider, "GET", `${embed}/1/image`)).statusCode, as).toBe(404);
      for (const action of ["ticket", "book", "cancel"]) {
        const res = await t.app.inject({
          method: "POST",
          url: `${embed}/${action}`,
          payload: form(outsider, guest),
          headers: { ...outsider.headers, ...formHeaders, accept: "text/html" },
          remoteAddress: outsider.remoteAddress,
        });
        expect(res.statusCode, `${as} ${action}`).toBe(404);
      }
      // The shop keeps its reserved page (it tells people the event is for an audience); no calendar.
      expect([403, 404], as).toContain((await ask(outsider, "GET", "/e/org/club")).statusCode);
      expect((await ask(outsider, "GET", "/e/org/club/calendar.ics")).statusCode, as).toBe(404);
    }
    expect(
      await t.ctx.db.kysely
        .selectFrom("orders as o")
        .innerJoin("events as e", "e.id", "o.event_id")
        .select("o.id")
        .where("e.slug", "=", "club")
        .execute(),
    ).toEqual([]);

    // The audience and the event's admins see it everywhere and book.
    for (const insider of [w.member, w.callers.view, w.callers.superadmin]) {
      const as = insider.name;
      expect((await ask(insider, "GET", "/e/org/club")).statusCode, as).toBe(200);
      expect((await ask(insider, "GET", `${club}/experience-overview`)).statusCode, as).toBe(200);
      expect((await ask(insider, "GET", embed)).statusCode, as).toBe(200);
    }
    const booked = await ask(w.member, "POST", `${club}/orders`, order);
    expect(booked.statusCode, booked.body).toBe(201);
  });

  it("every route answers every actor as its row says", async () => {
    const problems: string[] = [];
    const ordered = routes
      .filter((route) => ROUTE_TABLE[key(route)])
      .sort((a, b) => phase(a, ROUTE_TABLE[key(a)] as Rule) - phase(b, ROUTE_TABLE[key(b)] as Rule));
    for (const route of ordered) {
      const rule = ROUTE_TABLE[key(route)] as Rule;
      // Refused actors first: they must find the world as the allowed ones leave it only afterwards.
      const actors = [...ACTOR_NAMES].sort((a, b) => Number(allows(rule, a)) - Number(allows(rule, b)));
      const answers = new Map<string, number>();
      for (const actor of actors) {
        const res = await w.t.app.inject(requestFor(w, route, rule, w.callers[actor]));
        answers.set(actor, res.statusCode);
        if ([rule.needs].flat().includes("same")) {
          if (res.statusCode >= 500)
            problems.push(`${key(route)} as ${actor}: server error ${res.statusCode}`);
          continue;
        }
        const problem = judge(w, res, allows(rule, actor));
        if (problem) problems.push(`${key(route)} as ${actor}: ${problem}`);
      }
      if ([rule.needs].flat().includes("same") && new Set(answers.values()).size > 1)
        problems.push(
          `${key(route)}: not the same answer for everyone ${JSON.stringify(Object.fromEntries(answers))}`,
        );
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
