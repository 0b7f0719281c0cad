import { guestCardToken } from "../modules/guestcards/cards.js";
import { addMember, findOrganizer } from "../modules/organizers/service.js";
import { superadmin } from "../platform/auth/actor.js";
import { Browser, type TestApp } from "./app.js";
import { organizerOwner } from "./guestcards.js";
import { adminHeaders, type api, seedSeries } from "./ticketing.js";

/** Everyone who may knock on a route; the matrix asks each of them. */
export const ACTOR_NAMES = [
  "anonymous",
  "buyer",
  "otherBuyer",
  "exhibitor",
  "view",
  "checkin",
  "orders",
  "full",
  "ownerA",
  "adminB",
  "device",
  "partner",
  "superadmin",
] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

/** How one actor authenticates in app.inject: its headers, and the CSRF field its forms carry. */
export interface Caller {
  name: string;
  headers: Record<string, string>;
  /** What a form the actor loaded carries as `_csrf` ("" for bearer clients, who need none). */
  csrf: string;
  /** Each actor is somebody else on the network: failure counters per address stay theirs. */
  remoteAddress: string;
}

export interface World {
  t: TestApp;
  callers: Record<ActorName, Caller>;
  /** An internal account matching the audience of the "club" event, for the visibility checks. */
  member: Caller;
  /** Values for path parameters, by what they name (see the route table). */
  ids: Record<string, string>;
}

export const PASSWORD = "matrix-password-1";
const PARTNER_PASSWORD = "partner-secret-12";

/** A browser's session as headers: its cookies and the CSRF token its pages carry. */
async function callerOf(name: string, browser: Browser, n: number): Promise<Caller> {
  const page = await browser.get("/register");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error(`no CSRF token for ${name}`);
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return { name, headers: { cookie, "x-csrf-token": csrf }, csrf, remoteAddress: `127.0.1.${n}` };
}

async function registered(t: TestApp, email: string) {
  const browser = new Browser(t.app);
  const res = await browser.submit("/register", "/register", { name: email, email, password: PASSWORD });
  if (res.statusCode !== 303) throw new Error(`register ${email} → ${res.statusCode}`);
  return browser;
}

const userId = async (t: TestApp, email: string) =>
  (
    await t.ctx.db.kysely
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow()
  ).id;

/**
 * Organizer A ("org", event "series") with something of every kind a path can name, organizer B
 * ("other") with its own series, and one of each actor, each authenticated the way it really is:
 * people by the session their registration opened (admins of A hold organizer-wide grants of their
 * level), the scanner by the device token the check-in page pairs, the partner by the JWT of its
 * guest-card client. Spare rows exist for what the destructive routes remove.
 */
export async function seedWorld(t: TestApp, options: { bbbUrl: string; bbbSecret: string }): Promise<World> {
  const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 1000 });
  await seedSeries(t, { slug: "other" });
  const org = "/api/v1/organizers/org";
  const post = async (url: string, body: unknown, expect = 201) =>
    (await call<{ id: number; [key: string]: unknown }>("POST", url, body, { expect })).body;
  const ids: Record<string, string> = { date: String(dateId) };
  const id = (key: string, value: number | string) => {
    ids[key] = String(value);
  };
  id("type", typeId);

  const emails: Partial<Record<ActorName, string>> = {
    buyer: "buyer@example.org",
    otherBuyer: "other-buyer@example.org",
    exhibitor: "exhibitor@example.org",
    view: "view@example.org",
    checkin: "checkin@example.org",
    orders: "orders@example.org",
    full: "full@example.org",
  };
  const browsers = new Map<ActorName, Browser>();
  for (const [name, email] of Object.entries(emails) as [ActorName, string][])
    browsers.set(name, await registered(t, email));
  browsers.set("ownerA", await organizerOwner(t, "org", "owner-a@example.org"));
  browsers.set("adminB", await organizerOwner(t, "other", "owner-b@example.org"));
  for (const level of ["view", "checkin", "orders", "full"] as const)
    await post(`${org}/grants`, { grantee: "user", email: emails[level], level });

  // Spare dates and ticket types for the deletions; catalog: an option, a group, an information field.
  for (const key of ["spareDate", "spareDate2"])
    id(key, (await post(`${ev}/dates`, { starts_at: "2031-06-01T19:00:00Z" })).id);
  for (const key of ["spareType", "spareType2"])
    id(key, (await post(`${ev}/ticket-types`, { name: key, price: "1.00" })).id);
  const types = `${ev}/ticket-types/${typeId}`;
  id("option", (await post(`${types}/options`, { name: "Parking", price: "2.00" })).id);
  id("group", (await post(`${types}/option-groups`, { name: "Meal" })).id);
  id("field", (await post(`${types}/fields`, { label: "Diet", kind: "text", required: false })).id);
  id("quota", (await call<{ id: number }[]>("GET", `${ev}/quotas`)).body[0]?.id ?? 0);
  await post(`${ev}/vouchers`, { max_usages: 1 });

  // The buyer's order, paid, and a spare one for the cancellations.
  const buyer = browsers.get("buyer") as Browser;
  const buyerCaller = await callerOf("buyer", buyer, 1);
  const order = async () => {
    const res = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: buyerCaller.headers,
      payload: { positions: [{ ticket_type: typeId, date: dateId }] },
    });
    if (res.statusCode !== 201) throw new Error(`order → ${res.statusCode}: ${res.body}`);
    return (res.json() as { code: string }).code;
  };
  const code = await order();
  id("code", code);
  await call("POST", `${ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
  id("spareOrder", await order());
  const position = await t.ctx.db.kysely
    .selectFrom("order_positions as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select(["p.id", "p.secret"])
    .where("o.code", "=", code)
    .executeTakeFirstOrThrow();
  id("position", position.id);
  id("secret", position.secret);
  const orderPage = await buyer.get(`/account/orders/${code}`);
  const liveToken = /\/tickets\/live\/([^"/]+)"/.exec(orderPage.body)?.[1];
  if (!liveToken) throw new Error("the paid order's page links no live ticket");
  id("liveToken", liveToken);

  // Payments, exports, check-in and the paired scanner.
  const account = { provider: "manual", description: "Transfer", instructions: "IBAN" };
  for (const key of ["account", "spareAccount", "spareAccount2"])
    id(key, (await post(`${org}/payment-accounts`, account)).id);
  id("export", (await post(`${ev}/exports`, { list: "paid", format: "xlsx" }, 202)).id);
  id("list", (await post(`${ev}/checkin-lists`, { name: "Door" })).id);
  const owner = browsers.get("ownerA") as Browser;
  const paired = await owner.submit(
    "/admin/organizers/org/events/series/checkin",
    "/admin/organizers/org/events/series/checkin/devices",
    { name: "Door phone", list: ids.list as string },
  );
  const deviceToken = /device=([A-Za-z0-9_-]+)/.exec(paired.body)?.[1];
  if (!deviceToken) throw new Error(`no device token: ${paired.statusCode}`);

  // Organizer rows the destructive routes take away.
  for (const key of ["spareToken", "spareToken2", "spareToken3"])
    id(key, (await post(`${org}/tokens`, { name: key, level: "view" })).id);
  const audienceGrant = { grantee: "audience", level: "view", audience_school: "Nowhere" };
  for (const key of ["spareGrant", "spareGrant2"]) id(key, (await post(`${org}/grants`, audienceGrant)).id);
  for (const key of ["spareMember", "spareMember2"]) {
    const email = `${key.toLowerCase()}@example.org`;
    await registered(t, email);
    const organizer = await findOrganizer(t.ctx.db, superadmin, "org");
    await addMember(t.ctx.db, superadmin, organizer, await userId(t, email), "member");
    id(key, await userId(t, email));
  }
  const server = await post(`${org}/bbb-servers`, {
    name: "BBB",
    url: options.bbbUrl,
    secret: options.bbbSecret,
  });
  await post(`${org}/rooms`, { slug: "workshop", name: "Workshop", server: server.id });
  id("room", "workshop");

  // Guest cards: a municipality, forms, the partner's client (and spares), the partner's JWT.
  await post(`${org}/municipalities`, { id: 1, name: "Binz" });
  id("municipality", 1);
  const guest = {
    first_name: "Max",
    last_name: "Muster",
    email: "max@example.org",
    tariff_id: 1,
    tariff_alias: "Adult",
  };
  const form = (number: string) =>
    post(`${org}/registration-forms`, {
      municipality: 1,
      number,
      arrival_date: "2031-07-01",
      departure_date: "2031-07-08",
      guests: [guest],
    });
  const main = (await form("1")) as { id: number; guests: { id: number; auth_code: string }[] };
  id("form", main.id);
  const firstGuest = main.guests[0];
  if (!firstGuest) throw new Error("the form has no guest");
  id("guestCard", guestCardToken(t.ctx.secrets.cookieSecret, firstGuest));
  id("authCode", firstGuest.auth_code);
  for (const key of ["spareForm", "spareForm2"]) id(key, (await form(key)).id);
  const client = (username: string) =>
    post(`${org}/api-clients`, { username, password: PARTNER_PASSWORD, municipalities: [1] });
  id("client", (await client("partner-a")).id);
  for (const key of ["spareClient", "spareClient2"]) id(key, (await client(key.toLowerCase())).id);
  const jwt = (
    await call<{ token: string }>(
      "POST",
      "/api/v1/partner/token",
      { username: "partner-a", password: PARTNER_PASSWORD },
      { headers: {}, expect: 200 },
    )
  ).body.token;

  // Experiences: our own tickets as the source, the exhibitor (invited, accepted) with experiences
  // and slots of their own, a booking made with the buyer's ticket.
  const source = { type: "tessera", tessera_event: "series", allowances: { Standard: 50 } };
  for (const key of ["source", "spareSource", "spareSource2"])
    id(key, (await post(`${ev}/ticket-sources`, source)).id);
  const invite = async (name: string, email: string) =>
    (await post(`${ev}/exhibitors`, { name, email })) as { id: number; invitation_link: string };
  const invited = await invite("Studio", emails.exhibitor as string);
  const inviteToken = invited.invitation_link.split("/").pop() as string;
  const exhibitor = browsers.get("exhibitor") as Browser;
  const accepted = await exhibitor.submit(
    `/exhibitor-invitations/${inviteToken}`,
    `/exhibitor-invitations/${inviteToken}`,
    {},
  );
  if (accepted.statusCode !== 303) throw new Error(`exhibitor acceptance → ${accepted.statusCode}`);
  for (const key of ["spareExhibitor", "spareExhibitor2"])
    id(key, (await invite(key, `${key.toLowerCase()}@example.org`)).id);
  const experience = () => post(`${ev}/experiences`, { title: "Pottery", exhibitor: invited.id });
  for (const key of ["experience", "spareExperience", "spareExperience2"]) id(key, (await experience()).id);
  const slot = () =>
    post(`${ev}/experiences/${ids.experience}/slots`, {
      starts_at: "2031-03-01T10:00:00Z",
      ends_at: "2031-03-01T11:00:00Z",
      capacity: 100,
    });
  for (const key of ["slot", "freeSlot", "spareSlot", "spareSlot2"]) id(key, (await slot()).id);
  const booking = await call<{ id: number }>(
    "POST",
    `${ev}/experience-bookings`,
    { slot: Number(ids.slot), ticket_number: code, security_code: position.secret },
    { headers: {}, expect: 201 },
  );
  id("booking", booking.body.id);

  // The audience event of A: only accounts of school N7 (and A's admins) may see it.
  await post(`${org}/events`, { slug: "club", name: "Club night", currency: "EUR", visibility: "audience" });
  const club = `${org}/events/club`;
  const clubDate = await post(`${club}/dates`, { starts_at: "2031-04-01T19:00:00Z" });
  const clubType = await post(`${club}/ticket-types`, {
    name: "Members",
    price: "0",
    audiences: [{ school: "N7" }],
  });
  await post(`${club}/quotas`, { name: "Hall", size: 10, ticket_types: [clubType.id], date: clubDate.id });
  id("clubType", clubType.id);
  id("clubDate", clubDate.id);

  const mail = await t.ctx.db.kysely.selectFrom("jobs").select("id").orderBy("id").executeTakeFirstOrThrow();
  id("mailJob", mail.id);

  const callers = {} as Record<ActorName, Caller>;
  let n = 0;
  for (const name of ACTOR_NAMES) {
    n += 1;
    const browser = browsers.get(name);
    if (browser) callers[name] = await callerOf(name, browser, n);
  }
  callers.anonymous = await callerOf("anonymous", new Browser(t.app), 20);
  const bearer = (name: ActorName, token: string, k: number): Caller => ({
    name,
    headers: { authorization: `Bearer ${token}` },
    csrf: "",
    remoteAddress: `127.0.1.${k}`,
  });
  callers.device = bearer("device", deviceToken, 21);
  callers.superadmin = { ...bearer("superadmin", "", 22), headers: { ...adminHeaders } };
  // The partner's app sends its JWT as guest-card apps do; like anyone on the web it may load a form.
  const partner = await callerOf("partner", new Browser(t.app), 23);
  callers.partner = { ...partner, headers: { ...partner.headers, authorization: `JWT ${jwt}` } };

  return { t, callers, member: await clubMember(t, call), ids };
}

/** An internal account of school N7: created by a platform admin, its password set through the reset mail. */
async function clubMember(t: TestApp, call: ReturnType<typeof api>): Promise<Caller> {
  const email = "member@n7.example";
  await call("POST", "/api/v1/users", { email, name: "Member", school: "N7" }, { expect: 200 });
  const browser = new Browser(t.app);
  await browser.submit("/password/forgot", "/password/forgot", { email });
  const jobs = await t.ctx.db.kysely.selectFrom("jobs").select("payload").execute();
  const token = jobs
    .map((j) => /\/password\/reset\/([A-Za-z0-9_-]+)/.exec(j.payload)?.[1])
    .find((x) => x !== undefined);
  if (!token) throw new Error("no reset mail for the member");
  await browser.submit(`/password/reset/${token}`, `/password/reset/${token}`, { password: PASSWORD });
  const login = await browser.submit("/login", "/login", { email, password: PASSWORD });
  if (login.statusCode !== 303) throw new Error(`member login → ${login.statusCode}`);
  return callerOf("member", browser, 30);
}
